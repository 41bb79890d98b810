/**
 * The final score of a candidate in an additional test from the independent assessors' scores
 * (issue 7, domain.md §5). Two assessors score each candidate; when their scores differ by more than
 * the configured gap, a third assessor adjudicates, and the configured rule decides the final score.
 * The rule is data on the test configuration, shown to the panel, assessors and candidates.
 */
export const FINAL_SCORE_RULES = ['MEAN_CLOSEST_TWO', 'ADJUDICATOR', 'MEAN_ALL'] as const
export type FinalScoreRule = (typeof FINAL_SCORE_RULES)[number]

export function isFinalScoreRule(value: string): value is FinalScoreRule {
  return (FINAL_SCORE_RULES as readonly string[]).includes(value)
}

export const DEFAULT_GAP_THRESHOLD = 15
export const DEFAULT_ASSESSORS_PER_CANDIDATE = 2

const round2 = (n: number) => Math.round(n * 100) / 100
const mean = (xs: readonly number[]) => round2(xs.reduce((a, b) => a + b, 0) / xs.length)

/** Largest difference between the primary assessors' scores. */
export function scoreGap(primary: readonly number[]): number {
  if (primary.length < 2) return 0
  return round2(Math.max(...primary) - Math.min(...primary))
}

/** Whether the primary scores differ by more than the threshold (equal to it is still agreement). */
export function needsAdjudication(primary: readonly number[], gapThreshold: number): boolean {
  return scoreGap(primary) > gapThreshold
}

export type FinalScoreInput = {
  rule: FinalScoreRule
  gapThreshold: number
  /** The submitted scores of the primary assessors (0–100 each). */
  primary: readonly number[]
  /** The adjudicator's submitted score, when there is one. */
  adjudicator?: number | null
  /** How many primary scores are expected (the panel size per candidate). */
  expectedPrimary: number
}

export type FinalScoreOutcome =
  | { status: 'pending'; waitingFor: 'primary' | 'adjudicator' }
  | { status: 'final'; score: number; adjudicated: boolean }

/**
 * - Not all primary scores in: pending.
 * - Gap within the threshold: the mean of the primary scores.
 * - Gap above it: pending until the adjudicator submits, then by rule —
 *   ADJUDICATOR: the adjudicator's score; MEAN_CLOSEST_TWO: the mean of the two closest of all scores
 *   (ties: the pair with the higher mean, so a tie never lowers a candidate arbitrarily);
 *   MEAN_ALL: the mean of all scores.
 */
export function finalScore(input: FinalScoreInput): FinalScoreOutcome {
  const { primary, expectedPrimary } = input
  if (primary.length < expectedPrimary || primary.length === 0) return { status: 'pending', waitingFor: 'primary' }
  if (!needsAdjudication(primary, input.gapThreshold)) return { status: 'final', score: mean(primary), adjudicated: false }
  if (input.adjudicator === undefined || input.adjudicator === null) return { status: 'pending', waitingFor: 'adjudicator' }
  const all = [...primary, input.adjudicator]
  switch (input.rule) {
    case 'ADJUDICATOR':
      return { status: 'final', score: round2(input.adjudicator), adjudicated: true }
    case 'MEAN_ALL':
      return { status: 'final', score: mean(all), adjudicated: true }
    case 'MEAN_CLOSEST_TWO': {
      let best: [number, number] | null = null
      for (let i = 0; i < all.length; i++) {
        for (let j = i + 1; j < all.length; j++) {
          const pair: [number, number] = [all[i]!, all[j]!]
          if (!best) {
            best = pair
            continue
          }
          const d = Math.abs(pair[0] - pair[1])
          const bestD = Math.abs(best[0] - best[1])
          if (d < bestD || (d === bestD && pair[0] + pair[1] > best[0] + best[1])) best = pair
        }
      }
      return { status: 'final', score: mean(best!), adjudicated: true }
    }
  }
}

/** Eliminating tests: a final score below the announced pass score eliminates (gugur). */
export function isEliminated(score: number, eliminating: boolean, passScore: number | null): boolean {
  return eliminating && passScore !== null && score < passScore
}
