import { EDUCATION_LEVELS, type EducationLevel, type PeriodRules } from './rules'
import { isSkbTestType, validateSkbWeights, type SkbTest, type SkbWeightRule } from '~/domain/assessment/skb-weights'

/**
 * An agency's formation as a file: one row per position × location × formasi type (the unit of a
 * vacancy in SSCASN, domain.md §1 B.3). Position-level columns repeat on every row of a position
 * and must agree. The whole file is either valid or refused: nothing is ever half-imported.
 */
export const FORMATION_COLUMNS = [
  'kode_jabatan',
  'nama_jabatan',
  'unit_kerja',
  'lokasi',
  'jenis_formasi',
  'jumlah_kebutuhan',
  'jenjang_pendidikan',
  'kode_prodi',
  'ipk_minimal',
  'usia_min',
  'usia_max',
  'skb_tambahan',
  'bobot_cat',
] as const
export type FormationColumn = (typeof FORMATION_COLUMNS)[number]

const REQUIRED_COLUMNS: readonly FormationColumn[] = [
  'kode_jabatan',
  'nama_jabatan',
  'unit_kerja',
  'lokasi',
  'jenis_formasi',
  'jumlah_kebutuhan',
  'jenjang_pendidikan',
]

/** Agencies have thousands of rows; beyond this a file is refused before it is read further. */
export const FORMATION_MAX_ROWS = 20_000
export const FORMATION_MAX_BYTES = 5 * 1024 * 1024

export const GPA_MIN = 2
export const GPA_MAX = 4
const AGE_MIN = 15
const AGE_MAX = 70
const COUNT_MAX = 100_000

/** A validated row, as stored in `Formation.rows` and published into Position/Vacancy. */
export type FormationRow = {
  positionCode: string
  positionName: string
  unit: string
  location: string
  formasiType: string
  count: number
  educationLevels: EducationLevel[]
  studyPrograms: string[]
  minGpa: number | null
  minAge: number | null
  maxAge: number | null
  skbTests: SkbTest[]
  catWeight: number
}

/** One record as read from the file; `row` is its row number in the file (the header is row 1). */
export type RawRecord = { row: number; values: Partial<Record<string, string>> }

export type FormationError = {
  row: number
  column: FormationColumn | null
  /** i18n key of the message. */
  key: string
  /** The offending value as it was in the file (or the part of it that is wrong). */
  value: string
  params?: Record<string, string | number>
}

export type FormationResult = { ok: true; rows: FormationRow[] } | { ok: false; errors: FormationError[] }

export type FormationContext = {
  formasiTypes: readonly string[]
  /** Study programme reference list: code → education level. */
  studyPrograms: ReadonlyMap<string, string>
  agencyKind: 'CENTRAL' | 'REGIONAL'
  skbWeightLimits: PeriodRules['skbWeightLimits']
}

/** The documents every position asks for: SSCASN defaults (domain.md §1, upload limits). */
export const DEFAULT_REQUIRED_DOCUMENTS = [
  { code: 'PAS_FOTO', label: 'Pas foto (latar merah)', format: 'JPG', maxKb: 200, required: true },
  { code: 'SWAFOTO', label: 'Swafoto', format: 'JPG', maxKb: 200, required: true },
  { code: 'KTP', label: 'KTP', format: 'JPG', maxKb: 200, required: true },
  { code: 'IJAZAH', label: 'Ijazah (dan Serdik/STR bila disyaratkan)', format: 'PDF', maxKb: 800, required: true },
  { code: 'TRANSKRIP', label: 'Transkrip nilai', format: 'PDF', maxKb: 500, required: true },
  { code: 'SURAT_LAMARAN', label: 'Surat lamaran', format: 'PDF', maxKb: 300, required: true },
] as const satisfies readonly { code: string; label: string; format: 'JPG' | 'PDF'; maxKb: number; required: boolean }[]

