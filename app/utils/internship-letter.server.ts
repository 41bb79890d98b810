import PDFDocument from 'pdfkit'
import type { LetterContent } from '~/domain/internship/letters'
import { id as idMessages } from '~/locales/id'

/**
 * Renders a fixed-template letter (SR or SPTJM, `app/domain/internship/letters.ts`) as an A4 PDF
 * for the student to print, sign and upload. pdfkit's built-in Helvetica, as the cards (ADR 010).
 */
const MARGIN = 56
const INK = '#1b1f23'
const MUTED = '#57606a'

export function renderInternshipLetterPdf(letter: LetterContent, place: { opening: string }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: 'id-ID',
    displayTitle: true,
    info: { Title: `${letter.title} — ${letter.identity[0]?.[1] ?? ''}`, Author: idMessages.app.name, Subject: place.opening },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const width = doc.page.width - 2 * MARGIN

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(13).text(letter.title, { align: 'center', width })
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text('Nomor: ............................................', { align: 'center', width })
  doc.moveDown(1.5)

  const paragraph = (text: string) => doc.fillColor(INK).font('Helvetica').fontSize(11).text(text, { align: 'justify', width, lineGap: 2 }).moveDown(0.6)
  paragraph(letter.paragraphs[0]!)
  const labelX = MARGIN + 24
  for (const [label, value] of letter.identity) {
    const y = doc.y
    doc.font('Helvetica').fontSize(11).text(label, labelX, y, { width: 130 })
    doc.font('Helvetica-Bold').text(`: ${value}`, labelX + 130, y, { width: width - 154 })
    doc.moveDown(0.2)
  }
  doc.x = MARGIN
  doc.moveDown(0.6)
  for (const text of letter.paragraphs.slice(1)) paragraph(text)

  doc.moveDown(1)
  // Place and date are written by hand when the letter is signed.
  doc.font('Helvetica').fontSize(11).text('........................, ........................', MARGIN, doc.y, { align: 'right', width })
  doc.moveDown(1)
  const top = doc.y
  const blockWidth = width / letter.signatures.length
  letter.signatures.forEach((s, i) => {
    const x = MARGIN + i * blockWidth
    doc.font('Helvetica').fontSize(11).fillColor(INK).text(s.role, x, top, { width: blockWidth, align: 'center' })
    if (s.stamp) {
      // The duty stamp (meterai Rp10.000) is stuck here and signed across.
      doc.rect(x + blockWidth / 2 - 40, top + 22, 80, 46).lineWidth(0.5).dash(3, { space: 2 }).strokeColor(MUTED).stroke().undash()
      doc.fontSize(8).fillColor(MUTED).text('Meterai\nRp10.000', x + blockWidth / 2 - 40, top + 34, { width: 80, align: 'center' })
    }
    doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(s.name, x, top + 90, { width: blockWidth, align: 'center' })
  })
  doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(`Templat ${idMessages.app.name} · ${place.opening}`, MARGIN, doc.page.height - MARGIN - 12, { width, align: 'center' })
  doc.end()
  return finished
}
