import { BiodataSchema, EducationSchema, WorkEntrySchema, formatRegistrationNumber, maskName, missingSteps, stepStatus, timeLeft, wibDate } from './steps'

const education = { level: 'S1', university: 'Universitas Indonesia', studyProgramCode: 'S1-HUK', diplomaNumber: 'UI/2020/123', gpa: '3,51', cumlaude: 'on' }
const biodata = { address: 'Jl. Merdeka 1', city: 'Jakarta', postalCode: '10110', maritalStatus: 'BELUM_KAWIN' }

describe('education', () => {
  test('accepts a GPA with a decimal comma and two decimals, and reads the cumlaude checkbox', () => {
    const parsed = EducationSchema.parse(education)
    expect(parsed.gpa).toBe(3.51)
    expect(parsed.cumlaude).toBe(true)
    expect(EducationSchema.parse({ ...education, cumlaude: undefined }).cumlaude).toBe(false)
  })
  test.each(['4.01', '3.515', '-1', 'abc', '10'])('refuses GPA %s', (gpa) => {
    const result = EducationSchema.safeParse({ ...education, gpa })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.message)).toContain('application.errors.gpa')
  })
  test('refuses an unknown education level', () => {
    expect(EducationSchema.safeParse({ ...education, level: 'S4' }).success).toBe(false)
  })
})

describe('biodata and work history', () => {
  test('a postal code has five digits', () => {
    expect(BiodataSchema.safeParse(biodata).success).toBe(true)
    expect(BiodataSchema.safeParse({ ...biodata, postalCode: '1011' }).error?.issues[0]?.message).toBe('application.errors.postalCode')
  })
  test('a job cannot end before it starts; an open end is allowed', () => {
    const job = { employer: 'PT Maju', jobTitle: 'Staf', startMonth: '2020-03' }
    expect(WorkEntrySchema.safeParse({ ...job, endMonth: '' }).success).toBe(true)
    expect(WorkEntrySchema.safeParse({ ...job, endMonth: '2020-02' }).error?.issues[0]?.message).toBe('application.errors.endBeforeStart')
  })
})

describe('step status', () => {
  const base = {
    selectionKind: 'CPNS' as const,
    biodata,
    vacancyId: 'v1',
    education: EducationSchema.parse(education),
    workHistory: null,
    requiredDocuments: ['PAS_FOTO', 'IJAZAH'],
    uploadedDocuments: ['PAS_FOTO', 'IJAZAH'],
  }
  test('a complete CPNS application needs no work history', () => {
    expect(missingSteps(base)).toEqual([])
  })
  test('PPPK requires at least one work entry', () => {
    expect(missingSteps({ ...base, selectionKind: 'PPPK' })).toEqual(['workHistory'])
    const job = { employer: 'PT Maju', jobTitle: 'Staf', startMonth: '2020-03' }
    expect(missingSteps({ ...base, selectionKind: 'PPPK', workHistory: [job] })).toEqual([])
  })
  test('education is judged as stored (numbers), not as typed', () => {
    expect(stepStatus({ ...base, education }).education).toBe(false)
  })
  test('a missing required document, a missing choice and invalid stored JSON are incomplete', () => {
    expect(stepStatus({ ...base, uploadedDocuments: ['PAS_FOTO'] }).documents).toBe(false)
    expect(missingSteps({ ...base, vacancyId: null })).toEqual(['formasi', 'documents'])
    expect(stepStatus({ ...base, biodata: { ...biodata, postalCode: 'x' } }).biodata).toBe(false)
  })
})

test('registration number: year, agency, 8-digit sequence', () => {
  expect(formatRegistrationNumber(2026, 'KEMENKUM', 42)).toBe('2026-KEMENKUM-00000042')
  expect(() => formatRegistrationNumber(2026, 'X', 0)).toThrow()
})

test('masked name keeps two letters of each word', () => {
  expect(maskName('Budi Santoso')).toBe('Bu** Sa*****')
  expect(maskName('Al')).toBe('A*')
})

test('time left and WIB date', () => {
  const close = new Date('2026-09-10T16:59:59.999Z') // 10 Sep 23:59:59.999 WIB
  expect(timeLeft(close, new Date('2026-09-07T12:00:00Z'))).toEqual({ days: 3, hours: 4, minutes: 59 })
  expect(timeLeft(close, new Date('2026-09-10T17:00:00Z'))).toBeNull()
  expect(wibDate(close)).toEqual({ year: 2026, month: 9, day: 10 })
  expect(wibDate(new Date('2026-09-10T17:00:00Z'))).toEqual({ year: 2026, month: 9, day: 11 })
})
