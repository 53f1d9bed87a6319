// The report as a PDF, made on the server without a browser: pdfkit (pure JavaScript) with a CJK font
// from the system (fonts-wqy-zenhei by default; MZ_CJK_FONT names another TTF/TTC). The font is
// subset into the file, so the PDF reads the same on any machine.
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { DomainError, maskIdNumber } from '#kernel';
import type { ReportView } from './requests/requests.service';
import type { Report } from './requests/report.rules';

const FONT = process.env.MZ_CJK_FONT ?? '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
const FAMILY = process.env.MZ_CJK_FONT_FAMILY ?? 'WenQuanYiZenHei';
const SEVERITY = { high: '重大', medium: '一般', info: '提示' } as const;
const yuan = (fen: number) => (fen / 100).toFixed(2);

export function reportPdf(view: ReportView, printedBy: string): Promise<Buffer> {
  if (!existsSync(FONT)) {
    throw new DomainError('PDF_FONT_MISSING', '服务器未安装中文字体（fonts-wqy-zenhei），暂不能生成 PDF，请使用打印版', { status: 503 });
  }
  const { request: r } = view;
  const report = r.report as Report | null;
  if (!report) throw new DomainError('REPORT_PENDING', '报告尚未完成：仍有部门未应答', { status: 409 });
  const persons = r.persons as { personId: number; name: string; idNumber: string; age: number }[];
  const declared = r.declared as { monthlyIncomeFen: number; financialFen: number; vehicles: number; extraHousing: number };
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `家庭经济状况核对报告 ${r.reportNo}`, Author: '民政一体化服务平台' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject); });
  doc.font(FONT, FAMILY);
  doc.fontSize(18).text('家庭经济状况核对报告', { align: 'center' }).moveDown(0.5);
  doc.fontSize(10).text(`报告编号：${r.reportNo}　　出具日期：${r.completedAt?.toISOString().slice(0, 10) ?? ''}　　有效期至：${r.validUntil ?? ''}`);
  doc.text(`核对事由：${r.purpose}　　户籍地区划：${r.divisionCode}　　经办：${r.requestedByName}`).moveDown();
  const heading = (t: string) => doc.moveDown(0.5).fontSize(13).text(t).fontSize(10).moveDown(0.3);
  heading('一、核对对象');
  for (const p of persons) doc.text(`${p.name}　${maskIdNumber(p.idNumber)}　${p.age} 岁`);
  heading('二、各部门核对结果');
  for (const s of report.sources) doc.text(`${s.name}：${s.summary}`);
  heading('三、汇总与比对（申报 / 核实 / 限额）');
  doc.text(`家庭月收入（元）：${yuan(declared.monthlyIncomeFen)} / ${yuan(report.totals.monthlyIncomeFen)} / ${yuan(report.limits.incomeLimitFen)}（标准 ${yuan(report.limits.standardFen)} × ${report.limits.members} 人）`);
  doc.text(`存款、证券（元）：${yuan(declared.financialFen)} / ${yuan(report.totals.financialAssetsFen)} / ${yuan(report.limits.financialLimitFen)}`);
  doc.text(`机动车（辆）：${declared.vehicles} / ${report.totals.vehicles} / ${report.limits.maxVehicles}`);
  doc.text(`唯一住房外住房（处）：${declared.extraHousing} / ${report.totals.extraHousing} / ${report.limits.maxExtraHousing}`);
  heading('四、差异');
  if (report.discrepancies.length === 0) doc.text('未发现差异。');
  for (const d of report.discrepancies) doc.text(`【${SEVERITY[d.severity]}】${d.title}：${d.message}`);
  if (!report.complete) doc.moveDown(0.5).text('部分部门未应答，本报告不完整，相关事项须线下补充核对。');
  doc.moveDown(2).text(`打印人：${printedBy}　　打印时间：${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`);
  doc.end();
  return done;
}
