import { FINAL_RUBRIC, MAX_SKS, MIN_ATTENDANCE_FOR_CERTIFICATE, MIN_EARLY_REASON, RubricError, applyAttendance, attendanceEffect, creditCeiling, creditConversion, earnsCertificate, earnsCertificateWith, evaluationOpensOn, evaluationTiming, finalScore, letterGrade } from './evaluation'

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

describe('attendance counts in the evaluation (ADR 019 addendum)', () => {
  test('discipline is capped at the attendance rate; other criteria are untouched', () => {
    expect(attendanceEffect(85.7)).toEqual({ rate: 85.7, disciplineCap: 85, allowsCertificate: true })
    const { scores, capped } = applyAttendance(all(90), 85.7)
    expect(capped).toBe(true)
    expect(scores.discipline).toBe(85)
    expect(scores.technical).toBe(90)
    expect(finalScore(scores)).toBe(89.3)
    expect(applyAttendance({ ...all(90), discipline: 70 }, 85.7)).toMatchObject({ capped: false, scores: { discipline: 70 } })
  })
  test('below the minimum attendance there is no certificate, whatever the score', () => {
    expect(MIN_ATTENDANCE_FOR_CERTIFICATE).toBe(80)
    expect(earnsCertificateWith(90, 80)).toBe(true)
    expect(earnsCertificateWith(90, 79.9)).toBe(false)
    expect(earnsCertificateWith(50, 100)).toBe(false)
  })
  test('without attendance records nothing is capped or refused', () => {
    expect(attendanceEffect(null)).toEqual({ rate: null, disciplineCap: null, allowsCertificate: true })
    expect(applyAttendance(all(90), null).capped).toBe(false)
    expect(earnsCertificateWith(90, null)).toBe(true)
  })
})

describe('the final evaluation is made in the last month, or early with a reason (ADR 019 addendum)', () => {
  const placement = { startsAt: new Date('2027-01-31T00:00:00Z'), durationMonths: 4 }
  const day = (s: string) => new Date(`${s}T00:00:00Z`)
  test('it opens on the first day of the last month', () => {
    expect(evaluationOpensOn(placement)).toBe('2027-04-30')
    expect(evaluationOpensOn({ startsAt: new Date('2026-09-01T00:00:00Z'), durationMonths: 3 })).toBe('2026-11-01')
    expect(evaluationTiming(placement, day('2027-04-30'), null)).toEqual({ ok: true, early: false })
  })
  test('earlier, only as an early completion with a reason', () => {
    expect(evaluationTiming(placement, day('2027-04-29'), null)).toEqual({ ok: false, error: 'tooEarly' })
    expect(evaluationTiming(placement, day('2027-04-29'), 'pulang')).toEqual({ ok: false, error: 'earlyReason' })
    expect(evaluationTiming(placement, day('2027-03-01'), 'Ditarik kampus untuk kuliah lapangan wajib semester ini.')).toEqual({ ok: true, early: true })
    expect(MIN_EARLY_REASON).toBe(20)
  })
})
