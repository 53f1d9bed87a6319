// A deterministic demo population for the registry: households and persons over every village-level
// unit of a divisions file, with valid and unique ID numbers. Pure: same options, same rows, byte for
// byte; it streams batches so 1.3 M persons never sit in memory at once.
import { DateTable, dayOf } from './calendar';
import {
  ETHNICITIES, labourCapacity, sampleBankAccount, sampleDisability, sampleHealth, samplePhone,
  type DisabilityCategory, type HealthCondition, type LabourCapacity,
} from './demo.attributes';
import { IdNumberIssuer } from './id-numbers';
import { SURNAMES, cohortOf, givenName } from './names';
import { Prng, Weighted } from './prng';
import { REL, type RelationCode } from './relations';

/** The part of a divisions file (data/divisions/<city>.json) the generator reads. */
export interface DemoDivisions {
  counties: { code: string; name: string }[];
  townships: { code: string; name: string; county: string }[];
  villages: { code: string; name: string; township: string; kind: 'village' | 'community' }[];
}

export interface DemoHousehold {
  id: number;
  headPersonId: number;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  address: string;
  bankName: string | null;
  bankAccount: string | null;
  bankAccountName: string | null;
  status: 'active';
}

export interface DemoPerson {
  id: number;
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  ethnicity: string;
  phone: string | null;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  residenceDivisionCode: string;
  address: string;
  disabilityCategory: DisabilityCategory | null;
  disabilityGrade: number | null;
  disabilityCertNo: string | null;
  healthConditions: readonly HealthCondition[];
  labourCapacity: LabourCapacity;
  status: 'living' | 'deceased';
  deathDate: string | null;
  householdId: number;
  relation: RelationCode;
}

export interface DemoMembership {
  householdId: number;
  personId: number;
  relation: RelationCode;
  joinedOn: string;
  leftOn: string | null;
  reason: string | null;
}

export interface DemoBatch {
  households: DemoHousehold[];
  persons: DemoPerson[];
  memberships: DemoMembership[];
}

export interface DemoOptions {
  divisions: DemoDivisions;
  /** Total persons, exactly. */
  persons: number;
  seed?: number;
  firstHouseholdId?: number;
  firstPersonId?: number;
  /** Households per yielded batch (default 5,000). */
  batchHouseholds?: number;
  /** The day ages are counted to (default 2026-06-30). */
  referenceDate?: string;
}

export const DEFAULT_SEED = 1403;
export const REFERENCE_DATE = '2026-06-30';
/** An urban community holds this many times the people of a rural village. */
export const COMMUNITY_DENSITY = 4.5;
/** Households registered before the 1985 re-registration count from it. */
const REREGISTRATION = dayOf('1985-01-01');

/**
 * Persons per village-level unit: at least one each (when there are enough persons), the rest in
 * proportion to density by the largest-remainder method, so the quotas add up to `persons` exactly.
 */
export function demoQuotas(divisions: DemoDivisions, persons: number): number[] {
  const units = divisions.villages;
  const base = persons >= units.length ? 1 : 0;
  const rest = persons - base * units.length;
  const weights = units.map((u) => (u.kind === 'community' ? COMMUNITY_DENSITY : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / total);
  const quotas = exact.map((x) => base + Math.floor(x));
  let left = persons - quotas.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) quotas[order[k][1]] += 1;
  return quotas;
}

// Household size 1–6, mean ≈ 2.7 (Shanxi 2020 census: 2.58 per family household, plus the
// collective and multi-generation ones).
const SIZES = new Weighted([1, 2, 3, 4, 5, 6], [19, 31, 24, 14, 7.5, 4.5]);

interface Member {
  relation: RelationCode;
  male: boolean;
  age: number;
  surname: string;
  /** Blood relatives of the head share the household's ethnicity; in-laws bring their own. */
  ownEthnicity: boolean;
  bornHere: boolean;
}

type Unit = DemoDivisions['villages'][number] & {
  county: string;
  countyName: string;
  townshipName: string;
  shortName: string;
};

