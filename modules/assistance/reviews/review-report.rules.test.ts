import { describe, expect, it } from 'vitest';
import { withVerifiedIncomes } from './review-report.rules';
import { consentsOnFile, consentValid } from './review-consent.rules';

describe('a review computing with a verification report', () => {
  it('raises a recorded income to what a department found, adds kinds found, and keeps informal work', () => {
    const recorded = [
      { personId: 1, kind: 'wage' as const, monthlyFen: 150000 },
      { personId: 2, kind: 'transfer' as const, monthlyFen: 20000 },
    ];
    expect(withVerifiedIncomes(recorded, [
      { personId: 1, kind: 'wage', monthlyFen: 260000 },
      { personId: 2, kind: 'social_insurance_benefit', monthlyFen: 120000 },
    ])).toEqual([
      { personId: 1, kind: 'wage', monthlyFen: 260000 },
      { personId: 2, kind: 'transfer', monthlyFen: 20000 },
      { personId: 2, kind: 'social_insurance_benefit', monthlyFen: 120000 },
    ]);
    expect(withVerifiedIncomes(recorded, [{ personId: 1, kind: 'wage', monthlyFen: 90000 }])[0].monthlyFen).toBe(150000);
    expect(recorded[0].monthlyFen).toBe(150000);
  });
});

describe('consent at a review', () => {
  const app = [
    { personId: 1, kind: 'electronic' as const, confirmedBy: '王德明', confirmedAt: '2025-11-30T23:30:00+08:00' },
    { personId: 2, kind: 'signed_form' as const, fileSha256: 'a'.repeat(64) },
  ];
  it('dates an electronic consent by its confirmation in China time and a signed form by the intake', () => {
    const on = consentsOnFile(app, [], '2025-11-20', 12);
    expect(on.map((c) => [c.personId, c.givenOn, c.validUntil])).toEqual([[1, '2025-11-30', '2026-11-30'], [2, '2025-11-20', '2026-11-20']]);
  });

  it('is valid through the day before its anniversary, and a consent given at the review replaces an older one', () => {
    const [first, second] = consentsOnFile(app, [], '2025-11-20', 12);
    expect(consentValid(first, '2026-11-29')).toBe(true);
    expect(consentValid(first, '2026-11-30')).toBe(false);
    expect(consentValid(second, '2026-11-30')).toBe(false);
    const renewed = consentsOnFile(app, [{ personId: 2, kind: 'electronic', confirmedBy: '李秀英', confirmedAt: '2026-11-30T10:00:00+08:00', recordedOn: '2026-11-30' }], '2025-11-20', 12);
    expect(renewed.find((c) => c.personId === 2)).toMatchObject({ at: 'review', givenOn: '2026-11-30', validUntil: '2027-11-30' });
    expect(consentValid(renewed.find((c) => c.personId === 2)!, '2026-11-30')).toBe(true);
  });
});
