import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateIdNumber } from '../../../packages/kernel/src/id-number';
import { ageOn } from './calendar';
import { luhnDigit } from './demo.attributes';
import {
  REFERENCE_DATE, demoQuotas, generateDemo, type DemoBatch, type DemoDivisions, type DemoPerson,
} from './demo.generator';
import { IdNumberIssuer } from './id-numbers';
import { RELATIONS } from './relations';

const divisions = JSON.parse(
  readFileSync(new URL('../../../data/divisions/1403.json', import.meta.url), 'utf8'),
) as DemoDivisions;

function collect(persons: number, seed?: number, batchHouseholds?: number): DemoBatch {
  const all: DemoBatch = { households: [], persons: [], memberships: [] };
  for (const b of generateDemo({ divisions, persons, seed, batchHouseholds })) {
    all.households.push(...b.households);
    all.persons.push(...b.persons);
    all.memberships.push(...b.memberships);
  }
  return all;
}

const digest = (b: DemoBatch) => createHash('sha256').update(JSON.stringify(b)).digest('hex');
const share = (rows: DemoPerson[], f: (p: DemoPerson) => boolean) => rows.filter(f).length / rows.length;
const age = (p: DemoPerson) => ageOn(p.birthDate, REFERENCE_DATE);

const demo = collect(20_000);

