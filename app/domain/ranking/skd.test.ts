import { RULES_2024 } from '~/domain/selection/rules'
import { compareSkd, meetsSkdThreshold, rankSkdGroup, type SkdCandidate } from './skd'

const rules = RULES_2024
const present = (id: string, twk: number, tiu: number, tkp: number, reused = false): SkdCandidate => ({
  applicationId: id,
  attendance: 'PRESENT',
  score: { twk, tiu, tkp },
  reused,
})
const codes = (r: ReturnType<typeof rankSkdGroup>) => Object.fromEntries(r.map((x) => [x.applicationId, x.code]))

describe('thresholds (domain.md §3: "each sub-test must pass"; special types "Minimum total / Minimum TIU", "No TWK/TKP sub-thresholds apply")', () => {
  test('general type needs TWK 65, TIU 80, TKP 166 each; a high total does not save a failed sub-test', () => {
    expect(meetsSkdThreshold({ twk: 65, tiu: 80, tkp: 166 }, 'UMUM', rules.skdThresholds)).toBe(true)
    expect(meetsSkdThreshold({ twk: 150, tiu: 175, tkp: 165 }, 'UMUM', rules.skdThresholds)).toBe(false)
  })
  test('disabled applicants need total 286 and TIU 60, with no TKP minimum', () => {
    expect(meetsSkdThreshold({ twk: 60, tiu: 60, tkp: 166 }, 'DISABILITAS', rules.skdThresholds)).toBe(true)
    expect(meetsSkdThreshold({ twk: 100, tiu: 55, tkp: 200 }, 'DISABILITAS', rules.skdThresholds)).toBe(false)
  })
  test('cumlaude needs total 311 and TIU 85; a type not listed (Putra/Putri Kalimantan) uses the general NAB', () => {
    expect(meetsSkdThreshold({ twk: 50, tiu: 85, tkp: 176 }, 'CUMLAUDE', rules.skdThresholds)).toBe(true)
    expect(meetsSkdThreshold({ twk: 50, tiu: 85, tkp: 176 }, 'PUTRA_KALIMANTAN', rules.skdThresholds)).toBe(false)
  })
})

describe('SKD ranking (domain.md §4)', () => {
  test('"SKD tie-break: TKP, then TIU, then TWK" after the total', () => {
    const a = { twk: 100, tiu: 100, tkp: 200 } // 400
    const b = { twk: 90, tiu: 100, tkp: 210 } // 400, better TKP
    const c = { twk: 90, tiu: 110, tkp: 200 } // 400, same TKP as a, better TIU
    expect([a, b, c].sort(compareSkd)).toEqual([b, c, a])
    expect(compareSkd({ twk: 100, tiu: 100, tkp: 200 }, { twk: 100, tiu: 100, tkp: 200 })).toBe(0)
    expect(compareSkd({ twk: 150, tiu: 100, tkp: 170 }, { twk: 65, tiu: 80, tkp: 225 })).toBeLessThan(0) // total first
  })

  test('codes: "P/L (meets the threshold and is inside the SKB quota), P (meets the threshold, outside the quota), TL (fails), TH (absent), DIS"', () => {
    // 1 vacancy × 3 = quota 3.
    const r = rankSkdGroup(
      [
        present('a', 100, 120, 200),
        present('b', 100, 110, 200),
        present('c', 90, 110, 200),
        present('d', 80, 100, 190),
        present('e', 60, 120, 200),
        { applicationId: 'f', attendance: 'ABSENT', score: null },
        { applicationId: 'g', attendance: 'DISQUALIFIED', score: { twk: 150, tiu: 175, tkp: 225 } },
        { applicationId: 'h', attendance: null, score: null },
      ],
      { formasiTypeCode: 'UMUM', vacancies: 1 },
      rules,
    )
    expect(codes(r)).toEqual({ a: 'P/L', b: 'P/L', c: 'P/L', d: 'P', e: 'TL', f: 'TH', g: 'DIS', h: 'TH' })
    expect(r.find((x) => x.applicationId === 'd')!.rank).toBe(4)
  })

  test('"If still tied at the boundary, all tied candidates go to SKB" — the quota (3) is exceeded (as 2023: quota 246, actual 247)', () => {
    const r = rankSkdGroup(
      [present('a', 100, 120, 200), present('b', 100, 110, 200), present('c', 90, 110, 200), present('d', 90, 110, 200), present('e', 70, 100, 180)],
      { formasiTypeCode: 'UMUM', vacancies: 1 },
      rules,
    )
    expect(codes(r)).toEqual({ a: 'P/L', b: 'P/L', c: 'P/L', d: 'P/L', e: 'P' })
    expect(r.filter((x) => x.code === 'P/L')).toHaveLength(4)
    expect(r.find((x) => x.applicationId === 'd')!.rank).toBe(3)
  })

  test('a tie broken by TKP at the boundary does not send both: only the better TKP gets P/L', () => {
    const r = rankSkdGroup([present('a', 100, 100, 200), present('b', 90, 100, 210)], { formasiTypeCode: 'UMUM', vacancies: 1 }, { ...rules, skbQuotaMultiplier: 1 })
    expect(codes(r)).toEqual({ a: 'P', b: 'P/L' })
  })

  test('domain.md §3 reuse: a reused 2023 score is ranked when it "meets the 2024 threshold", and fails (TL) when it does not', () => {
    const r = rankSkdGroup([present('old-ok', 80, 100, 180, true), present('old-low', 70, 75, 180, true)], { formasiTypeCode: 'UMUM', vacancies: 2 }, rules)
    expect(codes(r)).toEqual({ 'old-ok': 'P/L', 'old-low': 'TL' })
  })
})
