import { Timeline, Typography } from 'antd';
import type { Step } from '../api/assistance-reports';

/** A calculation's steps in order, each with the rule it applies. */
export function ExplanationList({ steps }: { steps: Step[] }) {
  return (
    <Timeline
      style={{ marginTop: 8 }}
      items={steps.map((s) => ({
        color: /不符合|不属于|(?<!未)超过|不低于|高于|应受理低保/.test(s.text) ? 'red' : /认定为|属于/.test(s.text) ? 'green' : 'blue',
        content: (
          <div>
            <div>{s.text}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.rule}</Typography.Text>
          </div>
        ),
      }))}
    />
  );
}
