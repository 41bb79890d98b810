import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import {
  FORMATION_COLUMNS,
  FORMATION_MAX_BYTES,
  FORMATION_MAX_ROWS,
  normalizeHeader,
  type FormationColumn,
  type RawRecord,
} from '~/domain/selection/formation'
import { SKB_TEST_TYPES } from '~/domain/assessment/skb-weights'
import { EDUCATION_LEVELS } from '~/domain/selection/rules'

/**
 * Formation files (ADR 009): XLSX through exceljs, CSV through papaparse. The format is decided
 * by the file's first bytes, never by its name: an XLSX is a ZIP ("PK\x03\x04"); anything else
 * must be readable text. Both give the same raw string records for the domain validator.
 */
export type ParsedFormationFile =
  | { ok: true; format: 'xlsx' | 'csv'; header: string[]; records: RawRecord[] }
  | { ok: false; error: { key: string; params?: Record<string, string | number> } }

const fail = (name: string, params?: Record<string, string | number>): ParsedFormationFile => ({
  ok: false,
  error: { key: `formation.fileErrors.${name}`, ...(params ? { params } : {}) },
})

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b)

export async function readFormationFile(input: Uint8Array): Promise<ParsedFormationFile> {
  const bytes = input instanceof Buffer ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  if (bytes.byteLength === 0) return fail('empty')
  if (bytes.byteLength > FORMATION_MAX_BYTES) return fail('tooLarge', { maxMb: FORMATION_MAX_BYTES / 1024 / 1024 })
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readXlsx(bytes)
  // The old binary Excel format (OLE2) is a common mistake: say how to fix it.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return fail('legacyXls')
  const text = decodeText(bytes)
  if (text === null) return fail('unsupported')
  return readCsv(text)
}

/** UTF-8 (with or without BOM), else Windows-1252 as older Excel saves "CSV"; binary is refused. */
function decodeText(bytes: Buffer): string | null {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes)
  }
  // Control characters other than tab/CR/LF mean a binary file (PDF, image, ZIP of another kind…).
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return null
  return text.replace(/^\uFEFF/, '')
}

function readCsv(text: string): ParsedFormationFile {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  // Excel in an Indonesian locale saves CSV with ";" (the comma is the decimal sign): decide by
  // the header line only, since data cells themselves contain ";" lists.
  const counts = { ',': count(firstLine, ','), ';': count(firstLine, ';'), '\t': count(firstLine, '\t') }
  const delimiter = (Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0]) as ',' | ';' | '\t'
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false })
  const syntax = parsed.errors.find((e) => e.type === 'Quotes' || e.type === 'Delimiter')
  if (syntax) return fail('csvSyntax', { row: (syntax.row ?? 0) + 1 })
  const [headerRow, ...rest] = parsed.data
  // The line break that ends the file is not a row.
  if (rest.length && rest[rest.length - 1]!.every((c) => c === '')) rest.pop()
  if (!headerRow || headerRow.every((h) => !h.trim())) return fail('noHeader')
  if (countNonEmpty(rest) > FORMATION_MAX_ROWS) {
    return fail('tooManyRows', { max: FORMATION_MAX_ROWS })
  }
  const header = headerRow.map((h) => h.trim())
  const keys = header.map(normalizeHeader)
  const records: RawRecord[] = rest.map((cells, i) => ({
    row: i + 2,
    values: Object.fromEntries(keys.map((k, j) => [k, cells[j] ?? ''])),
  }))
  return { ok: true, format: 'csv', header, records }
}

const count = (text: string, ch: string) => text.split(ch).length - 1
const countNonEmpty = (rows: string[][]) => rows.filter((r) => r.some((c) => c.trim())).length

async function readXlsx(bytes: Buffer): Promise<ParsedFormationFile> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer)
  } catch {
    return fail('unreadableXlsx')
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) return fail('noHeader')
  if (sheet.actualRowCount > FORMATION_MAX_ROWS + 1) return fail('tooManyRows', { max: FORMATION_MAX_ROWS })
  const headerCells = sheet.getRow(1)
  const width = Math.max(headerCells.cellCount, 0)
  const header: string[] = []
  for (let c = 1; c <= width; c++) header.push(cellText(headerCells.getCell(c).value).trim())
  if (header.every((h) => !h)) return fail('noHeader')
  const keys = header.map(normalizeHeader)
  const records: RawRecord[] = []
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    records.push({ row: r, values: Object.fromEntries(keys.map((k, j) => [k, cellText(row.getCell(j + 1).value)])) })
  }
  return { ok: true, format: 'xlsx', header, records }
}

