import { RULES_2024 } from './rules'
import {
  DEFAULT_REQUIRED_DOCUMENTS,
  FORMATION_COLUMNS,
  FORMATION_TEMPLATE_EXAMPLE,
  formationRowToRecord,
  groupByPosition,
  parseSkbTests,
  summarizeFormation,
  validateFormation,
  type FormationColumn,
  type FormationContext,
  type RawRecord,
} from './formation'

const ctx: FormationContext = {
  formasiTypes: ['UMUM', 'CUMLAUDE', 'DISABILITAS', 'PUTRA_PAPUA'],
  studyPrograms: new Map([
    ['S1-HUK', 'S1'],
    ['S1-TI', 'S1'],
    ['D3-KEP', 'D3'],
    ['S2-HUK', 'S2'],
  ]),
  agencyKind: 'CENTRAL',
  skbWeightLimits: RULES_2024.skbWeightLimits,
}

const header = [...FORMATION_COLUMNS]

const base: Record<FormationColumn, string> = {
  kode_jabatan: 'ANALIS-HUKUM',
  nama_jabatan: 'Analis Hukum Ahli Pertama',
  unit_kerja: 'Kanwil DKI Jakarta',
  lokasi: 'Jakarta',
  jenis_formasi: 'UMUM',
  jumlah_kebutuhan: '12',
  jenjang_pendidikan: 'S1',
  kode_prodi: 'S1-HUK',
  ipk_minimal: '3.00',
  usia_min: '',
  usia_max: '',
  skb_tambahan: 'PSIKOTES:10:gugur;PRAKTIK_KERJA:30;WAWANCARA:10',
  bobot_cat: '50',
}

/** Records as the file would have them: header is row 1, so the first data row is row 2. */
function records(...rows: Partial<Record<FormationColumn, string>>[]): RawRecord[] {
  return rows.map((r, i) => ({ row: i + 2, values: { ...base, ...r } }))
}

function errorsOf(...rows: Partial<Record<FormationColumn, string>>[]) {
  const result = validateFormation(header, records(...rows), ctx)
  if (result.ok) throw new Error('expected errors')
  return result.errors.map((e) => ({ row: e.row, column: e.column, key: e.key.replace('formation.errors.', ''), value: e.value }))
}

describe('a valid file', () => {
  test('gives one row per position × location × formasi type, with the position fields parsed', () => {
    const result = validateFormation(
      header,
      records({}, { lokasi: 'Bandung', jumlah_kebutuhan: '3' }, { jenis_formasi: 'cumlaude', jumlah_kebutuhan: '2' }),
      ctx,
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.rows).toHaveLength(3)
    expect(result.rows[0]).toEqual({
      positionCode: 'ANALIS-HUKUM',
      positionName: 'Analis Hukum Ahli Pertama',
      unit: 'Kanwil DKI Jakarta',
      location: 'Jakarta',
      formasiType: 'UMUM',
      count: 12,
      educationLevels: ['S1'],
      studyPrograms: ['S1-HUK'],
      minGpa: 3,
      minAge: null,
      maxAge: null,
      skbTests: [
        { type: 'PSIKOTES', weight: 10, eliminating: true },
        { type: 'PRAKTIK_KERJA', weight: 30, eliminating: false },
        { type: 'WAWANCARA', weight: 10, eliminating: false },
      ],
      catWeight: 50,
    })
    expect(result.rows[2]!.formasiType).toBe('CUMLAUDE')
    expect(summarizeFormation(result.rows)).toEqual({ positions: 1, rows: 3, totalVacancies: 17 })
    const [position] = groupByPosition(result.rows)
    expect(position!.vacancies).toEqual([
      { formasiType: 'UMUM', location: 'Jakarta', count: 12 },
      { formasiType: 'UMUM', location: 'Bandung', count: 3 },
      { formasiType: 'CUMLAUDE', location: 'Jakarta', count: 2 },
    ])
  })

  test('headers are matched loosely ("Kode Jabatan") and blank lines are skipped', () => {
    const loose = header.map((h) => h.replace(/_/g, ' ').toUpperCase())
    const values = Object.fromEntries(header.map((h, i) => [h, Object.values(base)[i]]))
    const result = validateFormation(
      loose,
      [
        { row: 2, values: {} },
        { row: 3, values },
      ],
      ctx,
    )
    expect(result.ok).toBe(true)
  })

  test('SMA positions may leave kode_prodi empty; CAT weight defaults to 100 without additional tests', () => {
    const result = validateFormation(
      header,
      records({ kode_jabatan: 'PENJAGA', jenjang_pendidikan: 'SMA', kode_prodi: '', ipk_minimal: '', skb_tambahan: '', bobot_cat: '' }),
      ctx,
    )
    expect(result.ok && result.rows[0]).toMatchObject({ studyPrograms: [], catWeight: 100, skbTests: [], minGpa: null })
  })

  test('an Indonesian decimal comma is read in ipk_minimal', () => {
    const result = validateFormation(header, records({ ipk_minimal: '2,75' }), ctx)
    expect(result.ok && result.rows[0]!.minGpa).toBe(2.75)
  })

  test('the template example row is valid', () => {
    const result = validateFormation(header, [{ row: 2, values: FORMATION_TEMPLATE_EXAMPLE }], { ...ctx, agencyKind: 'REGIONAL' })
    expect(result.ok).toBe(true)
  })

  test('exporting a row gives back the same row when read again', () => {
    const result = validateFormation(header, records({ usia_min: '20', usia_max: '30', ipk_minimal: '2.5' }), ctx)
    if (!result.ok) throw new Error('expected ok')
    const again = validateFormation(header, [{ row: 2, values: formationRowToRecord(result.rows[0]!) }], ctx)
    expect(again).toEqual(result)
  })
})

