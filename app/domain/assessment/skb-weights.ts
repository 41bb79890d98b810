import type { PeriodRules } from '~/domain/selection/rules'

/**
 * Additional SKB tests and the limits on their weights (domain.md §5, PermenPANRB 6/2024).
 * The limits themselves are period data (`PeriodRules['skbWeightLimits']`); this module only
 * applies them, so a new regulation is a new RuleVersion, not a code change.
 */
export const SKB_TEST_TYPES = [
  'PSIKOTES',
  'TPA',
  'BAHASA_ASING',
  'KESEHATAN_JIWA',
  'KESAMAPTAAN',
  'PRAKTIK_KERJA',
  'SERTIFIKAT_KOMPETENSI',
  'WAWANCARA',
  'LAINNYA',
] as const
export type SkbTestType = (typeof SKB_TEST_TYPES)[number]

export function isSkbTestType(value: string): value is SkbTestType {
  return (SKB_TEST_TYPES as readonly string[]).includes(value)
}

export type SkbTest = { type: string; weight: number; eliminating: boolean }

export type SkbWeightInput = {
  agencyKind: 'CENTRAL' | 'REGIONAL'
  /** Weight of the SKB via CAT, in percent. */
  catWeight: number
  tests: readonly SkbTest[]
  /**
   * Whether the position is "highly technical" (regional agencies may add a test only then).
   * Unknown (undefined) is not judged: the caller has no such information.
   */
  highlyTechnical?: boolean
}

export type SkbWeightRule =
  | 'weightRange'
  | 'unknownType'
  | 'duplicateType'
  | 'weightsSum'
  | 'catMin'
  | 'additionalMax'
  | 'interviewMax'
  | 'interviewNotAllowed'
  | 'tooManyTypes'
  | 'onlyHighlyTechnical'

/** One broken rule, with the limit it broke and the value found, for a message such as "CAT 40 % < 50 %". */
export type SkbWeightViolation = { rule: SkbWeightRule; limit?: number; actual?: number; type?: string }

export function validateSkbWeights(
  input: SkbWeightInput,
  limits: PeriodRules['skbWeightLimits'],
): SkbWeightViolation[] {
  const violations: SkbWeightViolation[] = []
  const { catWeight, tests } = input
  const inRange = (w: number) => Number.isInteger(w) && w >= 0 && w <= 100

  if (!inRange(catWeight)) violations.push({ rule: 'weightRange', actual: catWeight, type: 'CAT' })
  const seen = new Set<string>()
  for (const test of tests) {
    if (!isSkbTestType(test.type)) violations.push({ rule: 'unknownType', type: test.type })
    if (seen.has(test.type)) violations.push({ rule: 'duplicateType', type: test.type })
    seen.add(test.type)
    // A weight of 0 is allowed: an eliminating-only test (e.g. health) scores nothing.
    if (!inRange(test.weight)) violations.push({ rule: 'weightRange', actual: test.weight, type: test.type })
  }

  const additional = tests.reduce((sum, t) => sum + t.weight, 0)
  const sum = catWeight + additional
  if (sum !== 100) violations.push({ rule: 'weightsSum', limit: 100, actual: sum })

  const interview = tests.find((t) => t.type === 'WAWANCARA')

  if (input.agencyKind === 'CENTRAL') {
    const l = limits.central
    if (catWeight < l.catMinPercent) violations.push({ rule: 'catMin', limit: l.catMinPercent, actual: catWeight })
    if (additional > l.additionalMaxPercent) {
      violations.push({ rule: 'additionalMax', limit: l.additionalMaxPercent, actual: additional })
    }
    if (interview && interview.weight > l.interviewMaxPercent) {
      violations.push({ rule: 'interviewMax', limit: l.interviewMaxPercent, actual: interview.weight })
    }
    if (tests.length > l.maxAdditionalTypes) {
      violations.push({ rule: 'tooManyTypes', limit: l.maxAdditionalTypes, actual: tests.length })
    }
  } else {
    const l = limits.regional
    if (catWeight < l.catMinPercent) violations.push({ rule: 'catMin', limit: l.catMinPercent, actual: catWeight })
    if (additional > l.additionalMaxPercent) {
      violations.push({ rule: 'additionalMax', limit: l.additionalMaxPercent, actual: additional })
    }
    if (interview && !l.interviewAllowed) violations.push({ rule: 'interviewNotAllowed', type: 'WAWANCARA' })
    if (tests.length > l.maxAdditionalTypes) {
      violations.push({ rule: 'tooManyTypes', limit: l.maxAdditionalTypes, actual: tests.length })
    }
    if (tests.length > 0 && l.onlyHighlyTechnical && input.highlyTechnical === false) {
      violations.push({ rule: 'onlyHighlyTechnical' })
    }
  }
  return violations
}
