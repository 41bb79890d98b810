import {
  ageOn,
  compareWithResident,
  hasTitle,
  maskNik,
  normaliseName,
  normalisePhone,
  parseIsoDate,
} from './registration'

const record = { nik: '3174015705980002', kk: '3174010101150003', name: 'Siti Nurhaliza', birthDate: { year: 1998, month: 5, day: 17 } }

describe('comparing entered identity with the population registry', () => {
  test('name differences of case and spacing do not matter', () => {
    expect(compareWithResident(record, { ...record, name: '  siti   NURHALIZA ' })).toBe('MATCH')
    expect(normaliseName('ＳＩＴＩ  nurhaliza')).toBe('siti nurhaliza')
  })
  test('a different spelling, KK or date of birth is a mismatch', () => {
    expect(compareWithResident(record, { ...record, name: 'Siti Nurhalisa' })).toBe('MISMATCH')
    expect(compareWithResident(record, { ...record, kk: '3174010101150004' })).toBe('MISMATCH')
    expect(compareWithResident(record, { ...record, birthDate: { year: 1998, month: 5, day: 18 } })).toBe('MISMATCH')
  })
  test("§1 A.1: the family head's NIK may stand in for the KK number; any other NIK may not", () => {
    const withHead = { ...record, familyHeadNik: '3174010101700002' }
    expect(compareWithResident(withHead, { ...record, kk: '3174010101700002' })).toBe('MATCH_FAMILY_HEAD')
    expect(compareWithResident(withHead, record)).toBe('MATCH')
    expect(compareWithResident(withHead, { ...record, kk: '3174010101700003' })).toBe('MISMATCH')
    // The family head's NIK does not excuse a wrong name.
    expect(compareWithResident(withHead, { ...record, kk: '3174010101700002', name: 'Siti Nurhalisa' })).toBe('MISMATCH')
  })
  test('no record is NOT_FOUND', () => {
    expect(compareWithResident(null, record)).toBe('NOT_FOUND')
  })
})

describe('entered values', () => {
  test('only real calendar dates are accepted', () => {
    expect(parseIsoDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 })
    expect(parseIsoDate('1999-02-29')).toBeNull()
    expect(parseIsoDate('1998-04-31')).toBeNull()
    expect(parseIsoDate('17-05-1998')).toBeNull()
  })
  test('age counts whole years up to the day before the birthday', () => {
    expect(ageOn({ year: 1998, month: 5, day: 17 }, { year: 2026, month: 5, day: 16 })).toBe(27)
    expect(ageOn({ year: 1998, month: 5, day: 17 }, { year: 2026, month: 5, day: 17 })).toBe(28)
  })
  test('titles are refused, name abbreviations on the KTP are not', () => {
    for (const name of ['Budi Santoso, S.Kom', 'Dr. Andi Wijaya', 'Rina Marlina S.H.', 'Ir. Joko', 'Dewi A.Md', 'Hj. Aminah', 'Andi S.Pd', 'Rudi Hartono M.M.']) {
      expect(hasTitle(name), name).toBe(true)
    }
    for (const name of ['Moh. Rizki Pratama', 'Muh. Ilham', "Ma'ruf Amin", 'I Gede Made Suarsa', 'Sukarni', 'Siti Hajar', 'M. Yusuf', 'A. Rahman', 'S. Parman']) {
      expect(hasTitle(name), name).toBe(false)
    }
  })
  test('Indonesian mobile numbers are stored as 08…', () => {
    expect(normalisePhone('+62 812-3456-7890')).toBe('081234567890')
    expect(normalisePhone('0812 3456 789')).toBe('08123456789')
    expect(normalisePhone('021 555 1234')).toBeNull()
    expect(normalisePhone('0812')).toBeNull()
  })
  test('a NIK is shown with its middle eight digits hidden', () => {
    expect(maskNik('3174011705980001')).toBe('3174********0001')
  })
})
