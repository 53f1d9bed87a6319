// Day arithmetic for the generator: days since 1970-01-01 (UTC) and a lookup table of formatted
// dates, so a million birth dates cost a million array reads instead of a million Date objects.

const MS_PER_DAY = 86_400_000;

export function dayOf(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

export class DateTable {
  readonly first: number;
  readonly last: number;
  private readonly iso: string[];
  private readonly compact: string[];

  constructor(firstIso: string, lastIso: string) {
    this.first = dayOf(firstIso);
    this.last = dayOf(lastIso);
    const n = this.last - this.first + 1;
    this.iso = new Array<string>(n);
    this.compact = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const s = new Date((this.first + i) * MS_PER_DAY).toISOString().slice(0, 10);
      this.iso[i] = s;
      this.compact[i] = s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 10);
    }
  }

  /** 'YYYY-MM-DD' */
  isoOf(day: number): string {
    return this.iso[day - this.first];
  }

  /** 'YYYYMMDD', as in an ID number. */
  compactOf(day: number): string {
    return this.compact[day - this.first];
  }
}

/** Whole years from `birthIso` to `onIso`, both 'YYYY-MM-DD'. */
export function ageOn(birthIso: string, onIso: string): number {
  let age = Number(onIso.slice(0, 4)) - Number(birthIso.slice(0, 4));
  if (onIso.slice(5) < birthIso.slice(5)) age -= 1;
  return age;
}
