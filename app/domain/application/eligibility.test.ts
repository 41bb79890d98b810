import { ageAt, checkEligibility, type EligibilityInput } from './eligibility'

const base: EligibilityInput = {
  selectionKind: 'CPNS',
  birthDate: { year: 1998, month: 5, day: 17 },
  cutoffDate: { year: 2026, month: 9, day: 10 },
  periodAgeLimits: { CPNS: { min: 18, max: 35 }, PPPK: { min: 20, max: null } },
  position: { educationLevels: ['S1'], studyProgramCodes: ['S1-HUK'], minGpa: null, minAge: null, maxAge: null },
  formasiType: 'UMUM',
  education: { level: 'S1', studyProgramCode: 'S1-HUK', gpa: 3.2 },
  workHistoryCount: 0,
}

describe('age at the cut-off date (domain.md §1: CPNS 18–35, PPPK ≥ 20)', () => {
  test('the birthday on the cut-off day counts', () => {
    expect(ageAt({ year: 1990, month: 9, day: 10 }, { year: 2026, month: 9, day: 10 })).toBe(36)
    expect(ageAt({ year: 1990, month: 9, day: 11 }, { year: 2026, month: 9, day: 10 })).toBe(35)
  })
  test('35 at the cut-off may apply to CPNS; 36 may not', () => {
    expect(checkEligibility({ ...base, birthDate: { year: 1990, month: 9, day: 11 } })).toEqual([])
    expect(checkEligibility({ ...base, birthDate: { year: 1990, month: 9, day: 10 } })).toEqual([{ rule: 'age.tooOld', max: 35, age: 36 }])
  })
  test('17 is too young for CPNS', () => {
    expect(checkEligibility({ ...base, birthDate: { year: 2009, month: 1, day: 1 } })).toEqual([{ rule: 'age.tooYoung', min: 18, age: 17 }])
  })
  test('PPPK has a minimum of 20 and no maximum', () => {
    const pppk = { ...base, selectionKind: 'PPPK' as const, workHistoryCount: 2 }
    expect(checkEligibility({ ...pppk, birthDate: { year: 1970, month: 1, day: 1 } })).toEqual([])
    expect(checkEligibility({ ...pppk, birthDate: { year: 2007, month: 1, day: 1 } })).toEqual([{ rule: 'age.tooYoung', min: 20, age: 19 }])
  })
  test('a position may set its own limits', () => {
    const position = { ...base.position, maxAge: 40 }
    expect(checkEligibility({ ...base, position, birthDate: { year: 1988, month: 1, day: 1 } })).toEqual([])
  })
})

describe('education', () => {
  test('the level must be one the position accepts', () => {
    expect(checkEligibility({ ...base, education: { level: 'D3', studyProgramCode: 'D3-KEP', gpa: 3.5 } })).toEqual([
      { rule: 'education.level', accepted: ['S1'] },
    ])
  })
  test('the study programme must be listed when the position lists programmes', () => {
    expect(checkEligibility({ ...base, education: { level: 'S1', studyProgramCode: 'S1-TI', gpa: 3.5 } })).toEqual([{ rule: 'education.studyProgram' }])
  })
  test('a minimum GPA', () => {
    const position = { ...base.position, minGpa: 3.0 }
    expect(checkEligibility({ ...base, position, education: { ...base.education, gpa: 2.99 } })).toEqual([{ rule: 'education.gpa', min: 3.0 }])
  })
  test('the cumlaude formasi needs the predicate', () => {
    expect(checkEligibility({ ...base, formasiType: 'CUMLAUDE' })).toEqual([{ rule: 'formasi.cumlaude', minGpa: 3.51 }])
    expect(checkEligibility({ ...base, formasiType: 'CUMLAUDE', education: { ...base.education, cumlaude: true } })).toEqual([])
  })
})

test('PPPK needs work history (domain.md §1 "Work history: required for PPPK")', () => {
  expect(checkEligibility({ ...base, selectionKind: 'PPPK' })).toEqual([{ rule: 'pppk.workHistory' }])
})