export function* generateDemo(opts: DemoOptions): Generator<DemoBatch> {
  const rng = new Prng(opts.seed ?? DEFAULT_SEED);
  const batchSize = opts.batchHouseholds ?? 5_000;
  const refIso = opts.referenceDate ?? REFERENCE_DATE;
  const refDay = dayOf(refIso);
  const dates = new DateTable('1900-01-01', refIso);
  const issuer = new IdNumberIssuer(dates.first, dates.last - dates.first + 1);
  const units = describeUnits(opts.divisions);
  const quotas = demoQuotas(opts.divisions, opts.persons);
  const communitiesByCounty = new Map<string, string[]>();
  for (const u of units) {
    if (u.kind !== 'community') continue;
    const list = communitiesByCounty.get(u.county) ?? [];
    list.push(u.code);
    communitiesByCounty.set(u.county, list);
  }
  const allCommunities = [...communitiesByCounty.values()].flat();

  let nextHousehold = opts.firstHouseholdId ?? 1;
  let nextPerson = opts.firstPersonId ?? 1;
  let batch: DemoBatch = { households: [], persons: [], memberships: [] };

  const birthDay = (age: number) => refDay - Math.floor((age + rng.float()) * 365.2425);

  for (let u = 0; u < units.length; u++) {
    const unit = units[u];
    const urban = unit.kind === 'community';
    const urbanRural = urban ? 'urban' : 'rural';
    const groups = rng.int(3, 12);
    const townCommunities = communitiesByCounty.get(unit.county) ?? allCommunities;
    let left = quotas[u];
    for (let k = 0; left > 0; k++) {
      const size = Math.min(SIZES.sample(rng), left);
      left -= size;
      const members = compose(rng, size);
      const householdId = nextHousehold++;
      const address = urban ? flatAddress(unit, k) : villageAddress(unit, k, groups);
      const ethnicity = ETHNICITIES.sample(rng);
      // The day the household was registered: the head's adulthood, not before 1985's re-registration.
      const headBirth = birthDay(members[0].age);
      const formed = Math.min(
        refDay - 30,
        Math.max(headBirth + Math.floor(rng.int(20, 26) * 365.25), REREGISTRATION + rng.int(0, 3650)),
      );
      let headName = '';
      const headPersonId = nextPerson;
      for (let m = 0; m < members.length; m++) {
        const mem = members[m];
        const male = mem.male;
        let born = m === 0 ? headBirth : birthDay(mem.age);
        let idNumber: string | null = null;
        while (idNumber === null) {
          idNumber = issuer.issue(unit.county, born, male, dates.compactOf(born));
          if (idNumber === null) born -= 1;
        }
        const birthDate = dates.isoOf(born);
        const name = mem.surname + givenName(rng, male ? 'M' : 'F', cohortOf(Number(birthDate.slice(0, 4))));
        if (m === 0) headName = name;
        const disability = sampleDisability(rng, mem.age, idNumber);
        const health = sampleHealth(rng, mem.age, disability);
        const deceased = m > 0 && mem.age >= 70 && rng.chance(0.085);
        const deathDay = deceased ? Math.max(born + 1, refDay - rng.int(1, 1000)) : 0;
        // Adults join when the household forms (head, spouse) or later (parents, in-laws), never as minors.
        const joined = mem.bornHere
          ? Math.max(born, formed)
          : Math.min(refDay, Math.max(born + 6575, m < 2 ? formed : rng.int(formed, refDay)));
        const residesAway = mem.age >= 18 && mem.age < 46 && rng.chance(urban ? 0.03 : 0.12);
        const personId = nextPerson++;
        batch.persons.push({
          id: personId,
          idNumber,
          name,
          gender: male ? 'M' : 'F',
          birthDate,
          ethnicity: mem.ownEthnicity ? ETHNICITIES.sample(rng) : ethnicity,
          phone: deceased ? null : samplePhone(rng, mem.age),
          divisionCode: unit.code,
          urbanRural,
          residenceDivisionCode: residesAway ? rng.pick(townCommunities) : unit.code,
          address,
          disabilityCategory: disability?.category ?? null,
          disabilityGrade: disability?.grade ?? null,
          disabilityCertNo: disability?.certNo ?? null,
          healthConditions: health,
          labourCapacity: deceased ? 'none' : labourCapacity(mem.age, disability, health),
          status: deceased ? 'deceased' : 'living',
          deathDate: deceased ? dates.isoOf(deathDay) : null,
          householdId,
          relation: mem.relation,
        });
        batch.memberships.push({
          householdId,
          personId,
          relation: mem.relation,
          joinedOn: dates.isoOf(Math.min(joined, deceased ? deathDay : refDay)),
          leftOn: deceased ? dates.isoOf(deathDay) : null,
          reason: deceased ? 'death' : null,
        });
      }
      const bank = sampleBankAccount(rng, urban);
      batch.households.push({
        id: householdId,
        headPersonId,
        divisionCode: unit.code,
        urbanRural,
        address,
        bankName: bank?.bank ?? null,
        bankAccount: bank?.account ?? null,
        bankAccountName: bank ? headName : null,
        status: 'active',
      });
      if (batch.households.length >= batchSize) {
        yield batch;
        batch = { households: [], persons: [], memberships: [] };
      }
    }
  }
  if (batch.households.length > 0) yield batch;
}

