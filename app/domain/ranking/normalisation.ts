/**
 * Multi-session normalisation by the equipercentile method (beyond the national rule; issue 8).
 * Each score's percentile rank within its own session is mapped onto the pooled distribution of all
 * sessions: the normalised score is the pooled score at the same percentile rank. The committee sees
 * it side by side with the raw score before deciding to use it.
 */

/** Mid-point percentile rank of `x` in a sorted list: (below + ½·equal) / n, in [0, 1]. */
export function percentileRank(sorted: readonly number[], x: number) {
  let below = 0
  let equal = 0
  for (const v of sorted) {
    if (v < x) below++
    else if (v === x) equal++
  }
  return sorted.length ? (below + equal / 2) / sorted.length : 0
}

/** The pooled score at percentile rank p (linear interpolation between order statistics). */
export function scoreAtPercentile(sorted: readonly number[], p: number) {
  if (!sorted.length) return 0
  const pos = Math.min(Math.max(p * sorted.length - 0.5, 0), sorted.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

export type SessionScore = { id: string; session: string; score: number }
export type NormalisedScore = SessionScore & { percentile: number; normalised: number }

export function equipercentile(scores: readonly SessionScore[]): NormalisedScore[] {
  const pooled = scores.map((s) => s.score).sort((a, b) => a - b)
  const bySession = new Map<string, number[]>()
  for (const s of scores) bySession.set(s.session, [...(bySession.get(s.session) ?? []), s.score])
  for (const list of bySession.values()) list.sort((a, b) => a - b)
  return scores.map((s) => {
    const percentile = percentileRank(bySession.get(s.session)!, s.score)
    return { ...s, percentile, normalised: Math.round(scoreAtPercentile(pooled, percentile) * 100) / 100 }
  })
}
