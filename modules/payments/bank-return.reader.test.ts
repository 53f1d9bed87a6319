import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parseCsv, readBankReturn } from './bank-return.reader';

describe('bank return reader', () => {
  it('parses quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b,1","c ""x""\nd"\r\n1,2,3')).toEqual([['a', 'b,1', 'c "x"\nd'], ['1', '2', '3']]);
  });

  it('reads a UTF-8 CSV with a BOM, finds the header and reports bad rows by their row number', async () => {
    const csv = '\uFEFF阳泉银行回盘\r\n银行账号,金额,状态,失败原因\r\n6228480012345678901,587.00,成功,\r\n6228480012345678902,100,失败,账户已销户\r\nabc,1,成功,\r\n6228480012345678903,1.234,成功,\r\n6228480012345678904,5,未知,\r\n';
    const r = await readBankReturn(Buffer.from(csv), 'return.csv');
    expect(r.rows).toEqual([
      { row: 3, account: '6228480012345678901', amountFen: 58700, failed: false, reason: null },
      { row: 4, account: '6228480012345678902', amountFen: 10000, failed: true, reason: '账户已销户' },
    ]);
    expect(r.problems.map((p) => [p.row, p.code])).toEqual([[5, 'ACCOUNT_INVALID'], [6, 'AMOUNT_INVALID'], [7, 'STATUS_INVALID']]);
  });

  it('reads a GBK CSV as banks write them', async () => {
    const gbk = Buffer.from('d2f8d0d0d5cbbac52cbdf0b6ee2cd7b4ccac2ccaa7b0dcd4add2f20d0a363232383438303031323334353637383930312c31302e35302cb3c9b9a62c0d0a', 'hex');
    const r = await readBankReturn(gbk, 'return.csv');
    expect(r.rows).toEqual([{ row: 2, account: '6228480012345678901', amountFen: 1050, failed: false, reason: null }]);
  });

  it('reads an xlsx with amounts as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('回盘');
    ws.addRow(['银行账号', '金额', '状态', '失败原因']);
    ws.addRow(['6228480012345678901', 587.5, '失败', '户名不符']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await readBankReturn(buf, 'return.xlsx');
    expect(r.rows).toEqual([{ row: 2, account: '6228480012345678901', amountFen: 58750, failed: true, reason: '户名不符' }]);
  });
});
