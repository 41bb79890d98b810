import { FORMATION_COLUMNS, FORMATION_MAX_BYTES, FORMATION_MAX_ROWS } from '~/domain/selection/formation'
import { readFormationFile, writeFormationCsv, writeFormationXlsx, type FormationRecord } from './formation-files.server'

const HEADER = FORMATION_COLUMNS.join(',')
const record = Object.fromEntries(FORMATION_COLUMNS.map((c) => [c, ''])) as FormationRecord
const sample: FormationRecord = { ...record, kode_jabatan: 'A-1', nama_jabatan: 'Analis "Hukum", Ahli', lokasi: 'Kota Tual, Maluku', jumlah_kebutuhan: '3', kode_prodi: 'S1-HUK;S1-HES', ipk_minimal: '3.25' }

describe('reading', () => {
  test('CSV: BOM stripped, row numbers as in the file, final line break is not a row', async () => {
    const parsed = await readFormationFile(Buffer.from(`\uFEFF${HEADER}\r\nA,B\r\n\r\nC,D\r\n`))
    expect(parsed).toMatchObject({ ok: true, format: 'csv', header: [...FORMATION_COLUMNS] })
    if (!parsed.ok) return
    expect(parsed.records.map((r) => [r.row, r.values.kode_jabatan])).toEqual([
      [2, 'A'],
      [3, ''],
      [4, 'C'],
    ])
  })

  test('CSV with ";" as separator (Excel, Indonesian locale)', async () => {
    const parsed = await readFormationFile(Buffer.from(`${FORMATION_COLUMNS.join(';')}\nA;B;C;D;UMUM;1;S1;"S1-HUK;S1-TI";3,25`))
    expect(parsed.ok && parsed.records[0]!.values).toMatchObject({ kode_jabatan: 'A', kode_prodi: 'S1-HUK;S1-TI', ipk_minimal: '3,25' })
  })

  test('Windows-1252 text is read', async () => {
    const parsed = await readFormationFile(Buffer.concat([Buffer.from(`${HEADER}\nA,Caf`), Buffer.from([0xe9])]))
    expect(parsed.ok && parsed.records[0]!.values.nama_jabatan).toBe('Café')
  })

  test.each([
    ['an empty file', Buffer.alloc(0), 'empty'],
    ['an old .xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'legacyXls'],
    ['a PDF', Buffer.from('%PDF-1.4\n\u0000\u0001\u0002'), 'unsupported'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'unsupported'],
    ['a ZIP that is not a workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), 'unreadableXlsx'],
    ['an unclosed quote', Buffer.from(`${HEADER}\nA,"B\n`), 'csvSyntax'],
  ])('%s is refused with its own message', async (_what, bytes, key) => {
    expect(await readFormationFile(bytes)).toMatchObject({ ok: false, error: { key: `formation.fileErrors.${key}` } })
  })

  test('more than 5 MB or 20,000 rows is refused', async () => {
    expect(await readFormationFile(Buffer.alloc(FORMATION_MAX_BYTES + 1, 0x41))).toMatchObject({ ok: false, error: { key: 'formation.fileErrors.tooLarge' } })
    const many = `${HEADER}\n${'A,B\n'.repeat(FORMATION_MAX_ROWS + 1)}`
    expect(await readFormationFile(Buffer.from(many))).toMatchObject({ ok: false, error: { key: 'formation.fileErrors.tooManyRows' } })
    expect((await readFormationFile(Buffer.from(`${HEADER}\n${'A,B\n'.repeat(FORMATION_MAX_ROWS)}`))).ok).toBe(true)
  })
})

describe('writing then reading gives the same values', () => {
  test('CSV (quotes and commas inside cells)', async () => {
    const parsed = await readFormationFile(Buffer.from(writeFormationCsv([sample])))
    expect(parsed.ok && parsed.records.map((r) => r.values)).toEqual([sample])
  })

  test('XLSX (numbers written as numbers, read back as the same text)', async () => {
    const parsed = await readFormationFile(await writeFormationXlsx([sample]))
    expect(parsed).toMatchObject({ ok: true, format: 'xlsx' })
    expect(parsed.ok && parsed.records.map((r) => r.values)).toEqual([sample])
  })
})
