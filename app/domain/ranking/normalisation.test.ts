import { describe, expect, test } from 'vitest'
import { equipercentile, percentileRank, scoreAtPercentile } from './normalisation'

const byId = (list: ReturnType<typeof equipercentile>) => Object.fromEntries(list.map((n) => [n.id, n.normalised]))

describe('equipercentile normalisation (issue 8, beyond the national rule)', () => {
  test('percentile rank is the mid-point rank: (below + equal/2) / n', () => {
    expect(percentileRank([10, 20, 20, 40], 20)).toBe(0.5)
    expect(percentileRank([10, 20, 20, 40], 10)).toBe(0.125)
    expect(percentileRank([], 10)).toBe(0)
  })
  test('the pooled score at a percentile interpolates between order statistics and stays within the pool', () => {
    const pooled = [10, 20, 30, 40, 50, 60]
    expect(scoreAtPercentile(pooled, 0.25)).toBe(20)
    expect(scoreAtPercentile(pooled, 0.875)).toBe(57.5)
    expect(scoreAtPercentile(pooled, 0)).toBe(10)
    expect(scoreAtPercentile(pooled, 1)).toBe(60)
  })
  test('a score keeps its percentile within its session and takes the pooled score there (worked example)', () => {
    // Session A: 10 20 30 40; session B: 50 60. Pooled: 10 20 30 40 50 60.
    const scores = [
      ...[10, 20, 30, 40].map((score) => ({ id: `a${score}`, session: 'A', score })),
      ...[50, 60].map((score) => ({ id: `b${score}`, session: 'B', score })),
    ]
    // b50: 0.5/2 = 25th percentile → position 6×0.25−0.5 = 1 → 20; a40: 3.5/4 → 4.75 → 57.5.
    expect(byId(equipercentile(scores))).toEqual({ a10: 12.5, a20: 27.5, a30: 42.5, a40: 57.5, b50: 20, b60: 50 })
  })
  test('the best of an easy session no longer beats the best of a hard one by the raw margin; order within a session is kept', () => {
    const hard = [300, 320, 340, 360].map((score, i) => ({ id: `h${i}`, session: 'hard', score }))
    const easy = [360, 380, 400, 420].map((score, i) => ({ id: `e${i}`, session: 'easy', score }))
    const n = byId(equipercentile([...hard, ...easy]))
    expect(n.h3).toBe(n.e3)
    expect(n.h0! < n.h1! && n.h1! < n.h2! && n.h2! < n.h3!).toBe(true)
    // Equal raw scores in one session stay equal.
    const tied = byId(equipercentile([{ id: 'x', session: 'A', score: 5 }, { id: 'y', session: 'A', score: 5 }, { id: 'z', session: 'B', score: 9 }]))
    expect(tied.x).toBe(tied.y)
  })
  test('one session only: every score maps onto itself', () => {
    const scores = [300, 310, 310, 350].map((score, i) => ({ id: String(i), session: 'S', score }))
    expect(equipercentile(scores).map((s) => s.normalised)).toEqual([300, 310, 310, 350])
  })
})
