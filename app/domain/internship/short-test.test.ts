import { getBlueprint, internshipBlueprintCode, internshipParts, BLUEPRINTS } from '~/domain/exam/blueprints'
import {
  byTestTotal,
  mayTakeShortTest,
  shortTestEditable,
  shortTestOutcome,
  shortTestProblems,
  shortTestWindow,
  usedParts,
  type BankInventory,
  type ShortTestConfig,
} from './short-test'

const NOW = new Date('2026-12-03T01:00:00Z') // 08:00 WIB
const HOUR = 3_600_000
const bank: BankInventory = { TIU: { 1: 12, 2: 14, 3: 12 }, TWK: { 1: 9, 2: 12, 3: 9 }, TKP: { 1: 3, 2: 40, 3: 40 } }
const config = (over: Partial<ShortTestConfig> = {}): ShortTestConfig => ({
  parts: [
    { code: 'TIU', count: 20 },
    { code: 'TWK', count: 10 },
  ],
  durationMinutes: 30,
  opensAt: new Date(NOW.getTime() + HOUR),
  closesAt: new Date(NOW.getTime() + 26 * HOUR),
  ...over,
})

describe('the short test configuration (issue 9: subtests and counts from the bank, 15–90 min, a window)', () => {
  test('the demo default is valid against a bank that holds its mix', () => {
    expect(shortTestProblems(config(), bank, NOW)).toEqual([])
  })

  test('item counts: at least one subtest, 5–60 per subtest, at most 60 in all, no subtest twice', () => {
    expect(shortTestProblems(config({ parts: [{ code: 'TIU', count: 0 }] }), bank, NOW)).toEqual([{ field: 'parts', error: 'none' }])
    expect(shortTestProblems(config({ parts: [{ code: 'TIU', count: 4 }] }), bank, NOW)).toEqual([{ field: 'parts', error: 'partSize', subtest: 'TIU' }])
    const big = { 1: 99, 2: 99, 3: 99 } as const
    const tooMany = shortTestProblems(config({ parts: [{ code: 'TIU', count: 35 }, { code: 'TWK', count: 30 }] }), { TIU: big, TWK: big }, NOW)
    expect(tooMany).toEqual([{ field: 'parts', error: 'tooMany' }])
    expect(shortTestProblems(config({ parts: [{ code: 'TIU', count: 5 }, { code: 'TIU', count: 5 }] }), bank, NOW)).toContainEqual({ field: 'parts', error: 'duplicate', subtest: 'TIU' })
    expect(shortTestProblems(config({ parts: [{ code: 'XYZ' as never, count: 5 }] }), bank, NOW)).toEqual([{ field: 'parts', error: 'unknownSubtest', subtest: 'XYZ' }])
  })

  test('the bank must hold the difficulty mix the draw will ask for, per level', () => {
    // TKP 20 needs 6 easy (30 %); the bank holds 3.
    expect(shortTestProblems(config({ parts: [{ code: 'TKP', count: 20 }] }), bank, NOW)).toEqual([
      { field: 'parts', error: 'bank', subtest: 'TKP', difficulty: 1, needed: 6, available: 3 },
    ])
    // A subtest the bank lacks entirely fails on every level.
    expect(shortTestProblems(config({ parts: [{ code: 'MANAJERIAL', count: 10 }] }), bank, NOW)).toHaveLength(3)
  })

  test('duration 15–90 minutes, whole minutes', () => {
    expect(shortTestProblems(config({ durationMinutes: 14 }), bank, NOW)).toEqual([{ field: 'durationMinutes', error: 'range' }])
    expect(shortTestProblems(config({ durationMinutes: 91 }), bank, NOW)).toEqual([{ field: 'durationMinutes', error: 'range' }])
    expect(shortTestProblems(config({ durationMinutes: 15 }), bank, NOW)).toEqual([])
    expect(shortTestProblems(config({ durationMinutes: 90 }), bank, NOW)).toEqual([])
    expect(shortTestProblems(config({ durationMinutes: 30.5 }), bank, NOW)).toEqual([{ field: 'durationMinutes', error: 'range' }])
  })

  test('the window closes after it opens, holds the whole test, lasts at most 14 days and is not over', () => {
    const at = (h: number) => new Date(NOW.getTime() + h * HOUR)
    expect(shortTestProblems(config({ opensAt: at(5), closesAt: at(5) }), bank, NOW)).toEqual([{ field: 'closesAt', error: 'order' }])
    expect(shortTestProblems(config({ opensAt: at(1), closesAt: new Date(at(1).getTime() + 29 * 60_000) }), bank, NOW)).toEqual([{ field: 'closesAt', error: 'tooShort' }])
    expect(shortTestProblems(config({ opensAt: at(1), closesAt: at(1 + 14 * 24 + 1) }), bank, NOW)).toEqual([{ field: 'closesAt', error: 'tooLong' }])
    expect(shortTestProblems(config({ opensAt: at(-3), closesAt: at(-1) }), bank, NOW)).toEqual([{ field: 'closesAt', error: 'past' }])
    // An already open window (opened an hour ago) is fine: an agency may open it at once.
    expect(shortTestProblems(config({ opensAt: at(-1), closesAt: at(2) }), bank, NOW)).toEqual([])
  })
})