/** The example row of the downloadable template; valid for central and regional agencies alike. */
export const FORMATION_TEMPLATE_EXAMPLE: Record<FormationColumn, string> = {
  kode_jabatan: 'ANALIS-HUKUM-AP',
  nama_jabatan: 'Analis Hukum Ahli Pertama',
  unit_kerja: 'Kantor Wilayah DKI Jakarta',
  lokasi: 'Jakarta',
  jenis_formasi: 'UMUM',
  jumlah_kebutuhan: '5',
  jenjang_pendidikan: 'S1',
  kode_prodi: 'S1-HUK',
  ipk_minimal: '3.00',
  usia_min: '',
  usia_max: '',
  skb_tambahan: 'PRAKTIK_KERJA:30',
  bobot_cat: '70',
}

const E = (name: string) => `formation.errors.${name}`

/** "Kode Jabatan", "kode-jabatan " and "KODE_JABATAN" all name the same column. */
export function normalizeHeader(name: string) {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}

const splitList = (value: string) =>
  value
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean)

const collapse = (value: string) => value.trim().replace(/\s+/g, ' ')

/** Integers as people type them and as spreadsheets store them ("12", "12.0"). */
function parseInteger(value: string): number | null {
  const m = /^([+-]?\d+)(?:[.,]0+)?$/.exec(value.trim())
  return m ? Number(m[1]) : null
}

/** Decimals with a point or an Indonesian comma ("3.25", "3,25"). */
function parseDecimal(value: string): number | null {
  const v = value.trim().replace(',', '.')
  return /^[+-]?\d+(\.\d+)?$/.test(v) ? Number(v) : null
}

/** `PSIKOTES:20:gugur;WAWANCARA:10` → tests, or the item that could not be read. */
export function parseSkbTests(value: string): { ok: true; tests: SkbTest[] } | { ok: false; item: string; reason: 'format' | 'type' } {
  const tests: SkbTest[] = []
  for (const item of splitList(value)) {
    const parts = item.split(':').map((p) => p.trim())
    const [type, weightText, flag] = parts
    if (parts.length < 2 || parts.length > 3 || !type || !weightText) return { ok: false, item, reason: 'format' }
    const weight = parseInteger(weightText)
    if (weight === null) return { ok: false, item, reason: 'format' }
    if (flag !== undefined && flag.toLowerCase() !== 'gugur') return { ok: false, item, reason: 'format' }
    const upper = type.toUpperCase()
    if (!isSkbTestType(upper)) return { ok: false, item, reason: 'type' }
    tests.push({ type: upper, weight, eliminating: flag !== undefined })
  }
  return { ok: true, tests }
}

export function formatSkbTests(tests: readonly SkbTest[]) {
  return tests.map((t) => `${t.type}:${t.weight}${t.eliminating ? ':gugur' : ''}`).join(';')
}

type PositionFields = Pick<
  FormationRow,
  'positionName' | 'unit' | 'educationLevels' | 'studyPrograms' | 'minGpa' | 'minAge' | 'maxAge' | 'skbTests' | 'catWeight'
>

/** Which column each position-level field comes from (for "rows of one position disagree"). */
const POSITION_FIELD_COLUMN: Record<keyof PositionFields, FormationColumn> = {
  positionName: 'nama_jabatan',
  unit: 'unit_kerja',
  educationLevels: 'jenjang_pendidikan',
  studyPrograms: 'kode_prodi',
  minGpa: 'ipk_minimal',
  minAge: 'usia_min',
  maxAge: 'usia_max',
  skbTests: 'skb_tambahan',
  catWeight: 'bobot_cat',
}

function comparable(field: keyof PositionFields, value: unknown): string {
  if (field === 'educationLevels' || field === 'studyPrograms') return [...(value as string[])].sort().join(';')
  if (field === 'skbTests') return formatSkbTests([...(value as SkbTest[])].sort((a, b) => a.type.localeCompare(b.type)))
  if (field === 'positionName' || field === 'unit') return String(value).toLowerCase()
  return String(value)
}

