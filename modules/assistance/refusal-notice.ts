// 不予确认告知书: the written refusal, with reasons, the calculation it rests on, and the remedy.
// Pure rendering; every value is escaped.
import type { ApplicationRow } from './schema';
import type { CalculationResult } from './calculator.schemas';
import { PROGRAMMES, type Programme } from './applications.schemas';
import { yuan } from './explain';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

export function renderRefusalNotice(app: ApplicationRow, issuedOn = new Date()): string {
  const calc = app.calculation as (CalculationResult & { month?: string }) | null;
  const programme = PROGRAMMES[app.programme as Programme] ?? app.programme;
  const date = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }).format(issuedOn);
  const steps = calc?.explanation?.length
    ? `<ol>${calc.explanation.map((s) => `<li>${esc(s.text)}<span class="rule">（依据：${esc(s.rule)}）</span></li>`).join('')}</ol>`
    : '<p>（未能形成计算说明。）</p>';
  const summary = calc
    ? `<p>计算月份：${esc(calc.month ?? '')}；计入家庭人口 ${calc.membersCounted} 人；适用标准 ${yuan(calc.standardFen)} 元/人·月；家庭月人均收入 ${yuan(calc.perCapitaIncomeFen)} 元；计算结果：${calc.eligible ? '符合' : '不符合'}条件。</p>`
    : '';
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(programme)}不予确认告知书</title>
<style>body{font-family:"SimSun","Songti SC",serif;max-width:720px;margin:2em auto;line-height:1.8}h1{text-align:center;font-size:1.4em}.rule{color:#555;font-size:.9em}.sign{text-align:right;margin-top:3em}@media print{body{margin:0}}</style>
</head><body>
<h1>${esc(programme)}不予确认告知书</h1>
<p>${esc(app.applicantName)}（公民身份号码 ${esc(app.applicantIdMasked)}）：</p>
<p>您于 ${esc(app.createdAt.toISOString().slice(0, 10))} 提出的${esc(programme)}申请（申请编号 ${app.id}），经调查核实、公示和审核，决定不予确认。</p>
<h2>理由</h2>
<p class="reasons">${esc(app.refusalReasons)}</p>
<h2>计算说明</h2>
${summary}
${steps}
<h2>救济途径</h2>
<p>如对本决定有异议，可在收到本告知书之日起向受理窗口申请复核；也可依法申请行政复议或者提起行政诉讼。</p>
<p class="sign">${date}</p>
</body></html>`;
}
