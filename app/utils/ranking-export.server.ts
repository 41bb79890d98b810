import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import PDFDocument from 'pdfkit'
import type { PublishedLine } from '~/domain/ranking/publication'

/**
 * Downloads of a published list (issue 8): CSV (papaparse), XLSX (exceljs), PDF (pdfkit, built-in
 * Helvetica as in ADR 010). Every file carries the version and the content hash, so a reader can
 * check it against the public page; the CSV's rows are exactly what the hash covers.
 */
export type ListHeader = { periodName: string; periodCode: string; stage: string; stageLabel: string; version: number; contentHash: string; publishedAt: Date; status: string }

const COLUMNS = ['nomor_peserta', 'nama', 'kode_jabatan', 'jenis_formasi', 'lokasi', 'peringkat', 'nilai', 'kode', 'ditempatkan_di'] as const
const row = (l: PublishedLine) => [l.registrationNumber, l.name, l.positionCode, l.formasiTypeCode, l.location, l.rank ?? '', l.score ?? '', l.code, l.assignedTo ?? '']

export function fileBase(h: ListHeader) {
  return `hasil-${h.periodCode}-${h.stage}-v${h.version}`.toLowerCase()
}

export function listCsv(h: ListHeader, lines: readonly PublishedLine[]) {
  const body =
    `# ${h.periodName} · ${h.stageLabel} · versi ${h.version} · ${h.status} · sha256 ${h.contentHash}\r\n` +
    Papa.unparse({ fields: [...COLUMNS], data: lines.map(row) }, { newline: '\r\n' }) +
    '\r\n'
  return { fileName: `${fileBase(h)}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(body, 'utf8') }
}

export async function listXlsx(h: ListHeader, lines: readonly PublishedLine[]) {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Portal Seleksi ASN'
  const sheet = workbook.addWorksheet('Hasil')
  sheet.addRow([`${h.periodName} · ${h.stageLabel} · versi ${h.version} · ${h.status}`])
  sheet.addRow([`SHA-256: ${h.contentHash}`])
  sheet.addRow([...COLUMNS]).font = { bold: true }
  for (const l of lines) sheet.addRow(row(l))
  sheet.views = [{ state: 'frozen', ySplit: 3 }]
  COLUMNS.forEach((_, i) => (sheet.getColumn(i + 1).width = i === 1 ? 28 : 16))
  const buffer = await workbook.xlsx.writeBuffer()
  return { fileName: `${fileBase(h)}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: Buffer.from(buffer) }
}

export async function listPdf(h: ListHeader, lines: readonly PublishedLine[]) {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, lang: 'id-ID', displayTitle: true, info: { Title: `${h.periodName} — ${h.stageLabel} v${h.version}`, Author: 'Portal Seleksi ASN' } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const widths = [90, 150, 90, 80, 80, 45, 55, 40, 140]
  const header = () => {
    doc.font('Helvetica-Bold').fontSize(13).fillColor('#0b4f8a').text(`${h.periodName} — ${h.stageLabel}`)
    doc.font('Helvetica').fontSize(8).fillColor('#1b1f24').text(`Versi ${h.version} · ${h.status} · diumumkan ${h.publishedAt.toISOString()} · SHA-256 ${h.contentHash}`)
    doc.moveDown(0.5)
    tableRow(['Nomor peserta', 'Nama', 'Jabatan', 'Formasi', 'Lokasi', 'Peringkat', 'Nilai', 'Kode', 'Ditempatkan di'], true)
  }
  const tableRow = (cells: string[], bold = false) => {
    const y = doc.y
    let x = doc.page.margins.left
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8)
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: widths[i]! - 4, height: 11, ellipsis: true, lineBreak: false })
      x += widths[i]!
    })
    doc.x = doc.page.margins.left
    doc.y = y + 12
  }
  header()
  for (const l of lines) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 14) {
      doc.addPage()
      header()
    }
    tableRow(row(l).map(String))
  }
  doc.end()
  return { fileName: `${fileBase(h)}.pdf`, contentType: 'application/pdf', body: await done }
}
