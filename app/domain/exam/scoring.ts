import type { PeriodRules } from '~/domain/selection/rules'
import type { Blueprint } from './blueprints'
import { maxScoreOf, SINGLE_CORRECT_SCORE, type ItemKey, type SubtestCode } from './items'

/**
 * Scoring (domain.md §3, §5, §7). Pure functions over a key, an optional committee correction and
 * the candidate's final answer, so a regrade is just scoring again over the stored answers.
 */

/**
 * The committee's decision after a key challenge (issue 6):
 * - `voided`: the item is annulled and everyone gets its full marks (answered or not);
 * - `acceptedOptions`: these options also earn full marks (an alternative correct key).
 */
export type KeyCorrection = { voided: true } | { acceptedOptions: string[] }

/** Score of one item. A blank answer (null) scores 0 (domain.md §3: "wrong or blank = 0", "blank = 0"). */
export function scoreItem(key: ItemKey, answer: string | null | undefined, correction?: KeyCorrection | null): number {
  const full = maxScoreOf(key)
  if (correction && 'voided' in correction && correction.voided) return full
  if (answer == null || answer === '') return 0
  if (correction && 'acceptedOptions' in correction && correction.acceptedOptions.includes(answer)) return full
  if ('correct' in key) return answer === key.correct ? SINGLE_CORRECT_SCORE : 0
  // An option id the key does not know (a stale or forged answer) scores nothing.
  return key.scores[answer] ?? 0
}

export type ScoredItem = {
  subtest: SubtestCode
  key: ItemKey
  correction?: KeyCorrection | null
  /** 1-based position; defaults to the index in `items` + 1. */
  position?: number
}

export type AttemptScore = {
  bySubtest: Record<SubtestCode, number>
  total: number
}

/**
 * Scores a whole attempt: the sum per subtest and the total. Every subtest of the blueprint is
 * present (0 when nothing was answered); an item of a subtest the blueprint lacks is an error, not
 * silently counted, because that would be a draw bug.
 */
export function scoreAttempt({
  blueprint,
  items,
  answers,
}: {
  blueprint: Blueprint
  items: readonly ScoredItem[]
  answers: ReadonlyMap<number, string | null>
}): AttemptScore {
  const bySubtest = {} as Record<SubtestCode, number>
  const maxPerItem = new Map<SubtestCode, number>()
  for (const s of blueprint.subtests) {
    bySubtest[s.code] = 0
    maxPerItem.set(s.code, s.maxPerItem)
  }
  let total = 0
  items.forEach((item, i) => {
    const cap = maxPerItem.get(item.subtest)
    if (cap === undefined) throw new Error(`Item at position ${item.position ?? i + 1} is ${item.subtest}, not in ${blueprint.code}`)
    const score = Math.min(cap, scoreItem(item.key, answers.get(item.position ?? i + 1) ?? null, item.correction))
    bySubtest[item.subtest] += score
    total += score
  })
  return { bySubtest, total }
}

// ─── SKD pass/fail (domain.md §3) ───

export type SkdScores = { twk: number; tiu: number; tkp: number; total: number }

export type SkdCheck = {
  passed: boolean
  /** Which thresholds applied: the general NAB per subtest, or the special total + TIU. */
  kind: 'general' | 'special'
  /** Each threshold with the score against it, for the result page and the certificate. */
  checks: { part: 'TWK' | 'TIU' | 'TKP' | 'TOTAL'; min: number; score: number; passed: boolean }[]
}

function skdScoresOf(scores: AttemptScore | SkdScores): SkdScores {
  if ('bySubtest' in scores) {
    return { twk: scores.bySubtest.TWK ?? 0, tiu: scores.bySubtest.TIU ?? 0, tkp: scores.bySubtest.TKP ?? 0, total: scores.total }
  }
  return scores
}

/**
 * The SKD thresholds for a formasi type: general types need every subtest's NAB (2024: TWK 65,
 * TIU 80, TKP 166); special types listed in the rules need a minimum total and TIU only.
 */
export function skdCheck(scores: AttemptScore | SkdScores, formasiTypeCode: string, rules: Pick<PeriodRules, 'skdThresholds'>): SkdCheck {
  const s = skdScoresOf(scores)
  const special = rules.skdThresholds.special[formasiTypeCode]
  const row = (part: SkdCheck['checks'][number]['part'], min: number, score: number) => ({ part, min, score, passed: score >= min })
  const checks = special
    ? [row('TIU', special.tiu, s.tiu), row('TOTAL', special.total, s.total)]
    : [
        row('TWK', rules.skdThresholds.general.twk, s.twk),
        row('TIU', rules.skdThresholds.general.tiu, s.tiu),
        row('TKP', rules.skdThresholds.general.tkp, s.tkp),
      ]
  return { passed: checks.every((c) => c.passed), kind: special ? 'special' : 'general', checks }
}

export function skdPassed(scores: AttemptScore | SkdScores, formasiTypeCode: string, rules: Pick<PeriodRules, 'skdThresholds'>): boolean {
  return skdCheck(scores, formasiTypeCode, rules).passed
}

// ─── PPPK (domain.md §7) ───

export type PppkResult = {
  technical: number
  managerial: number
  socioCultural: number
  /** Managerial + socio-cultural, reported together (max 180). */
  managerialSocioCultural: number
  interview: number
  total: number
  /** "No passing grade: the pass is by best rank" — so never a pass/fail here. */
  passed: null
}

export function pppkResult(scores: AttemptScore): PppkResult {
  const technical = scores.bySubtest.TEKNIS ?? 0
  const managerial = scores.bySubtest.MANAJERIAL ?? 0
  const socioCultural = scores.bySubtest.SOSIOKULTURAL ?? 0
  const interview = scores.bySubtest.WAWANCARA ?? 0
  return {
    technical,
    managerial,
    socioCultural,
    managerialSocioCultural: managerial + socioCultural,
    interview,
    total: technical + managerial + socioCultural + interview,
    passed: null,
  }
}

/**
 * Orders PPPK candidates of the same priority group best first by the tie-break of PermenPANRB
 * 6/2024 Pasal 47 (domain.md §7): total, then technical, then managerial + socio-cultural, then
 * interview, then the older candidate. Priority groups are ranked before this (issue 8).
 */
export function comparePppk(
  a: PppkResult & { birthDate: Date },
  b: PppkResult & { birthDate: Date },
): number {
  return (
    b.total - a.total ||
    b.technical - a.technical ||
    b.managerialSocioCultural - a.managerialSocioCultural ||
    b.interview - a.interview ||
    a.birthDate.getTime() - b.birthDate.getTime()
  )
}