/** A cell as the text a person sees: formulas by their result, rich text joined, numbers unrounded. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(Number(value.toPrecision(12)))
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('')
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue)
    if ('text' in value) return String(value.text)
    if ('error' in value) return ''
  }
  return String(value)
}

export type FormationRecord = Record<FormationColumn, string>

const NUMERIC_COLUMNS: readonly FormationColumn[] = ['jumlah_kebutuhan', 'usia_min', 'usia_max', 'bobot_cat']

const COLUMN_HELP: Record<FormationColumn, string> = {
  kode_jabatan: 'Kode jabatan milik instansi (huruf, angka, - _ . /). Wajib.',
  nama_jabatan: 'Nama jabatan. Wajib; sama untuk semua baris satu kode_jabatan.',
  unit_kerja: 'Unit kerja/penempatan. Wajib; sama untuk semua baris satu kode_jabatan.',
  lokasi: 'Lokasi formasi (kota/kabupaten). Wajib.',
  jenis_formasi: 'Kode jenis formasi (mis. UMUM, CUMLAUDE, DISABILITAS, PUTRA_PAPUA). Wajib.',
  jumlah_kebutuhan: 'Jumlah kebutuhan untuk jabatan × lokasi × jenis formasi ini; bilangan bulat > 0. Wajib.',
  jenjang_pendidikan: `Jenjang pendidikan, dipisah titik koma (${EDUCATION_LEVELS.join(', ')}). Wajib.`,
  kode_prodi: 'Kode program studi dari daftar rujukan, dipisah titik koma. Boleh kosong hanya untuk SMA.',
  ipk_minimal: 'IPK minimal 2.00–4.00 (opsional).',
  usia_min: 'Batas usia minimal khusus jabatan ini (opsional).',
  usia_max: 'Batas usia maksimal khusus jabatan ini (opsional).',
  skb_tambahan: `SKB tambahan JENIS:bobot[:gugur] dipisah titik koma, mis. PSIKOTES:20:gugur;WAWANCARA:10. Jenis: ${SKB_TEST_TYPES.join(', ')} (opsional).`,
  bobot_cat: 'Bobot SKB CAT dalam persen; bila kosong = 100 dikurangi bobot SKB tambahan.',
}

/** The XLSX of a formation: one sheet of rows (read back by the import) and one of guidance. */
export async function writeFormationXlsx(records: readonly FormationRecord[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Portal Seleksi ASN'
  const sheet = workbook.addWorksheet('Formasi', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = FORMATION_COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: Math.max(c.length + 2, c === 'nama_jabatan' || c === 'unit_kerja' || c === 'skb_tambahan' ? 36 : 14),
  }))
  sheet.getRow(1).font = { bold: true }
  sheet.getColumn('ipk_minimal').numFmt = '0.00'
  for (const record of records) {
    sheet.addRow(
      Object.fromEntries(
        FORMATION_COLUMNS.map((c) => {
          const v = record[c]
          if (v !== '' && (NUMERIC_COLUMNS.includes(c) || c === 'ipk_minimal')) return [c, Number(v)]
          return [c, v]
        }),
      ),
    )
  }
  const help = workbook.addWorksheet('Petunjuk')
  help.columns = [
    { header: 'kolom', key: 'column', width: 22 },
    { header: 'keterangan', key: 'help', width: 100 },
  ]
  help.getRow(1).font = { bold: true }
  for (const c of FORMATION_COLUMNS) help.addRow({ column: c, help: COLUMN_HELP[c] })
  help.addRow({})
  help.addRow({ column: 'Catatan', help: 'Satu baris = satu jabatan × lokasi × jenis formasi. Baris pertama lembar "Formasi" adalah judul kolom.' })
  const buffer = await workbook.xlsx.writeBuffer()
  return Buffer.from(buffer as ArrayBuffer)
}

/** The CSV of a formation (UTF-8 with BOM so Excel shows Indonesian names correctly). */
export function writeFormationCsv(records: readonly FormationRecord[]): string {
  return (
    '\uFEFF' +
    Papa.unparse({ fields: [...FORMATION_COLUMNS], data: records.map((r) => FORMATION_COLUMNS.map((c) => r[c])) }, { newline: '\r\n' }) +
    '\r\n'
  )
}

/** A file download that is never cached by a shared proxy (formations are not public before approval). */
export function downloadResponse(file: { fileName: string; contentType: string; body: Buffer }) {
  return new Response(new Uint8Array(file.body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Content-Length': String(file.body.byteLength),
      'Cache-Control': 'private, no-store',
    },
  })
}
