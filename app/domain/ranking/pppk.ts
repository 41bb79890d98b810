/**
 * PPPK ranking (domain.md §7): no passing grade; priority beats score; then the Pasal 47 tie-break.
 */

/**
 * Priority groups, best first (domain.md §7 "Priority beats score: ex-THK-II, then non-ASN staff
 * in the BKN database (≥2 years, applying only at their current agency), then others. Teachers have
 * an extra category"). The teachers' category is placed after the non-ASN group and before
 * everyone else: it is a priority category for teacher formations, weaker than the two national
 * priorities. This order is data the committee can read in ADR 017.
 */
export const PPPK_GROUPS = ['EX_THK_II', 'NON_ASN_DATABASE', 'TEACHER_PRIORITY', 'GENERAL'] as const
export type PppkGroup = (typeof PPPK_GROUPS)[number]

export type PppkPriorityFacts = {
  exThk2: boolean
  /** Years of service as non-ASN staff recorded in the BKN database; null when not in it. */
  nonAsnYears: number | null
  /** The agency the non-ASN staff currently works for. */
  nonAsnAgencyId: string | null
  /** A teacher in the priority category (P/TL from 2023), applying for a teacher formation. */
  teacherPriority: boolean
}

/** Minimum years in the BKN non-ASN database for the second priority group (domain.md §7). */
export const NON_ASN_MIN_YEARS = 2

export function pppkGroup(facts: PppkPriorityFacts | null, appliedAgencyId: string): PppkGroup {
  if (!facts) return 'GENERAL'
  if (facts.exThk2) return 'EX_THK_II'
  if (facts.nonAsnYears !== null && facts.nonAsnYears >= NON_ASN_MIN_YEARS && facts.nonAsnAgencyId === appliedAgencyId) {
    return 'NON_ASN_DATABASE'
  }
  if (facts.teacherPriority) return 'TEACHER_PRIORITY'
  return 'GENERAL'
}

export type PppkCandidate = {
  applicationId: string
  group: PppkGroup
  technical: number
  managerial: number
  socioCultural: number
  interview: number
  /** ISO date; older ranks first. */
  birthDate: string
}

export function pppkTotal(c: Pick<PppkCandidate, 'technical' | 'managerial' | 'socioCultural' | 'interview'>) {
  return c.technical + c.managerial + c.socioCultural + c.interview
}

/**
 * Priority group, then total, then technical, then managerial + socio-cultural, then interview,
 * then older age (PermenPANRB 6/2024 Pasal 47, domain.md §7). Best first.
 */
export function comparePppk(a: PppkCandidate, b: PppkCandidate) {
  return (
    PPPK_GROUPS.indexOf(a.group) - PPPK_GROUPS.indexOf(b.group) ||
    pppkTotal(b) - pppkTotal(a) ||
    b.technical - a.technical ||
    b.managerial + b.socioCultural - (a.managerial + a.socioCultural) ||
    b.interview - a.interview ||
    (a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : 0)
  )
}

/** The best `count` of one vacancy pass (L); the rest do not (TL). No threshold applies. */
export function rankPppkGroup(candidates: readonly PppkCandidate[], count: number) {
  return [...candidates].sort(comparePppk).map((c, i) => ({ applicationId: c.applicationId, rank: i + 1, code: i < count ? ('L' as const) : ('TL' as const) }))
}
