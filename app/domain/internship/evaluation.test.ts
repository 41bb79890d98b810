import { FINAL_RUBRIC, MAX_SKS, RubricError, creditCeiling, creditConversion, earnsCertificate, finalScore, letterGrade } from './evaluation'

const all = (v: number) => Object.fromEntries(FINAL_RUBRIC.map((c) => [c.key, v]))

describe('final evaluation and credit conversion (domain.md §8: per skill, up to 20 SKS)', () => {
  test('the rubric weights sum to 100 and the final score is their weighted mean', () => {
    expect(FINAL_RUBRIC.reduce((s, c) => s + c.weight, 0)).toBe(100)
    expect(finalScore(all(80))).toBe(80)
    expect(finalScore({ ...all(80), technical: 100 })).toBe(86)
  })
  test('every criterion needs an integer 0–100', () => {
    expect(() => finalScore({ ...all(80), technical: 101 })).toThrow(RubricError)
    const { reporting: _omit, ...missing } = all(80)
    expect(() => finalScore(missing)).toThrow(RubricError)
  })
  test('the ceiling is 5 SKS a month and never above 20', () => {
    expect(creditCeiling(3)).toBe(15)
    expect(creditCeiling(4)).toBe(20)
    expect(creditCeiling(6)).toBe(MAX_SKS)
  })
  test('credits are shared per skill by weight and sum to the ceiling exactly', () => {
    for (const months of [3, 4, 5, 6]) {
      const { lines, totalSks } = creditConversion(all(90), months)
      expect(totalSks).toBe(creditCeiling(months))
      expect(lines.reduce((s, l) => s + l.sks, 0)).toBe(totalSks)
      expect(totalSks).toBeLessThanOrEqual(20)
    }
    expect(creditConversion(all(90), 4).lines.find((l) => l.key === 'technical')!.sks).toBe(6)
  })
  test('a skill scored below a pass earns no credit; the certificate needs a passing final score', () => {
    const { lines, totalSks } = creditConversion({ ...all(80), reporting: 50 }, 4)
    expect(lines.find((l) => l.key === 'reporting')).toMatchObject({ sks: 0, grade: 'D' })
    expect(totalSks).toBe(18)
    expect(letterGrade(85)).toBe('A')
    expect(earnsCertificate(56)).toBe(true)
    expect(earnsCertificate(55.9)).toBe(false)
  })
})
