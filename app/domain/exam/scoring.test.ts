import { RULES_2024 } from '~/domain/selection/rules'
import { BLUEPRINTS } from './blueprints'
import type { ItemKey, SubtestCode } from './items'
import { comparePppk, pppkResult, scoreAttempt, scoreItem, skdCheck, skdPassed, type ScoredItem } from './scoring'

const single: ItemKey = { correct: 'C' }
const tkp: ItemKey = { scores: { A: 1, B: 2, C: 5, D: 3, E: 4 } }
const pppk: ItemKey = { scores: { A: 4, B: 1, C: 3, D: 2 } }

describe('one item (domain.md §3: TWK/TIU "correct = 5; wrong or blank = 0"; TKP "each option scores 1–5; blank = 0")', () => {
  test('a single-answer item gives 5 for the key and 0 for a wrong or blank answer', () => {
    expect(scoreItem(single, 'C')).toBe(5)
    expect(scoreItem(single, 'A')).toBe(0)
    expect(scoreItem(single, null)).toBe(0)
  })

  test('a TKP item gives the chosen option its own 1–5 score and 0 when blank', () => {
    expect(['A', 'B', 'C', 'D', 'E'].map((o) => scoreItem(tkp, o))).toEqual([1, 2, 5, 3, 4])
    expect(scoreItem(tkp, null)).toBe(0)
  })

  test('domain.md §7: a PPPK managerial item gives 1–4 per answer, blank = 0', () => {
    expect(['A', 'B', 'C', 'D'].map((o) => scoreItem(pppk, o))).toEqual([4, 1, 3, 2])
    expect(scoreItem(pppk, null)).toBe(0)
  })

  test('an option the key does not know scores nothing', () => {
    expect(scoreItem(single, 'Z')).toBe(0)
    expect(scoreItem(tkp, 'Z')).toBe(0)
  })
})

describe('key corrections after a key challenge (issue 6: void gives marks to all; alternative keys accepted)', () => {
  test('a voided item gives full marks to everyone, including blank answers', () => {
    expect(scoreItem(single, 'A', { voided: true })).toBe(5)
    expect(scoreItem(single, null, { voided: true })).toBe(5)
    expect(scoreItem(tkp, 'A', { voided: true })).toBe(5)
    expect(scoreItem(pppk, 'B', { voided: true })).toBe(4)
  })

  test('an accepted alternative option earns full marks; the original key still does; others still do not', () => {
    const c = { acceptedOptions: ['D'] }
    expect(scoreItem(single, 'D', c)).toBe(5)
    expect(scoreItem(single, 'C', c)).toBe(5)
    expect(scoreItem(single, 'A', c)).toBe(0)
    expect(scoreItem(single, null, c)).toBe(0)
  })

  test('a regrade is scoring again: the same stored answers give a new total once the correction applies', () => {
    const items: ScoredItem[] = [
      { subtest: 'TWK', key: single },
      { subtest: 'TWK', key: single },
    ]
    const answers = new Map([
      [1, 'A'],
      [2, 'C'],
    ])
    expect(scoreAttempt({ blueprint: BLUEPRINTS.SKD_2024, items, answers }).total).toBe(5)
    items[0] = { ...items[0]!, correction: { acceptedOptions: ['A'] } }
    expect(scoreAttempt({ blueprint: BLUEPRINTS.SKD_2024, items, answers }).total).toBe(10)
  })
})

/** A full SKD attempt where the candidate gets `right` TWK/TIU items right and picks TKP option scores. */
function skdAttempt(twkRight: number, tiuRight: number, tkpScores: number[]) {
  const items: ScoredItem[] = []
  const answers = new Map<number, string | null>()
  const add = (subtest: SubtestCode, key: ItemKey, answer: string | null) => {
    items.push({ subtest, key })
    answers.set(items.length, answer)
  }
  for (let i = 0; i < 30; i++) add('TWK', single, i < twkRight ? 'C' : i % 2 ? 'A' : null)
  for (let i = 0; i < 35; i++) add('TIU', single, i < tiuRight ? 'C' : 'B')
  for (let i = 0; i < 45; i++) {
    const s = tkpScores[i]
    add('TKP', tkp, s === undefined ? null : Object.entries((tkp as { scores: Record<string, number> }).scores).find(([, v]) => v === s)![0])
  }
  return scoreAttempt({ blueprint: BLUEPRINTS.SKD_2024, items, answers })
}

describe('a whole SKD attempt (domain.md §3: "TWK 30, TIU 35, TKP 45 … Total 110 … 550")', () => {
  test('all best answers give the maxima 150 / 175 / 225 = 550', () => {
    const s = skdAttempt(30, 35, Array(45).fill(5))
    expect(s.bySubtest).toEqual({ TWK: 150, TIU: 175, TKP: 225 })
    expect(s.total).toBe(550)
  })

  test('nothing answered gives 0 in every subtest, not a missing key', () => {
    const s = skdAttempt(0, 0, [])
    expect(s.bySubtest).toEqual({ TWK: 0, TIU: 0, TKP: 0 })
    expect(s.total).toBe(0)
  })

  test('an item of a subtest outside the blueprint is refused', () => {
    expect(() =>
      scoreAttempt({ blueprint: BLUEPRINTS.SKD_2024, items: [{ subtest: 'TEKNIS', key: single }], answers: new Map() }),
    ).toThrow(/TEKNIS/)
  })
})