describe('window, who may take it, outcome', () => {
  const opens = new Date('2026-12-04T01:00:00Z')
  const closes = new Date('2026-12-05T16:59:00Z')
  test('window is [opensAt, closesAt)', () => {
    expect(shortTestWindow(opens, closes, new Date(opens.getTime() - 1))).toBe('upcoming')
    expect(shortTestWindow(opens, closes, opens)).toBe('open')
    expect(shortTestWindow(opens, closes, new Date(closes.getTime() - 1))).toBe('open')
    expect(shortTestWindow(opens, closes, closes)).toBe('closed')
  })

  test('only shortlisted students may start; the configuration is frozen by the first attempt', () => {
    expect(mayTakeShortTest('SHORTLISTED')).toBe(true)
    for (const s of ['SUBMITTED', 'CAMPUS_VERIFIED', 'CAMPUS_RETURNED', 'REJECTED', 'OFFERED', 'WITHDRAWN']) expect(mayTakeShortTest(s), s).toBe(false)
    expect(shortTestEditable(0)).toBe(true)
    expect(shortTestEditable(1)).toBe(false)
  })

  test('a student who never starts is "tidak hadir" once the window closed, with or without an attempt row', () => {
    expect(shortTestOutcome(null, 'open')).toBe('open')
    expect(shortTestOutcome(null, 'upcoming')).toBe('upcoming')
    expect(shortTestOutcome(null, 'closed')).toBe('absent')
    expect(shortTestOutcome('NOT_STARTED', 'closed')).toBe('absent')
    expect(shortTestOutcome('ABSENT', 'closed')).toBe('absent')
    expect(shortTestOutcome('IN_PROGRESS', 'open')).toBe('inProgress')
    expect(shortTestOutcome('AUTO_SUBMITTED', 'closed')).toBe('scoring')
    expect(shortTestOutcome('SCORED', 'closed')).toBe('scored')
  })

  test('ordering by test total: highest first, unscored last, ties keep their order', () => {
    const rows = [
      { id: 'a', testTotal: null },
      { id: 'b', testTotal: 80 },
      { id: 'c', testTotal: 120 },
      { id: 'd', testTotal: 80 },
      { id: 'e', testTotal: 0 },
    ]
    expect(byTestTotal(rows).map((r) => r.id)).toEqual(['c', 'b', 'd', 'e', 'a'])
  })
})

describe('MAGANG blueprints are self-describing codes the engine resolves', () => {
  test('code round trip; 5/0 scoring and the standard mix; no selection threshold', () => {
    const parts = usedParts([
      { code: 'TIU', count: 20 },
      { code: 'TKP', count: 0 },
      { code: 'TWK', count: 10 },
    ])
    const code = internshipBlueprintCode(parts)
    expect(code).toBe('MAGANG:TIU=20,TWK=10')
    expect(internshipParts(code)).toEqual(parts)
    const b = getBlueprint(code)
    expect(b).toMatchObject({ testKind: 'MAGANG', maxTotal: 150 })
    expect(b.subtests.map((s) => [s.code, s.itemCount, s.difficultyMix])).toEqual([
      ['TIU', 20, { 1: 6, 2: 8, 3: 6 }],
      ['TWK', 10, { 1: 3, 2: 4, 3: 3 }],
    ])
    expect(BLUEPRINTS.MAGANG_2026.subtests.map((s) => s.code)).toEqual(['TIU', 'TWK'])
    expect(internshipParts('MAGANG:TIU=0')).toBeNull()
    expect(internshipParts('MAGANG:tiu=5')).toBeNull()
    expect(() => getBlueprint('MAGANG:')).toThrow(/Unknown blueprint/)
  })
})
