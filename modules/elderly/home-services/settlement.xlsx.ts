// 服务券结算单 as a workbook: who exported it and when, the provider and month, one row per order, totals.
import ExcelJS from 'exceljs';
import { fenToYuan, type Actor } from '#kernel';
import type { settlementStatement } from './settlement.service';

const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

export async function settlementWorkbook(s: Awaited<ReturnType<typeof settlementStatement>>, actor: Actor, now = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = actor.displayName;
  wb.created = now;
  const ws = wb.addWorksheet(`${s.month} 服务券结算`);
  const columns = [
    { header: '工单号', width: 10 }, { header: '完成日期', width: 12 }, { header: '老年人', width: 10 }, { header: '身份证号', width: 20 },
    { header: '区划代码', width: 14 }, { header: '服务项目', width: 16 }, { header: '单价（元）', width: 10 }, { header: '数量', width: 8 },
    { header: '单位', width: 6 }, { header: '服务人员', width: 10 }, { header: '金额（元）', width: 11 }, { header: '服务券（元）', width: 11 },
    { header: '个人自付（元）', width: 13 }, { header: '评价', width: 6 }, { header: '机构入住', width: 8 },
  ];
  const status = s.settled ? `已结算：${s.settled.confirmedByName} 于 ${chinaTime(s.settled.confirmedAt)} 确认` : '未结算（草稿，以确认后的结算单为准）';
  [`政府购买居家养老服务券结算单（${s.month}）`, `服务商：${s.provider.name}（统一社会信用代码 ${s.provider.creditCode}）`, status,
    `导出人：${actor.displayName}（${actor.username}）  导出时间：${chinaTime(now)}（北京时间）`].forEach((text, i) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, columns.length);
    if (i === 0) row.font = { bold: true, size: 14 };
  });
  ws.addRow([]);
  ws.addRow(columns.map((c) => c.header)).font = { bold: true };
  columns.forEach((c, i) => { ws.getColumn(i + 1).width = c.width; });
  for (const r of s.rows) {
    ws.addRow([r.id, r.completedOn, r.name, r.idNumber, r.divisionCode, r.itemName, Number(fenToYuan(r.unitPriceFen)), r.quantity, r.unit, r.workerName,
      Number(fenToYuan(r.amountFen)), Number(fenToYuan(r.voucherFen)), Number(fenToYuan(r.copayFen)), r.rating ?? '', r.inInstitution ? '是' : '']);
  }
  const t = ws.addRow(['合计', `${s.totals.orders} 单`, '', '', '', '', '', '', '', '', Number(fenToYuan(s.totals.amountFen)), Number(fenToYuan(s.totals.voucherFen)), Number(fenToYuan(s.totals.copayFen))]);
  t.font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
