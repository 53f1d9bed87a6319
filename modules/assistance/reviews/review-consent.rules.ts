// Consent to verification at a periodic review: the application's consents are reused while they
// are valid (`verification.consent.validMonths`, a dated parameter); an expired one, or an adult who
// gave none (a child come of age), must consent again at the review. Pure: no I/O.
import type { IsoDate } from '#kernel';
import { reviewDueDate } from '../review.rules';

export interface StoredConsent {
  personId: number;
  kind: 'signed_form' | 'electronic';
  fileSha256?: string;
  confirmedBy?: string;
  confirmedAt?: string;
  /** the day a consent collected at a review was recorded */
  recordedOn?: IsoDate;
}

export interface ConsentOnFile { personId: number; kind: StoredConsent['kind']; givenOn: IsoDate; validUntil: IsoDate; at: 'application' | 'review' }

const chinaDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/** The day a consent was given: its electronic confirmation, the day a review recorded it, else the application's intake. */
export function consentGivenOn(c: StoredConsent, intakeOn: IsoDate): IsoDate {
  if (c.kind === 'electronic' && c.confirmedAt && !Number.isNaN(Date.parse(c.confirmedAt))) return chinaDate(c.confirmedAt);
  return c.recordedOn ?? intakeOn;
}

/**
 * Each person's newest consent with its validity. A consent is valid through the day before its
 * anniversary of `validMonths` months.
 */
export function consentsOnFile(
  application: StoredConsent[], review: StoredConsent[], intakeOn: IsoDate, validMonths: number,
): ConsentOnFile[] {
  const all = [
    ...application.map((c) => ({ c, at: 'application' as const })),
    ...review.map((c) => ({ c, at: 'review' as const })),
  ].map(({ c, at }) => {
    const givenOn = consentGivenOn(c, intakeOn);
    return { personId: c.personId, kind: c.kind, givenOn, validUntil: reviewDueDate(givenOn, validMonths), at };
  });
  const newest = new Map<number, ConsentOnFile>();
  for (const c of all) {
    const cur = newest.get(c.personId);
    if (!cur || c.givenOn >= cur.givenOn) newest.set(c.personId, c);
  }
  return [...newest.values()].sort((a, b) => a.personId - b.personId);
}

/** Valid on `today`: strictly before the end of validity. */
export const consentValid = (c: ConsentOnFile, today: IsoDate) => today < c.validUntil;
