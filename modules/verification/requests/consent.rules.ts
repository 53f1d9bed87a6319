import type { FieldError } from '#kernel';

// 民发〔2021〕57号: every adult verified signs a consent (a guardian signs for a minor).
export const ADULT_AGE = 18;

export interface ConsentMember { personId: number; name: string; age: number; included: boolean }

/** The adults to be verified who have no consent on file, each named; empty when the request may go out. */
export function missingConsents(members: ConsentMember[], consents: { personId: number }[]): FieldError[] {
  const on = new Set(consents.map((c) => c.personId));
  return members
    .filter((m) => m.included && m.age >= ADULT_AGE && !on.has(m.personId))
    .map((m) => ({ field: `consents.${m.personId}`, code: 'CONSENT_MISSING', message: `${m.name}（${m.age} 岁）无家庭经济状况核对授权书` }));
}