/** Validates a whole file: either every row is valid, or every problem is reported by row and column. */
export function validateFormation(header: readonly string[], records: readonly RawRecord[], ctx: FormationContext): FormationResult {
  const errors: FormationError[] = []
  const columns = header.map(normalizeHeader)
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c))
  for (const column of missing) errors.push({ row: 1, column, key: E('missingColumn'), value: '', params: { column } })
  if (missing.length) return { ok: false, errors }

  const formasiTypes = new Set(ctx.formasiTypes)
  const rows: FormationRow[] = []
  const seenVacancy = new Map<string, number>()
  const firstOfPosition = new Map<string, { row: number; fields: Partial<PositionFields> }>()
  let dataRows = 0

  for (const record of records) {
    const get = (c: FormationColumn) => (record.values[c] ?? '').trim()
    if (FORMATION_COLUMNS.every((c) => get(c) === '')) continue
    dataRows++
    const rowErrors: FormationError[] = []
    const fail = (column: FormationColumn, name: string, value: string, params?: FormationError['params']) =>
      rowErrors.push({ row: record.row, column, key: E(name), value, ...(params ? { params } : {}) })

    for (const c of REQUIRED_COLUMNS) if (get(c) === '') fail(c, 'required', '')

    const positionCode = get('kode_jabatan')
    if (positionCode && (positionCode.length > 50 || !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(positionCode))) {
      fail('kode_jabatan', 'invalidPositionCode', positionCode)
    }
    const positionName = collapse(get('nama_jabatan'))
    if (positionName.length > 200) fail('nama_jabatan', 'tooLong', positionName, { max: 200 })
    const unit = collapse(get('unit_kerja'))
    if (unit.length > 200) fail('unit_kerja', 'tooLong', unit, { max: 200 })
    const location = collapse(get('lokasi'))
    if (location.length > 100) fail('lokasi', 'tooLong', location, { max: 100 })

    // Exported files are opened in spreadsheets: a text starting like a formula would run there.
    for (const [column, value] of [['nama_jabatan', positionName], ['unit_kerja', unit], ['lokasi', location]] as const) {
      if (/^[=+@-]/.test(value)) fail(column, 'formulaLike', value)
    }

    const formasiType = get('jenis_formasi').toUpperCase()
    if (formasiType && !formasiTypes.has(formasiType)) {
      fail('jenis_formasi', 'unknownFormasiType', get('jenis_formasi'), { known: [...formasiTypes].join(', ') })
    }

    const countText = get('jumlah_kebutuhan')
    const count = parseInteger(countText)
    if (countText) {
      if (count === null) fail('jumlah_kebutuhan', 'countNotInteger', countText)
      else if (count <= 0) fail('jumlah_kebutuhan', 'countNotPositive', countText)
      else if (count > COUNT_MAX) fail('jumlah_kebutuhan', 'countTooLarge', countText, { max: COUNT_MAX })
    }

    const educationLevels: EducationLevel[] = []
    for (const item of splitList(get('jenjang_pendidikan'))) {
      const level = item.toUpperCase()
      if (!(EDUCATION_LEVELS as readonly string[]).includes(level)) {
        fail('jenjang_pendidikan', 'unknownEducationLevel', item, { known: EDUCATION_LEVELS.join(', ') })
      } else if (!educationLevels.includes(level as EducationLevel)) {
        educationLevels.push(level as EducationLevel)
      }
    }

    const studyPrograms: string[] = []
    for (const item of splitList(get('kode_prodi'))) {
      const code = item.toUpperCase()
      const level = ctx.studyPrograms.get(code)
      if (level === undefined) fail('kode_prodi', 'unknownStudyProgram', item)
      else if (educationLevels.length && !educationLevels.includes(level as EducationLevel)) {
        fail('kode_prodi', 'studyProgramLevelMismatch', item, { level, levels: educationLevels.join(';') })
      }
      if (level !== undefined && !studyPrograms.includes(code)) studyPrograms.push(code)
    }
    // Above SMA the programme is part of the requirement (SSCASN asks for the exact prodi).
    if (!get('kode_prodi') && educationLevels.some((l) => l !== 'SMA')) fail('kode_prodi', 'studyProgramRequired', '')

    const gpaText = get('ipk_minimal')
    let minGpa: number | null = null
    if (gpaText) {
      minGpa = parseDecimal(gpaText)
      if (minGpa === null) fail('ipk_minimal', 'notANumber', gpaText)
      // At most two decimals: the column is Decimal(3,2) and IPK is written that way.
      else if (minGpa < GPA_MIN || minGpa > GPA_MAX || !/^\d+([.,]\d{1,2}0*)?$/.test(gpaText)) {
        fail('ipk_minimal', 'gpaOutOfRange', gpaText, { min: '2.00', max: '4.00' })
        minGpa = null
      }
    }

    const age = (column: 'usia_min' | 'usia_max') => {
      const text = get(column)
      if (!text) return null
      const value = parseInteger(text)
      if (value === null) fail(column, 'notAnInteger', text)
      else if (value < AGE_MIN || value > AGE_MAX) fail(column, 'ageOutOfRange', text, { min: AGE_MIN, max: AGE_MAX })
      else return value
      return null
    }
    const minAge = age('usia_min')
    const maxAge = age('usia_max')
    if (minAge !== null && maxAge !== null && minAge > maxAge) {
      fail('usia_max', 'ageRangeInverted', get('usia_max'), { min: minAge, max: maxAge })
    }

    let skbTests: SkbTest[] | undefined
    const skbText = get('skb_tambahan')
    const parsedSkb = parseSkbTests(skbText)
    if (!parsedSkb.ok) {
      fail('skb_tambahan', parsedSkb.reason === 'type' ? 'unknownSkbType' : 'invalidSkbFormat', parsedSkb.item)
    } else {
      skbTests = parsedSkb.tests
    }
    const catText = get('bobot_cat')
    let catWeight: number | undefined
    if (catText) {
      const v = parseInteger(catText)
      if (v === null || v < 0 || v > 100) fail('bobot_cat', 'weightOutOfRange', catText)
      else catWeight = v
    } else if (skbTests) {
      // Without a CAT weight, CAT takes what the additional tests leave (100 with none).
      catWeight = 100 - skbTests.reduce((s, t) => s + t.weight, 0)
    }
    if (skbTests && catWeight !== undefined) {
      for (const v of validateSkbWeights({ agencyKind: ctx.agencyKind, catWeight, tests: skbTests }, ctx.skbWeightLimits)) {
        const column: FormationColumn = v.rule === 'catMin' || (v.rule === 'weightsSum' && catText) ? 'bobot_cat' : 'skb_tambahan'
        fail(column, `skb_${v.rule satisfies SkbWeightRule}`, column === 'bobot_cat' ? catText : skbText, {
          ...(v.limit !== undefined ? { limit: v.limit } : {}),
          ...(v.actual !== undefined ? { actual: v.actual } : {}),
          ...(v.type !== undefined ? { type: v.type } : {}),
        })
      }
    }

    if (positionCode && location && formasiType) {
      const key = `${positionCode}\u0000${location.toLowerCase()}\u0000${formasiType}`
      const first = seenVacancy.get(key)
      if (first !== undefined) {
        rowErrors.push({
          row: record.row,
          column: null,
          key: E('duplicateRow'),
          value: `${positionCode} / ${location} / ${formasiType}`,
          params: { firstRow: first },
        })
      } else {
        seenVacancy.set(key, record.row)
      }
    }

    if (positionCode) {
      const fields: Partial<PositionFields> = {}
      if (positionName) fields.positionName = positionName
      if (unit) fields.unit = unit
      if (educationLevels.length) fields.educationLevels = educationLevels
      if (!rowErrors.some((e) => e.column === 'kode_prodi')) fields.studyPrograms = studyPrograms
      if (!rowErrors.some((e) => e.column === 'ipk_minimal')) fields.minGpa = minGpa
      if (!rowErrors.some((e) => e.column === 'usia_min')) fields.minAge = minAge
      if (!rowErrors.some((e) => e.column === 'usia_max')) fields.maxAge = maxAge
      if (skbTests) fields.skbTests = skbTests
      if (catWeight !== undefined) fields.catWeight = catWeight
      const first = firstOfPosition.get(positionCode)
      if (!first) {
        firstOfPosition.set(positionCode, { row: record.row, fields })
      } else {
        for (const field of Object.keys(POSITION_FIELD_COLUMN) as (keyof PositionFields)[]) {
          const a = first.fields[field]
          const b = fields[field]
          if (a === undefined || b === undefined) continue
          if (comparable(field, a) !== comparable(field, b)) {
            const column = POSITION_FIELD_COLUMN[field]
            fail(column, 'inconsistentPosition', get(column), { firstRow: first.row, code: positionCode })
          }
        }
      }
    }

    if (rowErrors.length) {
      errors.push(...rowErrors)
      continue
    }
    rows.push({
      positionCode,
      positionName,
      unit,
      location,
      formasiType,
      count: count!,
      educationLevels,
      studyPrograms,
      minGpa,
      minAge,
      maxAge,
      skbTests: skbTests!,
      catWeight: catWeight!,
    })
  }

  if (dataRows === 0 && errors.length === 0) errors.push({ row: 2, column: null, key: E('emptyFile'), value: '' })
  if (dataRows > FORMATION_MAX_ROWS) {
    errors.unshift({ row: 1, column: null, key: E('tooManyRows'), value: String(dataRows), params: { max: FORMATION_MAX_ROWS } })
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows }
}

