/**
 * Structural check of a NIK (Nomor Induk Kependudukan, the e-KTP number) before the population
 * registry is asked (issue 4; domain.md §1 "Identity check"). A NIK is 16 digits:
 *   1–2   province code          (Kemendagri region codes)
 *   3–4   regency (kabupaten/kota) within the province
 *   5–6   district (kecamatan) within the regency
 *   7–12  date of birth DDMMYY, with 40 added to the day for women
 *   13–16 serial number, never 0000
 * Regions are split over time (e.g. Papua's new provinces in 2022), so a NIK issued before a
 * split can carry a regency or district code that the latest list no longer has. Such a NIK is
 * accepted but flagged for the verifier, never silently.
 */
export type RegionLookup = {
  hasProvince(code: string): boolean
  hasRegency(code: string): boolean // "PP.RR"
  hasDistrict(code: string): boolean // "PP.RR.DD"
}

export type Sex = 'L' | 'P'

export type NikProblem =
  | 'nik.format'
  | 'nik.province'
  | 'nik.birthDate'
  | 'nik.birthDateMismatch'
  | 'nik.sexMismatch'
  | 'nik.serial'

export type NikFlag = 'nik.regencyNotInLatestList' | 'nik.districtNotInLatestList'

export type NikCheck =
  | { ok: true; flags: NikFlag[]; parts: NikParts }
  | { ok: false; problem: NikProblem }

export type NikParts = {
  province: string
  regency: string
  district: string
  birthDay: number
  birthMonth: number
  birthYearTwoDigits: number
  sex: Sex
  serial: string
}

export function parseNik(nik: string): NikParts | null {
  if (!/^\d{16}$/.test(nik)) return null
  const dayCode = Number(nik.slice(6, 8))
  return {
    province: nik.slice(0, 2),
    regency: `${nik.slice(0, 2)}.${nik.slice(2, 4)}`,
    district: `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`,
    birthDay: dayCode > 40 ? dayCode - 40 : dayCode,
    birthMonth: Number(nik.slice(8, 10)),
    birthYearTwoDigits: Number(nik.slice(10, 12)),
    sex: dayCode > 40 ? 'P' : 'L',
    serial: nik.slice(12, 16),
  }
}

/**
 * @param birthDate the date of birth the applicant entered (calendar date; only Y-M-D is used)
 * @param sex       the sex the applicant entered
 */
export function checkNik(
  nik: string,
  entered: { birthDate: { year: number; month: number; day: number }; sex: Sex },
  regions: RegionLookup,
): NikCheck {
  const parts = parseNik(nik)
  if (!parts) return { ok: false, problem: 'nik.format' }
  if (!regions.hasProvince(parts.province)) return { ok: false, problem: 'nik.province' }
  if (!isCalendarDate(parts.birthDay, parts.birthMonth) || Number(nik.slice(6, 8)) === 40) {
    return { ok: false, problem: 'nik.birthDate' }
  }
  if (parts.serial === '0000') return { ok: false, problem: 'nik.serial' }
  if (parts.sex !== entered.sex) return { ok: false, problem: 'nik.sexMismatch' }
  const { year, month, day } = entered.birthDate
  if (day !== parts.birthDay || month !== parts.birthMonth || year % 100 !== parts.birthYearTwoDigits) {
    return { ok: false, problem: 'nik.birthDateMismatch' }
  }
  const flags: NikFlag[] = []
  if (!regions.hasRegency(parts.regency)) flags.push('nik.regencyNotInLatestList')
  else if (!regions.hasDistrict(parts.district)) flags.push('nik.districtNotInLatestList')
  return { ok: true, flags, parts }
}

function isCalendarDate(day: number, month: number) {
  if (month < 1 || month > 12 || day < 1) return false
  // Year unknown beyond two digits: allow 29 February (valid in leap years).
  const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
  return day <= daysInMonth
}

/** The KK (Kartu Keluarga) number has the same 16-digit shape, with the region in digits 1–6. */
export function checkKk(kk: string, regions: RegionLookup): 'kk.format' | 'kk.province' | null {
  if (!/^\d{16}$/.test(kk)) return 'kk.format'
  if (!regions.hasProvince(kk.slice(0, 2))) return 'kk.province'
  return null
}