describe('each kind of problem is reported with the row number of the file and nothing is returned', () => {
  test('missing required value', () => {
    expect(errorsOf({}, { nama_jabatan: '  ', lokasi: 'Medan' })).toEqual([
      { row: 3, column: 'nama_jabatan', key: 'required', value: '' },
    ])
  })

  test('missing column in the header', () => {
    const result = validateFormation(header.filter((h) => h !== 'lokasi'), records({}), ctx)
    expect(result).toEqual({ ok: false, errors: [{ row: 1, column: 'lokasi', key: 'formation.errors.missingColumn', value: '', params: { column: 'lokasi' } }] })
  })

  test('unknown formasi type', () => {
    expect(errorsOf({ jenis_formasi: 'KHUSUS' })).toEqual([{ row: 2, column: 'jenis_formasi', key: 'unknownFormasiType', value: 'KHUSUS' }])
  })

  test('unknown study programme code (against the reference list)', () => {
    expect(errorsOf({}, { lokasi: 'Medan', kode_prodi: 'S1-HUK;S1-ASTROLOGI' })).toEqual([
      { row: 3, column: 'kode_prodi', key: 'unknownStudyProgram', value: 'S1-ASTROLOGI' },
    ])
  })

  test('a study programme of another level than the position requires', () => {
    expect(errorsOf({ kode_prodi: 'D3-KEP' })).toEqual([{ row: 2, column: 'kode_prodi', key: 'studyProgramLevelMismatch', value: 'D3-KEP' }])
  })

  test('no study programme for a position above SMA', () => {
    expect(errorsOf({ kode_prodi: '' })).toEqual([{ row: 2, column: 'kode_prodi', key: 'studyProgramRequired', value: '' }])
  })

  test('jumlah_kebutuhan ≤ 0 or not an integer', () => {
    expect(errorsOf({ jumlah_kebutuhan: '0' }, { lokasi: 'B', jumlah_kebutuhan: '-2' }, { lokasi: 'C', jumlah_kebutuhan: '2.5' }, { lokasi: 'D', jumlah_kebutuhan: 'lima' })).toEqual([
      { row: 2, column: 'jumlah_kebutuhan', key: 'countNotPositive', value: '0' },
      { row: 3, column: 'jumlah_kebutuhan', key: 'countNotPositive', value: '-2' },
      { row: 4, column: 'jumlah_kebutuhan', key: 'countNotInteger', value: '2.5' },
      { row: 5, column: 'jumlah_kebutuhan', key: 'countNotInteger', value: 'lima' },
    ])
  })

  test('unknown education level', () => {
    expect(errorsOf({ jenjang_pendidikan: 'S1;SLTP', kode_prodi: 'S1-HUK' })).toEqual([
      { row: 2, column: 'jenjang_pendidikan', key: 'unknownEducationLevel', value: 'SLTP' },
    ])
  })

  test('duplicate row (same kode_jabatan + lokasi + jenis_formasi), naming the first one', () => {
    const result = validateFormation(header, records({}, { lokasi: ' jakarta ', jumlah_kebutuhan: '4' }), ctx)
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          row: 3,
          column: null,
          key: 'formation.errors.duplicateRow',
          value: 'ANALIS-HUKUM / jakarta / UMUM',
          params: { firstRow: 2 },
        },
      ],
    })
  })

  test.each([
    ['nama_jabatan', 'Analis Hukum Ahli Muda'],
    ['unit_kerja', 'Kanwil Jawa Barat'],
    ['jenjang_pendidikan', 'S1;S2'],
    ['kode_prodi', 'S1-HUK;S1-TI'],
    ['skb_tambahan', 'PSIKOTES:10:gugur;PRAKTIK_KERJA:20;WAWANCARA:10;'],
  ] as const)('rows of one kode_jabatan disagreeing on %s', (column, value) => {
    const extra = column === 'skb_tambahan' ? { bobot_cat: '60' } : {}
    const errors = errorsOf({}, { lokasi: 'Medan', [column]: value, ...extra })
    expect(errors).toContainEqual({ row: 3, column, key: 'inconsistentPosition', value })
    expect(errors.every((e) => e.row === 3)).toBe(true)
  })

  test('the same study programmes in another order are not a disagreement', () => {
    const result = validateFormation(header, records({ kode_prodi: 'S1-HUK;S1-TI' }, { lokasi: 'Medan', kode_prodi: 's1-ti; S1-HUK' }), ctx)
    expect(result.ok).toBe(true)
  })

  test('GPA out of range, too precise, or not a number', () => {
    expect(errorsOf({ ipk_minimal: '4.5' }, { lokasi: 'B', ipk_minimal: '1.99' }, { lokasi: 'C', ipk_minimal: '3.125' }, { lokasi: 'D', ipk_minimal: 'tiga' }).filter((e) => e.key !== 'inconsistentPosition')).toEqual([
      { row: 2, column: 'ipk_minimal', key: 'gpaOutOfRange', value: '4.5' },
      { row: 3, column: 'ipk_minimal', key: 'gpaOutOfRange', value: '1.99' },
      { row: 4, column: 'ipk_minimal', key: 'gpaOutOfRange', value: '3.125' },
      { row: 5, column: 'ipk_minimal', key: 'notANumber', value: 'tiga' },
    ])
  })

  test('age limits inverted or out of range', () => {
    expect(errorsOf({ usia_min: '35', usia_max: '20' })).toEqual([{ row: 2, column: 'usia_max', key: 'ageRangeInverted', value: '20' }])
    expect(errorsOf({ usia_min: '12' })).toEqual([{ row: 2, column: 'usia_min', key: 'ageOutOfRange', value: '12' }])
  })

  test('additional SKB tests: unreadable, unknown type, and weights against the period rules', () => {
    expect(errorsOf({ skb_tambahan: 'PSIKOTES-20' })).toEqual([{ row: 2, column: 'skb_tambahan', key: 'invalidSkbFormat', value: 'PSIKOTES-20' }])
    expect(errorsOf({ skb_tambahan: 'MENYANYI:20', bobot_cat: '80' })).toEqual([{ row: 2, column: 'skb_tambahan', key: 'unknownSkbType', value: 'MENYANYI:20' }])
    expect(errorsOf({ skb_tambahan: 'PRAKTIK_KERJA:45;WAWANCARA:15', bobot_cat: '40' })).toEqual([
      { row: 2, column: 'bobot_cat', key: 'skb_catMin', value: '40' },
      { row: 2, column: 'skb_tambahan', key: 'skb_additionalMax', value: 'PRAKTIK_KERJA:45;WAWANCARA:15' },
      { row: 2, column: 'skb_tambahan', key: 'skb_interviewMax', value: 'PRAKTIK_KERJA:45;WAWANCARA:15' },
    ])
    expect(errorsOf({ skb_tambahan: 'PRAKTIK_KERJA:30', bobot_cat: '60' })).toEqual([{ row: 2, column: 'bobot_cat', key: 'skb_weightsSum', value: '60' }])
  })

  test('a regional agency may not add an interview', () => {
    const result = validateFormation(header, records({ skb_tambahan: 'WAWANCARA:10', bobot_cat: '90' }), { ...ctx, agencyKind: 'REGIONAL' })
    expect(!result.ok && result.errors.map((e) => e.key)).toEqual(['formation.errors.skb_interviewNotAllowed'])
  })

  test('a file with only a header is refused', () => {
    expect(validateFormation(header, [], ctx)).toMatchObject({ ok: false, errors: [{ key: 'formation.errors.emptyFile' }] })
  })

  test('one bad row among good ones refuses the whole file', () => {
    const result = validateFormation(header, records({}, { lokasi: 'Medan' }, { lokasi: 'Papua', kode_prodi: 'S1-XYZ' }), ctx)
    expect(result.ok).toBe(false)
    expect('rows' in result).toBe(false)
  })
})