describe('SKD pass/fail (domain.md §3: 2024 NAB "TWK 65, TIU 80, TKP 166 … each sub-test must pass")', () => {
  const scores = (twk: number, tiu: number, tkp: number) => ({ twk, tiu, tkp, total: twk + tiu + tkp })

  test('exactly at every threshold passes (sum 311)', () => {
    expect(skdPassed(scores(65, 80, 166), 'UMUM', RULES_2024)).toBe(true)
  })

  test('a high total does not make up for one subtest below its threshold', () => {
    expect(skdPassed(scores(150, 175, 165), 'UMUM', RULES_2024)).toBe(false)
    expect(skdCheck(scores(60, 175, 225), 'UMUM', RULES_2024).checks.filter((c) => !c.passed).map((c) => c.part)).toEqual(['TWK'])
  })

  test('works on the result of scoreAttempt: exactly 65 / 80 / 166 passes, one TIU item fewer fails', () => {
    const s = skdAttempt(13, 16, [...Array(31).fill(4), ...Array(14).fill(3)]) // 65 / 80 / 166
    expect(s.bySubtest).toEqual({ TWK: 65, TIU: 80, TKP: 166 })
    expect(skdPassed(s, 'UMUM', RULES_2024)).toBe(true)
    const t = skdAttempt(13, 15, [...Array(31).fill(4), ...Array(14).fill(3)])
    expect(skdPassed(t, 'UMUM', RULES_2024)).toBe(false)
  })
})

describe('special thresholds (domain.md §3: "No TWK/TKP sub-thresholds apply": cumlaude/diaspora 311 + TIU 85; disabled, Papua, disadvantaged 286 + TIU 60)', () => {
  const scores = (twk: number, tiu: number, tkp: number) => ({ twk, tiu, tkp, total: twk + tiu + tkp })

  test('cumlaude: total 311 and TIU 85 pass even with TWK below 65', () => {
    expect(skdPassed(scores(50, 85, 176), 'CUMLAUDE', RULES_2024)).toBe(true)
    expect(skdPassed(scores(60, 80, 200), 'CUMLAUDE', RULES_2024)).toBe(false) // TIU below 85
    expect(skdPassed(scores(50, 85, 175), 'CUMLAUDE', RULES_2024)).toBe(false) // total 310
  })

  test('disability and Papua: total 286 and TIU 60', () => {
    expect(skdPassed(scores(40, 60, 186), 'DISABILITAS', RULES_2024)).toBe(true)
    expect(skdPassed(scores(40, 60, 185), 'PUTRA_PAPUA', RULES_2024)).toBe(false)
    expect(skdCheck(scores(40, 60, 186), 'DAERAH_TERTINGGAL', RULES_2024)).toMatchObject({ kind: 'special', passed: true })
  })

  test('a formasi type the rules do not list uses the general thresholds', () => {
    expect(skdCheck(scores(40, 60, 186), 'UMUM', RULES_2024)).toMatchObject({ kind: 'general', passed: false })
  })
})

describe('PPPK (domain.md §7: technical 450, managerial + socio-cultural 180, interview 40, total 670; "No passing grade")', () => {
  test('the blueprint maxima add up to 670 and the result reports managerial + socio-cultural together', () => {
    const items: ScoredItem[] = [
      ...Array.from({ length: 90 }, () => ({ subtest: 'TEKNIS' as const, key: single })),
      ...Array.from({ length: 25 }, () => ({ subtest: 'MANAJERIAL' as const, key: pppk })),
      ...Array.from({ length: 20 }, () => ({ subtest: 'SOSIOKULTURAL' as const, key: pppk })),
      ...Array.from({ length: 10 }, () => ({ subtest: 'WAWANCARA' as const, key: pppk })),
    ]
    const best = new Map(items.map((it, i) => [i + 1, 'correct' in it.key ? 'C' : 'A']))
    const r = pppkResult(scoreAttempt({ blueprint: BLUEPRINTS.PPPK_2024, items, answers: best }))
    expect(r).toEqual({ technical: 450, managerial: 100, socioCultural: 80, managerialSocioCultural: 180, interview: 40, total: 670, passed: null })
  })

  test('tie-break (Pasal 47): technical, then managerial + socio-cultural, then interview, then older age', () => {
    const r = (technical: number, ms: number, interview: number, born: string) => ({
      technical,
      managerial: ms,
      socioCultural: 0,
      managerialSocioCultural: ms,
      interview,
      total: technical + ms + interview,
      passed: null,
      birthDate: new Date(born),
    })
    const a = r(300, 100, 20, '1990-01-01')
    const b = r(290, 110, 20, '1990-01-01') // same total, less technical
    const c = r(300, 90, 30, '1990-01-01') // same total and technical, less managerial
    const d = r(300, 100, 20, '1985-01-01') // identical scores, older
    expect([b, c, a, d].sort(comparePppk)).toEqual([d, a, c, b])
  })
})
