/**
 * Rules of SSCASN account creation (domain.md §1 "Account creation") that need no database:
 * how entered identity data is normalised, compared with the population registry's record, and
 * shown back partly masked. The structural NIK/KK check is in `nik.ts`.
 */
export type CalendarDate = { year: number; month: number; day: number }

/** "1998-05-17" → {1998, 5, 17}; null for anything that is not a real calendar date. */
export function parseIsoDate(value: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return { year, month, day }
}

export function formatIsoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`
}

/** Whole years between a date of birth and a day (both calendar dates, no time zone involved). */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const before = on.month < birth.month || (on.month === birth.month && on.day < birth.day)
  return on.year - birth.year - (before ? 1 : 0)
}

/**
 * Names are compared the way a person reads them: letter case, repeated spaces and Unicode
 * variants (full-width letters, composed accents) do not matter; spelling does.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('id-ID').replace(/\s+/g, ' ').trim()
}

/** Collapses the spaces a user typed; the name is otherwise stored as entered. */
export function tidyName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, ' ').trim()
}

// Academic and professional titles that SSCASN asks applicants to leave out ("nama tanpa gelar").
// Abbreviations that are part of a name on the KTP (e.g. "Moh.", "Muh.") are not titles.
const TITLE_PATTERNS = [
  /,/, // "Budi Santoso, S.Kom": titles follow a comma
  /(^|\s)(dr|drs|dra|ir|prof|drg|h|hj)\.(\s|$)/i,
  // S.Kom, S.H., M.Si, M.M., A.Md: a known degree after S./M./A. (initials such as "M. Yusuf" pass)
  /(^|\s)[sma]\.(kom|h|si|pd|e|t|kep|ked|keb|kes|sos|ag|psi|farm|hum|ip|gz|tr|ak|md|sn|stat|ds|par|th|km|m|pt|p|hut|kel|pi|ap|ikom|eng|sc|tp|mat|ars|sy|fil)\b/i,
  /(^|\s)(ph\.?d|mba|msc|bsc)\.?(\s|$)/i,
]

export function hasTitle(name: string): boolean {
  return TITLE_PATTERNS.some((re) => re.test(name))
}

/** Indonesian mobile numbers: 08…, 628… or +628…; stored as 08… (10–15 digits). */
export function normalisePhone(input: string): string | null {
  const compact = input.replace(/[\s().-]/g, '')
  const local = compact.replace(/^\+?62(?=8)/, '0')
  return /^08\d{8,13}$/.test(local) ? local : null
}

/** "3174011705980001" → "3174********0001": enough to recognise, too little to reuse. */
export function maskNik(nik: string): string {
  if (nik.length < 9) return '*'.repeat(nik.length)
  return `${nik.slice(0, 4)}${'*'.repeat(nik.length - 8)}${nik.slice(-4)}`
}

/** MATCH_FAMILY_HEAD: everything agrees, and the KK field held the family head's NIK (domain.md §1 A.1). */
export type RegistryAnswer = 'MATCH' | 'MATCH_FAMILY_HEAD' | 'NOT_FOUND' | 'MISMATCH'

export type ResidentRecord = {
  nik: string
  kk: string
  name: string
  birthDate: CalendarDate
  /** NIK of the head of the resident's family (kepala keluarga), when the registry knows it. */
  familyHeadNik?: string | null
}
export type IdentityQuery = { nik: string; kk: string; name: string; birthDate: CalendarDate }

/**
 * Compares what the applicant entered with the registry's record of that NIK. Every field must
 * agree; which one differs is not told (the registry answers only match or mismatch, and telling
 * would let anyone probe a stranger's data field by field).
 */
export function compareWithResident(record: ResidentRecord | null, query: IdentityQuery): RegistryAnswer {
  if (!record || record.nik !== query.nik) return 'NOT_FOUND'
  const samePerson =
    normaliseName(record.name) === normaliseName(query.name) &&
    formatIsoDate(record.birthDate) === formatIsoDate(query.birthDate)
  if (!samePerson) return 'MISMATCH'
  if (record.kk === query.kk) return 'MATCH'
  // SSCASN's identity step takes "KK number (or the family head's NIK)" (domain.md §1 A.1).
  if (record.familyHeadNik && record.familyHeadNik === query.kk) return 'MATCH_FAMILY_HEAD'
  return 'MISMATCH'
}

/**
 * Whether an identity's flags include one about the NIK's region codes (the applicant is told; the
 * `kk.familyHeadNik` flag is for the verifier only).
 */
export function hasRegionFlag(flags: readonly string[]) {
  return flags.some((flag) => flag.startsWith('nik.'))
}