describe('demo generator', () => {
  it('gives byte-identical output for the same seed, whatever the batch size', () => {
    const a = digest(collect(5_000, 7));
    expect(digest(collect(5_000, 7))).toBe(a);
    expect(digest(collect(5_000, 7, 97))).toBe(a);
    expect(digest(collect(5_000, 8))).not.toBe(a);
  });

  it('yields exactly the requested number of persons, ids consecutive from the offsets', () => {
    const b = generateDemo({ divisions, persons: 1_000, firstHouseholdId: 501, firstPersonId: 9_001 });
    const first = b.next().value as DemoBatch;
    expect(first.households[0].id).toBe(501);
    expect(first.persons[0].id).toBe(9_001);
    expect(demo.persons).toHaveLength(20_000);
    expect(demo.persons.every((p, i) => p.id === i + 1)).toBe(true);
    expect(demo.households.every((h, i) => h.id === i + 1)).toBe(true);
  });

  it('issues valid GB 11643 ID numbers, unique, matching gender, birth date and county', () => {
    const wrong = demo.persons.filter((p) => {
      const r = validateIdNumber(p.idNumber, REFERENCE_DATE);
      return !r.ok || r.gender !== p.gender || r.birthDate !== p.birthDate
        || r.regionCode !== p.divisionCode.slice(0, 6);
    });
    expect(wrong).toEqual([]);
    expect(new Set(demo.persons.map((p) => p.idNumber)).size).toBe(demo.persons.length);
  });

  it('moves a birth date by a day when its 500 sequence numbers are spent', () => {
    const issuer = new IdNumberIssuer(0, 10);
    const men = Array.from({ length: 500 }, () => issuer.issue('140321', 5, true, '19800101'));
    expect(new Set(men).size).toBe(500);
    expect(men.at(-1)?.slice(14, 17)).toBe('999');
    expect(issuer.issue('140321', 5, true, '19800101')).toBeNull();
    expect(issuer.issue('140321', 5, false, '19800101')?.slice(14, 17)).toBe('002');
    expect(issuer.issue('140322', 5, true, '19800101')?.slice(14, 17)).toBe('001');
  });

  it('builds households of 1–6 with one head each and a mean size near 2.7', () => {
    const byHousehold = new Map<number, DemoPerson[]>();
    for (const p of demo.persons) {
      const list = byHousehold.get(p.householdId) ?? [];
      list.push(p);
      byHousehold.set(p.householdId, list);
    }
    const wrong = demo.households.filter((h) => {
      const members = byHousehold.get(h.id) ?? [];
      const heads = members.filter((m) => m.relation === '02');
      return members.length < 1 || members.length > 6
        || heads.length !== 1 || heads[0].id !== h.headPersonId
        || !members.every((m) => m.divisionCode === h.divisionCode && m.address === h.address);
    });
    expect(wrong).toEqual([]);
    const mean = demo.persons.length / demo.households.length;
    expect(mean).toBeGreaterThan(2.55);
    expect(mean).toBeLessThan(2.85);
  });

  it('uses GB/T 4761 relation codes, with a spouse of the other gender', () => {
    expect(demo.persons.filter((p) => !(p.relation in RELATIONS))).toEqual([]);
    const wives = demo.persons.filter((p) => p.relation === '12');
    const husbands = demo.persons.filter((p) => p.relation === '11');
    expect(wives.every((p) => p.gender === 'F')).toBe(true);
    expect(husbands.every((p) => p.gender === 'M')).toBe(true);
    expect(wives.length).toBeGreaterThan(husbands.length);
  });

  it('has an age structure like Yangquan: about 20 % aged 60+, about 15 % under 15', () => {
    const old = share(demo.persons, (p) => age(p) >= 60);
    const young = share(demo.persons, (p) => age(p) < 15);
    expect(old).toBeGreaterThan(0.17);
    expect(old).toBeLessThan(0.24);
    expect(young).toBeGreaterThan(0.12);
    expect(young).toBeLessThan(0.18);
    expect(demo.persons.every((p) => age(p) >= 0 && age(p) <= 101)).toBe(true);
  });

  it('puts people in every village-level unit, about 4–5 times as many in a community', () => {
    const count = new Map<string, number>();
    for (const p of demo.persons) count.set(p.divisionCode, (count.get(p.divisionCode) ?? 0) + 1);
    expect(count.size).toBe(777);
    const mean = (kind: string) => {
      const units = divisions.villages.filter((v) => v.kind === kind);
      return units.reduce((s, v) => s + (count.get(v.code) ?? 0), 0) / units.length;
    };
    const ratio = mean('community') / mean('village');
    expect(ratio).toBeGreaterThan(4);
    expect(ratio).toBeLessThan(5);
    expect(demo.households.every((h) => h.urbanRural === (h.address.includes('社区') ? 'urban' : 'rural')))
      .toBe(true);
  });

  it('scales to 1.3 million persons: the quotas add up exactly', () => {
    const q = demoQuotas(divisions, 1_300_000);
    expect(q.reduce((a, b) => a + b, 0)).toBe(1_300_000);
    expect(Math.min(...q)).toBeGreaterThan(500);
  });

  it('gives about 6 % a disability certificate numbered ID + category + grade', () => {
    const disabled = demo.persons.filter((p) => p.disabilityCategory !== null);
    expect(disabled.length / demo.persons.length).toBeGreaterThan(0.045);
    expect(disabled.length / demo.persons.length).toBeLessThan(0.075);
    const digit = { visual: 1, hearing: 2, speech: 3, physical: 4, intellectual: 5, psychiatric: 6, multiple: 7 };
    expect(disabled.filter((p) => !(p.disabilityGrade! >= 1 && p.disabilityGrade! <= 4)
      || p.disabilityCertNo !== `${p.idNumber}${digit[p.disabilityCategory!]}${p.disabilityGrade}`)).toEqual([]);
    expect(demo.persons.filter((p) => p.disabilityCategory === null)
      .every((p) => p.disabilityGrade === null && p.disabilityCertNo === null)).toBe(true);
  });

  it('derives labour capacity from age, disability and illness', () => {
    expect(demo.persons.filter((p) =>
      (age(p) < 16 || age(p) >= 70 || (p.disabilityGrade ?? 9) <= 2) && p.labourCapacity !== 'none')).toEqual([]);
    expect(share(demo.persons, (p) => p.labourCapacity === 'full')).toBeGreaterThan(0.45);
  });

  it('gives most adults a valid mobile number and no child under 16 one', () => {
    const adults = demo.persons.filter((p) => age(p) >= 18 && p.status === 'living');
    expect(share(adults, (p) => p.phone !== null)).toBeGreaterThan(0.8);
    expect(demo.persons.filter((p) =>
      (p.phone !== null && !/^1[358]\d{9}$/.test(p.phone)) || (age(p) < 16 && p.phone !== null))).toEqual([]);
  });

  it('records about 0.5 % as deceased, with the membership ended on the death date', () => {
    const dead = demo.persons.filter((p) => p.status === 'deceased');
    expect(dead.length / demo.persons.length).toBeGreaterThan(0.002);
    expect(dead.length / demo.persons.length).toBeLessThan(0.009);
    const membership = new Map(demo.memberships.map((m) => [m.personId, m]));
    expect(dead.filter((p) => !(p.deathDate! > p.birthDate && p.deathDate! <= REFERENCE_DATE)
      || membership.get(p.id)?.leftOn !== p.deathDate || membership.get(p.id)?.reason !== 'death')).toEqual([]);
    expect(demo.memberships).toHaveLength(demo.persons.length);
    expect(demo.memberships.every((m) => m.joinedOn <= REFERENCE_DATE)).toBe(true);
    const person = new Map(demo.persons.map((p) => [p.id, p]));
    const married = new Set(['02', '11', '12', '28', '38']);
    expect(demo.memberships.filter((m) => {
      const p = person.get(m.personId)!;
      return m.joinedOn < p.birthDate || (married.has(m.relation) && ageOn(p.birthDate, m.joinedOn) < 17);
    })).toEqual([]);
  });

  it('gives about 70 % of households a 19-digit bank account with a valid Luhn digit', () => {
    const banked = demo.households.filter((h) => h.bankAccount !== null);
    expect(banked.length / demo.households.length).toBeGreaterThan(0.65);
    expect(banked.length / demo.households.length).toBeLessThan(0.75);
    const heads = new Map(demo.persons.map((p) => [p.id, p.name]));
    expect(banked.filter((h) => !/^\d{19}$/.test(h.bankAccount!)
      || Number(h.bankAccount!.at(-1)) !== luhnDigit(h.bankAccount!.slice(0, 18))
      || !h.bankName || h.bankAccountName !== heads.get(h.headPersonId))).toEqual([]);
  });

  it('writes Chinese names and addresses, mostly Han', () => {
    expect(demo.persons.every((p) => /^[\u4e00-\u9fff]{2,4}$/.test(p.name))).toBe(true);
    expect(share(demo.persons, (p) => p.ethnicity === '01')).toBeGreaterThan(0.99);
    const village = demo.households.find((h) => h.urbanRural === 'rural')!;
    const community = demo.households.find((h) => h.urbanRural === 'urban')!;
    expect(village.address).toMatch(/^.+(县|区).+(镇|乡|街道).+村\d+组\d+号$/);
    expect(community.address).toMatch(/^.+区.+(街道|镇).+社区\d+号楼\d单元\d0\d$/);
  });
});
