import { assignEvenly, pairKey, pickAdjudicator } from './assignment'
import { mulberry32 } from '~/utils/seeded-random'

/** A seeded generator (mulberry32), so a "random" assignment is repeatable in a test. */
const seeded = mulberry32
const candidates = Array.from({ length: 10 }, (_, i) => `c${i}`)
const assessors = ['a', 'b', 'c']
const loads = (pairs: { assessorId: string }[]) => assessors.map((a) => pairs.filter((p) => p.assessorId === a).length)

describe('assignment (issue 7: "spreads candidates over assessors evenly and randomly within the conflict rules")', () => {
  test('every candidate gets two different assessors and loads differ by at most one', () => {
    const { pairs, short } = assignEvenly({ candidates, assessors, perCandidate: 2, conflicts: new Set(), random: seeded(1) })
    expect(short).toEqual([])
    expect(pairs).toHaveLength(20)
    for (const c of candidates) {
      const mine = pairs.filter((p) => p.candidateId === c).map((p) => p.assessorId)
      expect(new Set(mine).size).toBe(2)
    }
    const l = loads(pairs)
    expect(Math.max(...l) - Math.min(...l)).toBeLessThanOrEqual(1)
  })

  test('a conflicted pair is never assigned, and the load still evens out', () => {
    const conflicts = new Set([pairKey('c0', 'a'), pairKey('c1', 'a'), pairKey('c2', 'b')])
    for (let seed = 1; seed < 30; seed++) {
      const { pairs, short } = assignEvenly({ candidates, assessors, perCandidate: 2, conflicts, random: seeded(seed) })
      expect(short).toEqual([])
      expect(pairs.some((p) => conflicts.has(pairKey(p.candidateId, p.assessorId)))).toBe(false)
      const l = loads(pairs)
      expect(Math.max(...l) - Math.min(...l)).toBeLessThanOrEqual(1)
    }
  })

  test('is random: different seeds give different assignments', () => {
    const a = assignEvenly({ candidates, assessors, perCandidate: 1, conflicts: new Set(), random: seeded(1) }).pairs
    const b = assignEvenly({ candidates, assessors, perCandidate: 1, conflicts: new Set(), random: seeded(2) }).pairs
    const asMap = (ps: typeof a) => JSON.stringify(Object.fromEntries(ps.map((p) => [p.candidateId, p.assessorId])))
    expect(asMap(a)).not.toEqual(asMap(b))
  })

  test('a candidate without enough assessors free of conflict is reported, not assigned to a conflicted one', () => {
    const conflicts = new Set([pairKey('c0', 'a'), pairKey('c0', 'b')])
    const { pairs, short } = assignEvenly({ candidates: ['c0'], assessors, perCandidate: 2, conflicts, random: seeded(3) })
    expect(pairs).toEqual([{ candidateId: 'c0', assessorId: 'c' }])
    expect(short).toEqual([{ candidateId: 'c0', missing: 1 }])
  })

  test('existing assignments are kept and counted', () => {
    const { pairs } = assignEvenly({
      candidates: ['c0', 'c1'],
      assessors,
      perCandidate: 2,
      conflicts: new Set(),
      existing: [{ candidateId: 'c0', assessorId: 'a' }],
      random: seeded(4),
    })
    expect(pairs.filter((p) => p.candidateId === 'c0')).toHaveLength(1)
    expect(pairs.some((p) => p.candidateId === 'c0' && p.assessorId === 'a')).toBe(false)
  })

  test('the adjudicator is a third assessor without conflict, blind by construction (not one of the two)', () => {
    const load = new Map([['a', 1], ['b', 1], ['c', 5], ['d', 0]])
    expect(
      pickAdjudicator({ candidateId: 'c0', assessors: ['a', 'b', 'c', 'd'], alreadyAssigned: ['a', 'b'], conflicts: new Set([pairKey('c0', 'd')]), load, random: seeded(5) }),
    ).toBe('c')
    expect(pickAdjudicator({ candidateId: 'c0', assessors: ['a', 'b'], alreadyAssigned: ['a', 'b'], conflicts: new Set(), load, random: seeded(5) })).toBeNull()
  })
})
