// A programme paid in parts (a tekun person's basic support and care standard) is one row of the bank
// file and the roster, its sum; the bank's return of that row answers both lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, inTransaction, type Actor } from '#kernel';
import { buildPlatform, buildUser } from '../../test/factories';
import type { Platform } from '../../apps/server/src/platform';
import { runPayroll, signPayroll } from './payroll.service';
import { exportBankFile } from './payroll.export';
import { importBankReturn } from './bank-return.service';
import { entitle, linesOf, payee } from './payments.testing';

const MONTH = '2025-06';
let p: Platform;
let approver: Actor;
let runId: number;
const homes: Record<'tekun' | 'dibao', Awaited<ReturnType<typeof payee>>> = {} as never;

async function text(stream: NodeJS.ReadableStream) {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  p = await buildPlatform();
  approver = await buildUser(p, 'county_approver', '140321');
  homes.tekun = await payee(p, '140321100201', 1);
  homes.dibao = await payee(p, '140321100202');
  await entitle(p, homes.tekun, 'tekun', 76700, MONTH);
  await entitle(p, homes.tekun, 'tekun_care', 30000, MONTH);
  await entitle(p, homes.dibao, 'dibao', 58750, MONTH);
  ({ runId } = await runPayroll(p.db, SYSTEM_ACTOR, { month: MONTH, countyCode: '140321' }));
  await inTransaction(p.db, (tx) => signPayroll(tx, SYSTEM_ACTOR, runId));
});
afterAll(async () => { await p?.close(); });

describe('a programme paid in parts', () => {
  it('keeps a line per part in the payroll', async () => {
    expect((await linesOf(p, runId)).filter((l) => l.household_id === homes.tekun.householdId).map((l) => [l.programme, Number(l.amount_fen)]))
      .toEqual([['tekun', 76700], ['tekun_care', 30000]]);
  });

  it('is one row of the bank file, under its programme, with the sum', async () => {
    const file = await exportBankFile(p.db, p.divisions, approver, runId, 'csv');
    expect(file).toMatchObject({ rows: 2, totalFen: 76700 + 30000 + 58750 });
    const rows = (await text(file.stream)).trim().split('\r\n').slice(1).map((r) => r.split(','));
    expect(rows.map((r) => [r[0], r[4], r[5], r[6]])).toEqual([
      ['1', homes.tekun.account, '1067.00', '特困人员救助供养'],
      ['2', homes.dibao.account, '587.50', '最低生活保障'],
    ]);
  });

  it("takes the bank's answer to that row for both lines: a failure is followed up line by line", async () => {
    const csv = ['银行账号,金额,状态,失败原因', `${homes.tekun.account},1067.00,失败,账户已销户`, `${homes.dibao.account},587.50,成功,`].join('\r\n');
    const report = await importBankReturn(p.db, approver, runId, Buffer.from(csv), 'return.csv');
    expect(report).toMatchObject({ rows: 2, succeeded: 1, failed: 1, flagged: 1, alreadyFlagged: 0, unreported: 0, problems: [] });
    const { rows } = await p.db.orm.execute(sql`SELECT programme, amount_fen::int AS fen, reason FROM payments.payment_failures WHERE run_id = ${runId} ORDER BY programme`);
    expect(rows).toEqual([
      { programme: 'tekun', fen: 76700, reason: '账户已销户' },
      { programme: 'tekun_care', fen: 30000, reason: '账户已销户' },
    ]);
    const again = await importBankReturn(p.db, approver, runId, Buffer.from(csv), 'return.csv');
    expect(again).toMatchObject({ failed: 1, flagged: 0, alreadyFlagged: 1 });
    // a part's own amount is not a row of the bank file
    const part = await importBankReturn(p.db, approver, runId, Buffer.from(['银行账号,金额,状态,失败原因', `${homes.tekun.account},300.00,成功,`].join('\r\n')), 'return.csv');
    expect(part.problems).toEqual([expect.objectContaining({ row: 2, code: 'AMOUNT_MISMATCH' })]);
    expect(part.problems[0].message).toContain('1067.00');
  });
});