/** A stored row back into the file's columns (the same format the import reads). */
export function formationRowToRecord(row: FormationRow): Record<FormationColumn, string> {
  return {
    kode_jabatan: row.positionCode,
    nama_jabatan: row.positionName,
    unit_kerja: row.unit,
    lokasi: row.location,
    jenis_formasi: row.formasiType,
    jumlah_kebutuhan: String(row.count),
    jenjang_pendidikan: row.educationLevels.join(';'),
    kode_prodi: row.studyPrograms.join(';'),
    ipk_minimal: row.minGpa === null ? '' : row.minGpa.toFixed(2),
    usia_min: row.minAge === null ? '' : String(row.minAge),
    usia_max: row.maxAge === null ? '' : String(row.maxAge),
    skb_tambahan: formatSkbTests(row.skbTests),
    bobot_cat: String(row.catWeight),
  }
}

export type FormationSummary = { positions: number; rows: number; totalVacancies: number }

export function summarizeFormation(rows: readonly FormationRow[]): FormationSummary {
  return {
    positions: new Set(rows.map((r) => r.positionCode)).size,
    rows: rows.length,
    totalVacancies: rows.reduce((s, r) => s + r.count, 0),
  }
}

export type PublishedPosition = PositionFields & {
  code: string
  vacancies: { formasiType: string; location: string; count: number }[]
}

/** The rows grouped into positions, each with its vacancies, as approval publishes them. */
export function groupByPosition(rows: readonly FormationRow[]): PublishedPosition[] {
  const byCode = new Map<string, PublishedPosition>()
  for (const r of rows) {
    let p = byCode.get(r.positionCode)
    if (!p) {
      p = {
        code: r.positionCode,
        positionName: r.positionName,
        unit: r.unit,
        educationLevels: r.educationLevels,
        studyPrograms: r.studyPrograms,
        minGpa: r.minGpa,
        minAge: r.minAge,
        maxAge: r.maxAge,
        skbTests: r.skbTests,
        catWeight: r.catWeight,
        vacancies: [],
      }
      byCode.set(r.positionCode, p)
    }
    p.vacancies.push({ formasiType: r.formasiType, location: r.location, count: r.count })
  }
  return [...byCode.values()]
}
