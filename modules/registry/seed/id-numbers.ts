// Issues GB 11643 citizen identity numbers that are unique within one demo population: one
// sequence counter per (region, birth date, gender), odd sequences for men and even for women.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** MOD 11-2 check character of the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export class IdNumberIssuer {
  private readonly regions = new Map<string, number>();
  private readonly counters: Uint16Array[] = [];

  /** `days` is the number of distinct birth days that may be asked for, from `firstDay` on. */
  constructor(private readonly firstDay: number, private readonly days: number) {}

  /**
   * The next free number for a region, birth day and gender, or null when all 500 sequence numbers
   * of that day are taken (the caller moves the birth date).
   */
  issue(region: string, day: number, male: boolean, compactDate: string): string | null {
    let r = this.regions.get(region);
    if (r === undefined) {
      r = this.counters.length;
      this.regions.set(region, r);
      this.counters.push(new Uint16Array(this.days * 2));
    }
    const slot = (day - this.firstDay) * 2 + (male ? 1 : 0);
    const n = this.counters[r][slot];
    // Male 001, 003 … 999; female 002, 004 … 998.
    const seq = male ? 2 * n + 1 : 2 * n + 2;
    if (seq > 999) return null;
    this.counters[r][slot] = n + 1;
    const first17 = region + compactDate + String(seq).padStart(3, '0');
    return first17 + checkCharacter(first17);
  }
}