function describeUnits(d: DemoDivisions): Unit[] {
  const counties = new Map(d.counties.map((c) => [c.code, c.name]));
  const townships = new Map(d.townships.map((t) => [t.code, t]));
  return d.villages.map((v) => {
    const t = townships.get(v.township);
    if (!t) throw new Error(`village-level unit ${v.code} has no township ${v.township}`);
    return {
      ...v,
      county: t.county,
      countyName: counties.get(t.county) ?? '',
      townshipName: t.name,
      // 岑峰村委会 → 岑峰村, 油娄沟社区居委会 → 油娄沟社区
      shortName: v.name.replace(/(村民委员会|村委会)$/, '村').replace(/(社区)?(居民委员会|居委会)$/, '社区'),
    };
  });
}

function villageAddress(u: Unit, k: number, groups: number): string {
  return `${u.countyName}${u.townshipName}${u.shortName}${(k % groups) + 1}组${Math.floor(k / groups) + 1}号`;
}

/** Six-storey blocks of three stairwells, two flats a floor: 36 flats a building. */
function flatAddress(u: Unit, k: number): string {
  const building = Math.floor(k / 36) + 1;
  const stair = Math.floor((k % 36) / 12) + 1;
  const floor = Math.floor((k % 12) / 2) + 1;
  const flat = (k % 2) + 1;
  return `${u.countyName}${u.townshipName}${u.shortName}${building}号楼${stair}单元${floor}0${flat}`;
}

// ---- household composition -------------------------------------------------------------------
// A class rather than closures: its methods are made once, not once per household.

class HouseholdBuilder {
  readonly members: Member[] = [];
  readonly surname: string;

  constructor(private readonly rng: Prng) {
    this.surname = SURNAMES.sample(rng);
  }

  add(relation: RelationCode, male: boolean, age: number, surname: string, own: boolean, bornHere = false) {
    this.members.push({ relation, male, age: Math.max(0, Math.min(100, age)), surname, ownEthnicity: own, bornHere });
  }



  couple(headAge: number) {
    const headMale = this.rng.chance(0.85);
    this.add(REL.head, headMale, headAge, this.surname, false);
    const spouseAge = headAge + (headMale ? this.rng.int(-5, 1) : this.rng.int(-1, 5));
    this.add(headMale ? REL.wife : REL.husband, !headMale, Math.max(20, spouseAge), SURNAMES.sample(this.rng), true);
    const mother = headMale ? this.members[1] : this.members[0];
    const father = headMale ? this.members[0] : this.members[1];
    return { motherAge: mother.age, childSurname: father.surname };
  }

  children(n: number, motherAge: number, childSurname: string) {
    let age = motherAge - this.rng.int(22, 30);
    for (let i = 0; i < n; i++) {
      const male = this.rng.chance(0.52);
      this.add(male ? REL.son : REL.daughter, male, Math.max(0, age), childSurname, false, true);
      age -= this.rng.int(2, 6);
    }
  }

  parents(n: number, headAge: number) {
    const age = headAge + this.rng.int(24, 31);
    if (n === 2) {
      this.add(REL.father, true, age + this.rng.int(0, 3), this.surname, false);
      this.add(REL.mother, false, age, SURNAMES.sample(this.rng), true);
    } else {
      // Women outlive men: a widowed parent living with a child is usually the mother.
      const male = this.rng.chance(0.3);
      this.add(male ? REL.father : REL.mother, male, age, male ? this.surname : SURNAMES.sample(this.rng), !male);
    }
  }