describe('additional SKB test notation', () => {
  test('TYPE:weight[:gugur], separated by ;', () => {
    expect(parseSkbTests('psikotes:20:GUGUR; WAWANCARA:10')).toEqual({
      ok: true,
      tests: [
        { type: 'PSIKOTES', weight: 20, eliminating: true },
        { type: 'WAWANCARA', weight: 10, eliminating: false },
      ],
    })
    expect(parseSkbTests('')).toEqual({ ok: true, tests: [] })
    expect(parseSkbTests('TPA:10:ya')).toEqual({ ok: false, item: 'TPA:10:ya', reason: 'format' })
  })
})

test('the default documents are the SSCASN upload table (domain.md §1)', () => {
  expect(DEFAULT_REQUIRED_DOCUMENTS.map((d) => [d.code, d.format, d.maxKb])).toEqual([
    ['PAS_FOTO', 'JPG', 200],
    ['SWAFOTO', 'JPG', 200],
    ['KTP', 'JPG', 200],
    ['IJAZAH', 'PDF', 800],
    ['TRANSKRIP', 'PDF', 500],
    ['SURAT_LAMARAN', 'PDF', 300],
  ])
})

test('texts that a spreadsheet would run as a formula are refused (the file is exported again)', () => {
  const result = validateFormation(header, records({ lokasi: '=HYPERLINK("http://x")' }), ctx)
  expect(!result.ok && result.errors.map((e) => [e.column, e.key])).toEqual([['lokasi', 'formation.errors.formulaLike']])
})
