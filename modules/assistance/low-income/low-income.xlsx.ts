// 低收入人口名册 as a workbook: who exported it and when, the filter, then one row per recognition.
import ExcelJS from 'exceljs';
import { fenToYuan, type Actor, type DivisionDirectory } from '#kernel';
import type { presentRecognition } from './low-income.service';

const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

export async function registerWorkbook(
  rows: ReturnType<typeof presentRecognition>[], actor: Actor, divisions: DivisionDirectory, filter: string, now = new Date(),
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = actor.displayName;
  wb.created = now;
  const ws = wb.addWorksheet('低收入人口名册');
  const scope = actor.divisionCode ? `${divisions.name(actor.divisionCode) ?? actor.divisionCode}（${actor.divisionCode}）` : '全市';
  const columns = [
    { header: '认定编号', width: 10 }, { header: '类别', width: 18 }, { header: '户主', width: 12 }, { header: '家庭编号', width: 10 },
    { header: '区划代码', width: 14 }, { header: '所在地', width: 28 }, { header: '人数', width: 8 }, { header: '人均月收入（元）', width: 16 },
    { header: '有效期起', width: 12 }, { header: '有效期止', width: 12 }, { header: '状态', width: 10 }, { header: '认定人', width: 12 }, { header: '注销原因', width: 24 },
  ];
  [`低收入人口名册（低保边缘家庭、刚性支出困难家庭）`, `导出人：${actor.displayName}（${actor.username}）`, `导出时间：${chinaTime(now)}（北京时间）`, `范围：${scope}；${filter}`]
    .forEach((text, i) => {
      const row = ws.addRow([text]);
      ws.mergeCells(row.number, 1, row.number, columns.length);
      if (i === 0) row.font = { bold: true, size: 14 };
    });
  ws.addRow([]);
  ws.addRow(columns.map((c) => c.header)).font = { bold: true };
  columns.forEach((c, i) => { ws.getColumn(i + 1).width = c.width; });
  for (const r of rows) {
    ws.addRow([
      r.id, r.categoryName, r.headName, r.householdId, r.divisionCode, r.divisionName, r.persons, Number(fenToYuan(r.perCapitaIncomeFen)),
      r.validFrom, r.validTo, r.validityName, r.recognisedByName, r.cancelReason ?? '',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