  /** An elderly couple with a married son (or daughter) and grandchildren. */

  stem(grandchildren: number) {
    const { motherAge, childSurname } = this.couple(this.rng.int(52, 75));
    const sonMale = this.rng.chance(0.8);
    const childAge = Math.max(22, motherAge - this.rng.int(23, 32));
    this.add(sonMale ? REL.son : REL.daughter, sonMale, childAge, childSurname, false, true);
    const inLawAge = Math.max(20, childAge + (sonMale ? this.rng.int(-4, 1) : this.rng.int(-1, 4)));
    this.add(sonMale ? REL.daughterInLaw : REL.sonInLaw, !sonMale, inLawAge, SURNAMES.sample(this.rng), true);
    const grandSurname = sonMale ? childSurname : this.members[this.members.length - 1].surname;
    let age = (sonMale ? inLawAge : childAge) - this.rng.int(23, 32);
    for (let i = 0; i < grandchildren; i++) {
      const male = this.rng.chance(0.52);
      const rel = sonMale ? (male ? REL.grandson : REL.granddaughter) : male ? REL.daughtersSon : REL.daughtersDaughter;
      this.add(rel, male, Math.max(0, age), grandSurname, false, true);
      age -= this.rng.int(2, 6);
    }
  }

  compose(size: number): Member[] {
    switch (size) {
      case 1: {
        const elderly = this.rng.chance(0.42);
        const age = elderly ? this.rng.int(60, 92) : this.rng.int(20, 59);
        this.add(REL.head, this.rng.chance(elderly ? 0.4 : 0.55), age, this.surname, false);
        break;
      }
      case 2: {
        const r = this.rng.float();
        if (r < 0.62) this.couple(this.rng.chance(0.55) ? this.rng.int(50, 85) : this.rng.int(22, 49));
        else if (r < 0.88) {
          // A single parent with a child.
          const headMale = this.rng.chance(0.35);
          const age = this.rng.int(30, 80);
          this.add(REL.head, headMale, age, this.surname, false);
          const childMale = this.rng.chance(0.5);
          this.add(childMale ? REL.son : REL.daughter, childMale, age - this.rng.int(23, 34), this.surname, false, true);
        } else {
          const headAge = this.rng.int(30, 60);
          this.add(REL.head, this.rng.chance(0.5), headAge, this.surname, false);
          this.parents(1, headAge);
        }
        break;
      }
      case 3: {
        const r = this.rng.float();
        if (r < 0.8) {
          const { motherAge, childSurname } = this.couple(this.rng.int(24, 55));
          this.children(1, motherAge, childSurname);
        } else if (r < 0.92) {
          const headAge = this.rng.int(32, 58);
          this.couple(headAge);
          this.parents(1, headAge);
        } else {
          const { motherAge, childSurname } = this.couple(this.rng.int(60, 80));
          this.children(1, motherAge, childSurname);
        }
        break;
      }
      case 4: {
        const r = this.rng.float();
        if (r < 0.6) {
          const { motherAge, childSurname } = this.couple(this.rng.int(28, 50));
          this.children(2, motherAge, childSurname);
        } else if (r < 0.88) {
          const headAge = this.rng.int(30, 52);
          const { motherAge, childSurname } = this.couple(headAge);
          this.children(1, motherAge, childSurname);
          this.parents(1, headAge);
        } else this.stem(0);
        break;
      }
      case 5: {
        const r = this.rng.float();
        if (r < 0.45) {
          const headAge = this.rng.int(28, 45);
          const { motherAge, childSurname } = this.couple(headAge);
          this.children(1, motherAge, childSurname);
          this.parents(2, headAge);
        } else if (r < 0.8) this.stem(1);
        else {
          const { motherAge, childSurname } = this.couple(this.rng.int(32, 48));
          this.children(3, motherAge, childSurname);
        }
        break;
      }
      default: {
        if (this.rng.chance(0.55)) this.stem(2);
        else {
          const headAge = this.rng.int(32, 50);
          const { motherAge, childSurname } = this.couple(headAge);
          this.children(2, motherAge, childSurname);
          this.parents(2, headAge);
        }
      }
    }
    return this.members;
  }
}

function compose(rng: Prng, size: number): Member[] {
  return new HouseholdBuilder(rng).compose(size);
}
