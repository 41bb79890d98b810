import { findConflicts, sameInstitution, worksForAgency, type CandidateFacts, type Declaration } from './conflicts'
import { candidateCode, CODE_PATTERN } from './codes'
import { panelScope } from './panel'

const now = new Date('2026-12-01T00:00:00Z')
const declaration = (d: Partial<Declaration> = {}): Declaration => ({ workplaces: [], studyPrograms: [], persons: [], statement: true, ...d })
const candidate: CandidateFacts = {
  candidateId: 'c1',
  nik: '3404014101990001',
  kk: '3404010101990009',
  fullName: 'Siti Rahmawati',
  education: { university: 'Universitas Gadjah Mada', studyProgramCode: 'S1-HUK' },
  workHistory: [{ employer: 'PT Maju Jaya', endMonth: '2024-06' }, { employer: 'CV Lama', endMonth: '2015-01' }],
}

describe('automatic conflicts (issue 7: "same family card number, same agency employment, same university and study programme in the last 4 years")', () => {
  test('no shared facts, no conflict', () => {
    expect(findConflicts(declaration({ kk: '1111111111111111', workplaces: ['Universitas Gadjah Mada'] }), candidate, now)).toEqual([])
  })
  test('same family card (KK)', () => {
    expect(findConflicts(declaration({ kk: '3404010101990009' }), candidate, now)).toEqual(['SAME_KK'])
  })
  test('same workplace within four years, written differently; an older job does not count', () => {
    expect(findConflicts(declaration({ workplaces: ['pt. maju jaya'] }), candidate, now)).toEqual(['SAME_WORKPLACE'])
    expect(findConflicts(declaration({ workplaces: ['CV Lama'] }), candidate, now)).toEqual([])
  })
  test('same university and study programme until within four years; another programme or an old one does not count', () => {
    expect(findConflicts(declaration({ studyPrograms: [{ university: 'Univ. Gadjah Mada', studyProgramCode: 'S1-HUK', untilYear: 2026 }] }), candidate, now)).toEqual(['SAME_STUDY_PROGRAM'])
    expect(findConflicts(declaration({ studyPrograms: [{ university: 'Universitas Gadjah Mada', studyProgramCode: 'S1-PSI', untilYear: 2026 }] }), candidate, now)).toEqual([])
    expect(findConflicts(declaration({ studyPrograms: [{ university: 'Universitas Gadjah Mada', studyProgramCode: 'S1-HUK', untilYear: 2021 }] }), candidate, now)).toEqual([])
  })
  test('a declared person matches by NIK or by name; an assessor who is the candidate is a conflict', () => {
    expect(findConflicts(declaration({ persons: [{ name: 'Orang Lain', nik: '3404014101990001', relation: 'sepupu' }] }), candidate, now)).toEqual(['DECLARED_PERSON'])
    expect(findConflicts(declaration({ persons: [{ name: 'SITI  RAHMAWATI', relation: 'tetangga' }] }), candidate, now)).toEqual(['DECLARED_PERSON'])
    expect(findConflicts(declaration({ nik: '3404014101990001' }), candidate, now)).toEqual(['DECLARED_PERSON'])
  })
  test('an assessor working for the agency under assessment is not independent', () => {
    expect(worksForAgency(declaration({ workplaces: ['Kementerian Hukum'] }), 'Kementerian Hukum')).toBe(true)
    expect(worksForAgency(declaration({ workplaces: ['Universitas Gadjah Mada'] }), 'Kementerian Hukum')).toBe(false)
  })
})

describe('candidate codes (issue 7: "assessors see candidate codes, never names")', () => {
  test('come from random bytes only, in an unambiguous alphabet', () => {
    const code = candidateCode('PSIKOTES', new Uint8Array([0, 1, 2, 3, 4, 255]))
    expect(code).toMatch(CODE_PATTERN)
    expect(code.startsWith('PSI-')).toBe(true)
    expect(candidateCode('PSIKOTES', new Uint8Array([9, 9, 9, 9, 9, 9]))).not.toEqual(code)
  })
})

describe('the panel (issue 7: corrections "approved by the panel")', () => {
  test('is the agency admin for their agency, or the committee for all', () => {
    expect(panelScope([{ role: 'AGENCY_ADMIN', agencyId: 'A', universityId: null }])).toEqual({ all: false, agencyIds: ['A'] })
    expect(panelScope([{ role: 'COMMITTEE', agencyId: null, universityId: null }])).toEqual({ all: true })
    expect(panelScope([{ role: 'ASSESSOR', agencyId: 'A', universityId: 'U' }])).toEqual({ all: false, agencyIds: [] })
  })
})

describe('internship interviews (ADR 019 addendum)', () => {
  test('an interviewer who holds a role at the student’s university is in conflict', () => {
    expect(sameInstitution(['uni-ui', 'uni-ugm'], 'uni-ui')).toBe(true)
    expect(sameInstitution(['uni-ugm'], 'uni-ui')).toBe(false)
    expect(sameInstitution([], 'uni-ui')).toBe(false)
  })
  test('a student’s facts (no NIK, KK or work history) match by name and by study programme only', () => {
    const student = { candidateId: 's1', nik: '', kk: '', fullName: 'Dewi Anggraini', education: { university: 'Universitas Indonesia', studyProgramCode: 'S1-KESMAS' }, workHistory: [] }
    const empty = { workplaces: [], studyPrograms: [], persons: [], statement: true as const }
    const now = new Date('2026-12-01T00:00:00Z')
    expect(findConflicts(empty, student, now)).toEqual([])
    expect(findConflicts({ ...empty, persons: [{ name: 'dewi  anggraini', relation: 'keponakan' }] }, student, now)).toEqual(['DECLARED_PERSON'])
    expect(findConflicts({ ...empty, studyPrograms: [{ university: 'Univ. Indonesia', studyProgramCode: 's1-kesmas', untilYear: 2025 }] }, student, now)).toEqual(['SAME_STUDY_PROGRAM'])
  })
})
