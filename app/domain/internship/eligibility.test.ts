import { eligibilityProblems } from './eligibility'

const open = { minSemester: null, minGpa: null, studyProgramCodes: [] as string[] }

describe('internship eligibility (domain.md §8: D2 from semester 3, D3 from 4, D4/S1 from 5)', () => {
  test.each([
    ['D2', 2, false],
    ['D2', 3, true],
    ['D3', 3, false],
    ['D3', 4, true],
    ['D4', 4, false],
    ['D4', 5, true],
    ['S1', 4, false],
    ['S1', 5, true],
  ])('%s in semester %i → eligible %s', (level, semester, ok) => {
    expect(eligibilityProblems({ level, semester, gpa: 3.5, studyProgramCode: 'X' }, open).length === 0).toBe(ok)
  })
  test('a level outside the track (SMA, S2) is refused with the level named', () => {
    expect(eligibilityProblems({ level: 'S2', semester: 3, gpa: 3.9, studyProgramCode: 'X' }, open)).toEqual([{ code: 'level', level: 'S2' }])
  })
  test('the opening may ask a later semester than the level minimum', () => {
    expect(eligibilityProblems({ level: 'S1', semester: 5, gpa: 3.5, studyProgramCode: 'X' }, { ...open, minSemester: 6 })).toEqual([
      { code: 'semester', required: 6, actual: 5 },
    ])
  })
  test('GPA ≥ 3.00 where the opening asks (agency schemes, §8 Kemendagri 2026), compared in hundredths', () => {
    const ask = { ...open, minGpa: 3 }
    expect(eligibilityProblems({ level: 'S1', semester: 6, gpa: 2.99, studyProgramCode: 'X' }, ask)).toEqual([{ code: 'gpa', required: 3, actual: 2.99 }])
    expect(eligibilityProblems({ level: 'S1', semester: 6, gpa: 3.0, studyProgramCode: 'X' }, ask)).toEqual([])
    expect(eligibilityProblems({ level: 'S1', semester: 6, gpa: 2.0, studyProgramCode: 'X' }, open)).toEqual([])
  })
  test('required study programmes; every problem is reported at once', () => {
    const strict = { minSemester: 7, minGpa: 3.25, studyProgramCodes: ['S1-KESMAS'] }
    expect(eligibilityProblems({ level: 'S1', semester: 6, gpa: 3.1, studyProgramCode: 'S1-HUKUM' }, strict).map((p) => p.code)).toEqual([
      'semester',
      'gpa',
      'studyProgram',
    ])
    expect(eligibilityProblems({ level: 'S1', semester: 7, gpa: 3.25, studyProgramCode: 'S1-KESMAS' }, strict)).toEqual([])
  })
})
