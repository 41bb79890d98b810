import { RULES_2024 } from '~/domain/selection/rules'
import { validateSkbWeights, type SkbTest } from './skb-weights'

const limits = RULES_2024.skbWeightLimits
const rules = (input: Parameters<typeof validateSkbWeights>[0]) => validateSkbWeights(input, limits).map((v) => v.rule)
const t = (type: string, weight: number, eliminating = false): SkbTest => ({ type, weight, eliminating })

describe('central agencies (domain.md §5: "Central: CAT is the main score, ≥50%; additional tests together ≤50%; interview ≤10%"; "Central agencies may add ≤3 types")', () => {
  test('the Kemenkumham 2024 example is valid: "CAT 50%; health + psych 10% (eliminating); work practice 30%; interview 10%"', () => {
    expect(
      validateSkbWeights(
        {
          agencyKind: 'CENTRAL',
          catWeight: 50,
          tests: [t('PSIKOTES', 10, true), t('PRAKTIK_KERJA', 30), t('WAWANCARA', 10)],
        },
        limits,
      ),
    ).toEqual([])
  })

  test('CAT only (as 9 agencies did in 2024) is valid with CAT 100 %', () => {
    expect(rules({ agencyKind: 'CENTRAL', catWeight: 100, tests: [] })).toEqual([])
  })

  test('CAT below 50 % is refused, naming the limit', () => {
    const v = validateSkbWeights({ agencyKind: 'CENTRAL', catWeight: 45, tests: [t('PRAKTIK_KERJA', 45), t('PSIKOTES', 10)] }, limits)
    expect(v).toContainEqual({ rule: 'catMin', limit: 50, actual: 45 })
    expect(v).toContainEqual({ rule: 'additionalMax', limit: 50, actual: 55 })
  })

  test('an interview above 10 % is refused; exactly 10 % is allowed', () => {
    expect(rules({ agencyKind: 'CENTRAL', catWeight: 60, tests: [t('WAWANCARA', 15), t('PSIKOTES', 25)] })).toEqual(['interviewMax'])
    expect(rules({ agencyKind: 'CENTRAL', catWeight: 60, tests: [t('WAWANCARA', 10), t('PSIKOTES', 30)] })).toEqual([])
  })

  test('a fourth additional test type is refused', () => {
    expect(
      rules({
        agencyKind: 'CENTRAL',
        catWeight: 60,
        tests: [t('PSIKOTES', 10), t('TPA', 10), t('BAHASA_ASING', 10), t('WAWANCARA', 10)],
      }),
    ).toEqual(['tooManyTypes'])
  })
})

describe('regional agencies (domain.md §5: "Regional agencies may add ≤1 type, only for highly technical positions, and not an interview"; "Regional (as reported): CAT ≥50%, additional ≤40%")', () => {
  test('one test of at most 40 % is valid', () => {
    expect(rules({ agencyKind: 'REGIONAL', catWeight: 60, tests: [t('PRAKTIK_KERJA', 40)] })).toEqual([])
  })

  test('additional above 40 % is refused even though CAT is still ≥ 50 %', () => {
    expect(validateSkbWeights({ agencyKind: 'REGIONAL', catWeight: 50, tests: [t('PRAKTIK_KERJA', 50)] }, limits)).toEqual([
      { rule: 'additionalMax', limit: 40, actual: 50 },
    ])
  })

  test('an interview is refused', () => {
    expect(rules({ agencyKind: 'REGIONAL', catWeight: 90, tests: [t('WAWANCARA', 10)] })).toEqual(['interviewNotAllowed'])
  })

  test('a second test type is refused', () => {
    expect(rules({ agencyKind: 'REGIONAL', catWeight: 70, tests: [t('PSIKOTES', 10), t('PRAKTIK_KERJA', 20)] })).toEqual([
      'tooManyTypes',
    ])
  })

  test('a test on a position known not to be highly technical is refused; unknown is not judged', () => {
    expect(rules({ agencyKind: 'REGIONAL', catWeight: 70, tests: [t('PRAKTIK_KERJA', 30)], highlyTechnical: false })).toEqual([
      'onlyHighlyTechnical',
    ])
    expect(rules({ agencyKind: 'REGIONAL', catWeight: 70, tests: [t('PRAKTIK_KERJA', 30)], highlyTechnical: true })).toEqual([])
    expect(rules({ agencyKind: 'REGIONAL', catWeight: 70, tests: [t('PRAKTIK_KERJA', 30)] })).toEqual([])
  })
})

describe('weights of any agency', () => {
  test('weights must sum to 100', () => {
    expect(validateSkbWeights({ agencyKind: 'CENTRAL', catWeight: 60, tests: [t('PSIKOTES', 30)] }, limits)).toEqual([
      { rule: 'weightsSum', limit: 100, actual: 90 },
    ])
  })

  test('an eliminating-only test may weigh 0 %', () => {
    expect(rules({ agencyKind: 'CENTRAL', catWeight: 100, tests: [t('KESEHATAN_JIWA', 0, true)] })).toEqual([])
  })

  test('unknown and repeated test types and out-of-range weights are refused', () => {
    expect(rules({ agencyKind: 'CENTRAL', catWeight: 80, tests: [t('MENARI', 20)] })).toEqual(['unknownType'])
    expect(rules({ agencyKind: 'CENTRAL', catWeight: 80, tests: [t('TPA', 10), t('TPA', 10)] })).toEqual(['duplicateType'])
    expect(rules({ agencyKind: 'CENTRAL', catWeight: 110, tests: [t('TPA', -10)] })).toEqual(['weightRange', 'weightRange'])
  })

  test('the limits come from the period rules, not from code', () => {
    const stricter = { ...limits, central: { ...limits.central, catMinPercent: 70 } }
    expect(validateSkbWeights({ agencyKind: 'CENTRAL', catWeight: 60, tests: [t('TPA', 40)] }, stricter).map((v) => v.rule)).toEqual([
      'catMin',
    ])
  })
})
