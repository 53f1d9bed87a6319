import type { FieldError } from '#kernel';

// 民发〔2021〕57号: every adult verified signs a consent (a guardian signs for a minor).
export const ADULT_AGE = 18;

export interface ConsentMember { personId: number; name: string; age: number; included: boolean }

/**
 * The adults to be verified who have no valid consent on file, each named; empty when the request may
 * go out. `expired` names consents on file whose validity has run out (a review reusing the application's).
 */
export function missingConsents(members: ConsentMember[], consents: { personId: number }[], expired: { personId: number; validUntil: string }[] = []): FieldError[] {
  const on = new Set(consents.map((c) => c.personId));
  const lapsed = new Map(expired.map((c) => [c.personId, c.validUntil]));
  return members
    .filter((m) => m.included && m.age >= ADULT_AGE && !on.has(m.personId))
    .map((m) => (lapsed.has(m.personId)
      ? { field: `consents.${m.personId}`, code: 'CONSENT_EXPIRED', message: `${m.name}（${m.age} 岁）的核对授权书已于 ${lapsed.get(m.personId)} 到期，须重新签署` }
      : { field: `consents.${m.personId}`, code: 'CONSENT_MISSING', message: `${m.name}（${m.age} 岁）无家庭经济状况核对授权书` }));
}
