import { checkNik, checkKk, type RegionLookup } from './nik'

// A small slice of the Kemendagri list: DKI Jakarta (31), Jakarta Selatan (31.74) and its
// district Kebayoran Baru (31.74.01); Papua (91) with Jayapura (91.03).
const regions: RegionLookup = {
  hasProvince: (c) => ['31', '91', '93'].includes(c),
  hasRegency: (c) => ['31.74', '91.03'].includes(c),
  hasDistrict: (c) => ['31.74.01', '91.03.01'].includes(c),
}
const man = { birthDate: { year: 1998, month: 5, day: 17 }, sex: 'L' as const }
const woman = { birthDate: { year: 1998, month: 5, day: 17 }, sex: 'P' as const }

describe('NIK structure (issue 4; domain.md §1)', () => {
  test('a man born 17-05-1998 in Kebayoran Baru', () => {
    expect(checkNik('3174011705980001', man, regions)).toMatchObject({ ok: true, flags: [] })
  })
  test("a woman's birth day is stored with 40 added (17 → 57)", () => {
    expect(checkNik('3174015705980002', woman, regions)).toMatchObject({ ok: true, flags: [], parts: { sex: 'P', birthDay: 17 } })
  })
  test("a woman's NIK entered as a man is refused (sex mismatch)", () => {
    expect(checkNik('3174015705980002', man, regions)).toEqual({ ok: false, problem: 'nik.sexMismatch' })
  })
  test("a man's NIK (day 17) entered as a woman is refused", () => {
    expect(checkNik('3174011705980001', woman, regions)).toEqual({ ok: false, problem: 'nik.sexMismatch' })
  })
  test('not 16 digits', () => {
    expect(checkNik('317401170598001', man, regions)).toEqual({ ok: false, problem: 'nik.format' })
    expect(checkNik('31740117059800a1', man, regions)).toEqual({ ok: false, problem: 'nik.format' })
    expect(checkNik('31740117059800011', man, regions)).toEqual({ ok: false, problem: 'nik.format' })
  })
  test('a province code that does not exist', () => {
    expect(checkNik('9974011705980001', man, regions)).toEqual({ ok: false, problem: 'nik.province' })
  })
  test('an impossible date in the NIK (day 32, month 13, 31 April, day 40)', () => {
    expect(checkNik('3174013205980001', man, regions)).toEqual({ ok: false, problem: 'nik.birthDate' })
    expect(checkNik('3174011713980001', man, regions)).toEqual({ ok: false, problem: 'nik.birthDate' })
    expect(checkNik('3174013104980001', man, regions)).toEqual({ ok: false, problem: 'nik.birthDate' })
    expect(checkNik('3174014005980001', woman, regions)).toEqual({ ok: false, problem: 'nik.birthDate' })
  })
  test('the date of birth entered must match digits 7–12', () => {
    const other = { birthDate: { year: 1998, month: 5, day: 18 }, sex: 'L' as const }
    expect(checkNik('3174011705980001', other, regions)).toEqual({ ok: false, problem: 'nik.birthDateMismatch' })
    const otherYear = { birthDate: { year: 1997, month: 5, day: 17 }, sex: 'L' as const }
    expect(checkNik('3174011705980001', otherYear, regions)).toEqual({ ok: false, problem: 'nik.birthDateMismatch' })
  })
  test('serial 0000 is never issued', () => {
    expect(checkNik('3174011705980000', man, regions)).toEqual({ ok: false, problem: 'nik.serial' })
  })
  test('a regency missing from the latest list (issued before a split) is accepted but flagged', () => {
    expect(checkNik('9105011705980001', man, regions)).toMatchObject({ ok: true, flags: ['nik.regencyNotInLatestList'] })
  })
  test('a district missing from the latest list is accepted but flagged', () => {
    expect(checkNik('3174091705980001', man, regions)).toMatchObject({ ok: true, flags: ['nik.districtNotInLatestList'] })
  })
  test("a woman born on the 31st carries day code 71; 72 is no date", () => {
    const dec31 = { birthDate: { year: 1995, month: 12, day: 31 }, sex: 'P' as const }
    expect(checkNik('3174017112950003', dec31, regions)).toMatchObject({ ok: true, parts: { birthDay: 31, sex: 'P' } })
    expect(checkNik('3174017212950003', dec31, regions)).toEqual({ ok: false, problem: 'nik.birthDate' })
  })
  test('29 February is a valid birth date (leap years)', () => {
    const leap = { birthDate: { year: 2000, month: 2, day: 29 }, sex: 'L' as const }
    expect(checkNik('3174012902000015', leap, regions)).toMatchObject({ ok: true, flags: [] })
  })
  test('KK numbers: 16 digits in a known province', () => {
    expect(checkKk('3174010101980001', regions)).toBeNull()
    expect(checkKk('31740101019800', regions)).toBe('kk.format')
    expect(checkKk('9974010101980001', regions)).toBe('kk.province')
  })
})
