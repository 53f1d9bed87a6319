// A notice to the household on every step of its application's case, and on the decision. Runs in
// the event dispatcher's transaction; idempotent by the event id.
import { SYSTEM_ACTOR, on, type DomainEvent, type Tx } from '#kernel';
import { getApplication, reviewRequestUntil, PROGRAMMES } from '#assistance';
import { PLAIN_STATES, PLAIN_TRANSITIONS } from '../cases/plain-words';
import { sendNotice } from './notices.service';

interface CasePayload { subjectType: string; subjectId: string; state?: string; to?: string; transition?: string }

const yuan = (fen: number) => (fen / 100).toFixed(2).replace(/\.00$/, '');

export async function noticeOfCaseStep(e: DomainEvent<CasePayload>, tx: Tx): Promise<void> {
  if (e.payload.subjectType !== 'assistance_application') return;
  const app = await getApplication(tx, SYSTEM_ACTOR, Number(e.payload.subjectId)).catch(() => null);
  if (!app) return;
  const state = e.payload.to ?? e.payload.state ?? '';
  const plain = PLAIN_STATES[state] ?? { title: state, text: '' };
  const programme = PROGRAMMES[app.programme as keyof typeof PROGRAMMES] ?? app.programme;
  let body = [PLAIN_TRANSITIONS[e.payload.transition ?? (e.type === 'workflow.started' ? 'start' : '')], plain.text].filter(Boolean).join('。');
  if (state === 'enrolled') {
    const amount = (app.calculation as { monthlyAmountFen?: number } | null)?.monthlyAmountFen;
    body = `您的${programme}申请已批准${amount != null ? `，每月 ${yuan(amount)} 元` : ''}${app.fromMonth ? `，从 ${app.fromMonth.slice(0, 4)} 年 ${Number(app.fromMonth.slice(5, 7))} 月起发放到您家登记的银行账户` : ''}。怎么算出来的，请在“我的申请”里查看。`;
  } else if (state === 'refused') {
    // counted from the refusal itself: the notice may be delivered after a review was already asked for
    const until = await reviewRequestUntil(tx, { ...app, decision: 'refused', decidedAt: e.occurredAt });
    body = `您的${programme}申请没有批准。原因：${app.refusalReasons ?? '见告知书'}。${until ? `如有不同意见，可以在 ${until} 前在手机上申请复核。` : ''}`;
  }
  await sendNotice(tx, {
    householdId: app.householdId, applicationId: app.id, sourceKey: `event:${e.id}`,
    title: `${programme}申请：${plain.title}`, body,
  });
}

on('workflow.started', 'citizen.noticeOfCaseStart', noticeOfCaseStep);
on('workflow.transitioned', 'citizen.noticeOfCaseStep', noticeOfCaseStep);
