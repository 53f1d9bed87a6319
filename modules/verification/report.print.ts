// The printable report (核对报告): one HTML page a browser prints as it is, with the report number,
// per-source findings, totals against the declaration and the limits, and the discrepancies.
import { maskIdNumber } from '#kernel';
import type { ReportView } from './requests/requests.service';
import type { Report } from './requests/report.rules';
import { FINDING_KINDS, type FindingKind } from './sources/catalogue';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const yuan = (fen: number | null | undefined) => (fen == null ? '—' : (fen / 100).toFixed(2));
const SEVERITY = { high: '重大', medium: '一般', info: '提示' } as const;

export function reportHtml(view: ReportView, printedBy: string): string {
  const { request: r, findings } = view;
  const report = r.report as (Report & { urbanRural: string }) | null;
  const persons = r.persons as { personId: number; name: string; idNumber: string; age: number }[];
  const declared = r.declared as { monthlyIncomeFen: number; financialFen: number; vehicles: number; extraHousing: number };
  const name = (id: number) => persons.find((p) => p.personId === id)?.name ?? id;
  const body = !report ? '<p>报告尚未完成：仍有部门未应答。</p>' : `
  <h2>一、核对对象</h2>
  <table><tr><th>姓名</th><th>公民身份号码</th><th>年龄</th></tr>
  ${persons.map((p) => `<tr><td>${esc(p.name)}</td><td>${esc(maskIdNumber(p.idNumber))}</td><td>${p.age}</td></tr>`).join('')}</table>
  <h2>二、各部门核对结果</h2>
  <table><tr><th>数据来源</th><th>结果</th></tr>
  ${report.sources.map((s) => `<tr><td>${esc(s.name)}</td><td>${esc(s.summary)}</td></tr>`).join('')}</table>
  <table><tr><th>来源</th><th>成员</th><th>类别</th><th>编号</th><th>月收入（元）</th><th>金额（元）</th><th>日期</th><th>说明</th></tr>
  ${findings.map((f) => `<tr><td>${esc(report.sources.find((s) => s.code === f.sourceCode)?.name ?? f.sourceCode)}</td><td>${esc(name(f.personId))}</td><td>${esc(FINDING_KINDS[f.kind as FindingKind] ?? f.kind)}</td><td>${esc(f.reference)}</td><td>${yuan(f.monthlyIncomeFen || null)}</td><td>${yuan(f.amountFen || null)}</td><td>${esc(f.eventDate ?? '')}</td><td>${esc(f.detail)}</td></tr>`).join('')}</table>
  <h2>三、汇总与比对</h2>
  <table><tr><th>项目</th><th>申报</th><th>核实</th><th>限额</th></tr>
  <tr><td>家庭月收入（元）</td><td>${yuan(declared.monthlyIncomeFen)}</td><td>${yuan(report.totals.monthlyIncomeFen)}</td><td>${yuan(report.limits.incomeLimitFen)}（标准 ${yuan(report.limits.standardFen)} × ${report.limits.members} 人）</td></tr>
  <tr><td>存款、证券（元）</td><td>${yuan(declared.financialFen)}</td><td>${yuan(report.totals.financialAssetsFen)}</td><td>${yuan(report.limits.financialLimitFen)}</td></tr>
  <tr><td>机动车（辆）</td><td>${declared.vehicles}</td><td>${report.totals.vehicles}</td><td>${report.limits.maxVehicles}</td></tr>
  <tr><td>唯一住房外住房（处）</td><td>${declared.extraHousing}</td><td>${report.totals.extraHousing}</td><td>${report.limits.maxExtraHousing}</td></tr></table>
  <h2>四、差异</h2>
  ${report.discrepancies.length === 0 ? '<p>未发现差异。</p>' : `<table><tr><th>程度</th><th>事项</th><th>说明</th></tr>
  ${report.discrepancies.map((d) => `<tr><td>${SEVERITY[d.severity]}</td><td>${esc(d.title)}</td><td>${esc(d.message)}</td></tr>`).join('')}</table>`}
  ${report.complete ? '' : '<p class="warn">部分部门未应答，本报告不完整，相关事项须线下补充核对。</p>'}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>家庭经济状况核对报告 ${esc(r.reportNo)}</title>
<style>body{font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC",sans-serif;margin:2em;font-size:14px}h1{text-align:center;font-size:22px}h2{font-size:16px;margin-top:1.5em}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #555;padding:4px 6px;text-align:left}th{background:#eee}.meta{display:flex;justify-content:space-between}.warn{color:#a00}
@media print{body{margin:1cm}}</style></head><body>
<h1>家庭经济状况核对报告</h1>
<div class="meta"><span>报告编号：${esc(r.reportNo)}</span><span>出具日期：${esc(r.completedAt?.toISOString().slice(0, 10) ?? '')}</span><span>有效期至：${esc(r.validUntil ?? '')}</span></div>
<p>核对事由：${esc(r.purpose)}　　申请人户籍地区划：${esc(r.divisionCode)}　　申请人：${esc(r.requestedByName)}（经办）</p>
${body}
<p style="margin-top:2em">打印人：${esc(printedBy)}　　打印时间：${esc(new Date().toISOString().replace('T', ' ').slice(0, 16))} UTC</p>
</body></html>`;
}
