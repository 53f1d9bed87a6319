// The single-case calculation keeps the month's dated parameters in process: a standard set in this
// process is used at once; a value changed by another process is used once the TTL has passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PARAMETER_CACHE_TTL_MS, SYSTEM_ACTOR, cachedParameterTable, inTransaction } from '#kernel';
import { buildPlatform } from '../../test/factories';
import type { Platform } from '../../apps/server/src/platform';
import { calculateWithParameters } from './calculator.service';
import { setAssistanceStandard } from './standards.service';
import type { CalculationInput } from './calculator.schemas';

let p: Platform;
beforeAll(async () => { p = await buildPlatform(); });
afterAll(async () => { await p?.close(); });

const single = (month: string) => ({
  programme: 'dibao', divisionCode: '140321100201', urbanRural: 'rural', month,
  members: [{ age: 44 }], incomes: [], assets: { financialFen: 0, vehicles: 0, extraHousing: 0 },
}) as unknown as CalculationInput;

describe('parameter cache of the single-case calculation', () => {
  it('serves repeated calculations from one load and sees a standard set through the standards service at once', async () => {
    const first = await calculateWithParameters(p.db.orm, single('2020-06'));
    expect(first.standardFen).toBe(41800);
    const table = await cachedParameterTable(p.db.orm, ['dibao.standard.rural'], '2020-06-01');
    expect(await cachedParameterTable(p.db.orm, ['dibao.standard.rural'], '2020-06-01')).toBe(table);
    await inTransaction(p.db, (tx) => setAssistanceStandard(tx, SYSTEM_ACTOR, {
      key: 'dibao.standard.rural', divisionCode: '140321', effectiveFrom: '2020-06-01', value: 40_000, reason: '测试：平定县标准',
    }));
    expect(await cachedParameterTable(p.db.orm, ['dibao.standard.rural'], '2020-06-01')).not.toBe(table);
    const after = await calculateWithParameters(p.db.orm, single('2020-06'));
    expect(after.standardFen).toBe(40_000);
    expect(after.monthlyAmountFen).toBe(40_000);
    // Another county and an earlier month keep the city's value.
    expect((await calculateWithParameters(p.db.orm, { ...single('2020-06'), divisionCode: '140311100001' } as CalculationInput)).standardFen).toBe(41800);
    expect((await calculateWithParameters(p.db.orm, single('2020-05'))).standardFen).toBe(41800);
  });

  it('takes a value written by another process once the TTL has passed', async () => {
    const now = Date.now();
    const read = async (at: number) => (await cachedParameterTable(p.db.orm, ['dibao.standard.urban'], '2020-03-01', at)).get<number>('dibao.standard.urban', '140321').value;
    expect(await read(now)).toBe(58_700);
    // Not through setParameter: as if written by another server process.
    await p.db.orm.execute(sql`UPDATE kernel.parameters SET value = '59900'::jsonb WHERE key = 'dibao.standard.urban' AND division_code = '1403' AND effective_from = '2020-01-01'`);
    expect(await read(now + 1_000)).toBe(58_700);
    expect(await read(now + PARAMETER_CACHE_TTL_MS + 1)).toBe(59_900);
  });
});
