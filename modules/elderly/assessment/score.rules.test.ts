import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ITEMS } from './items';
import { checkAnswers, levelOfTotal, score, type ScoreInput } from './score.rules';

const noEvents = { fall: 0, choking: 0, selfHarm: 0, wandering: 0, other: 0 };

/** Answers whose total is `total`: every item at its maximum, then lowered from the last item back. */
function answersWithTotal(total: number): Record<string, number> {
  const a = Object.fromEntries(ITEMS.map((i) => [i.key, i.max]));
  let over = 90 - total;
  for (const item of [...ITEMS].reverse()) {
    const cut = Math.min(item.max, over);
    a[item.key] -= cut;
    over -= cut;
  }
  return a;
}

const input = (total: number, over: Partial<ScoreInput> = {}): ScoreInput => ({
  answers: answersWithTotal(total), dementia: false, psychiatricDiagnosis: false, riskEvents30d: noEvents, coma: false, ...over,
});

describe('capability assessment scoring (GB/T 42195-2022)', () => {
  it('has 26 items whose maxima sum to 32, 15, 28 and 15', () => {
    expect(ITEMS).toHaveLength(26);
    const sum = (d: string) => ITEMS.filter((i) => i.domain === d).reduce((a, i) => a + i.max, 0);
    expect([sum('selfCare'), sum('motor'), sum('mental'), sum('perception')]).toEqual([32, 15, 28, 15]);
    for (const i of ITEMS) expect(i.options).toHaveLength(i.max + 1);
  });

  it.each([
    [90, 0], [89, 1], [66, 1], [65, 2], [46, 2], [45, 3], [30, 3], [29, 4], [0, 4],
  ])('a total of %i gives level %i', (total, level) => {
    const r = score(input(total));
    expect(r.total).toBe(total);
    expect(r.initialLevel).toBe(level);
    expect(r.level).toBe(level);
    expect(r.adjustments).toEqual([]);
    expect(levelOfTotal(total)).toBe(level);
  });

  it('adds the domain subtotals into the total', () => {
    const r = score(input(70));
    expect(r.subtotals.selfCare + r.subtotals.motor + r.subtotals.mental + r.subtotals.perception).toBe(70);
    expect(score(input(90)).subtotals).toEqual({ selfCare: 32, motor: 15, mental: 28, perception: 15 });
  });

  it('raises one level for dementia, naming the rule', () => {
    const r = score(input(70, { dementia: true }));
    expect([r.initialLevel, r.level]).toEqual([1, 2]);
    expect(r.adjustments).toHaveLength(1);
    expect(r.adjustments[0]).toMatchObject({ rule: 'raiseOneLevel', grounds: ['dementia'], from: 1, to: 2 });
    expect(r.adjustments[0].text).toContain('痴呆');
  });

  it('raises only one level however many grounds apply', () => {
    const r = score(input(50, { dementia: true, psychiatricDiagnosis: true, riskEvents30d: { ...noEvents, fall: 1, wandering: 2 } }));
    expect([r.initialLevel, r.level]).toEqual([2, 3]);
    expect(r.adjustments).toHaveLength(1);
    expect(r.adjustments[0].grounds).toEqual(['dementia', 'psychiatricDiagnosis', 'riskEvents']);
  });

  it('counts two risk events across types, and one is not enough', () => {
    expect(score(input(90, { riskEvents30d: { ...noEvents, fall: 1, choking: 1 } })).level).toBe(1);
    expect(score(input(90, { riskEvents30d: { ...noEvents, fall: 1 } })).level).toBe(0);
  });

  it('never raises past 完全失能', () => {
    const r = score(input(10, { dementia: true, psychiatricDiagnosis: true, coma: true, riskEvents30d: { ...noEvents, other: 5 } }));
    expect([r.initialLevel, r.level]).toEqual([4, 4]);
    expect(r.adjustments).toEqual([]);
  });

  it('takes coma to 完全失能, or to 重度 where the local reading says so', () => {
    expect(score(input(90, { coma: true }))).toMatchObject({ level: 4, adjustments: [{ rule: 'coma', from: 0, to: 4 }] });
    expect(score(input(90, { coma: true }), { comaLevel: 3 }).level).toBe(3);
    const both = score(input(50, { coma: true, dementia: true }));
    expect(both.adjustments.map((a) => a.rule)).toEqual(['raiseOneLevel', 'coma']);
    expect(both.level).toBe(4);
  });

  it('the level never falls below the initial level and never exceeds 4', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 90 }), fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 5 }),
      (total, dementia, psychiatricDiagnosis, coma, falls) => {
        const r = score(input(total, { dementia, psychiatricDiagnosis, coma, riskEvents30d: { ...noEvents, fall: falls } }));
        return r.level >= r.initialLevel && r.level <= 4 && r.level - r.initialLevel <= (coma ? 4 : 1);
      }));
  });

  it('names each missing, out-of-range or unknown item', () => {
    const a: Record<string, unknown> = answersWithTotal(90);
    delete a.eating;
    a.stairs = 4;
    a.vision = 1.5;
    a.smell = 2;
    const problems = checkAnswers(a);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['answers.eating', 'ITEM_MISSING'], ['answers.stairs', 'ITEM_OUT_OF_RANGE'], ['answers.vision', 'ITEM_OUT_OF_RANGE'], ['answers.smell', 'ITEM_UNKNOWN'],
    ]);
    expect(problems[1].message).toBe('第 12 项「上下楼梯」的得分应为 0 至 3 的整数，收到 4');
    expect(() => score({ ...input(90), answers: a as Record<string, number> })).toThrow(/进食/);
  });
});
