import crypto from 'node:crypto'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { getEnv } from '~/utils/env.server'
import { id as idMessages } from '~/locales/id'

/**
 * The portal's one-page cards (Kartu Informasi Akun, Kartu Pendaftaran, and the exam cards and
 * certificates to come): a blue header band, labelled rows, a QR code to the public check, and a
 * note. Drawn with pdfkit's built-in Helvetica (no font files to ship; ADR 010).
 *
 * A card's public check URL carries `<value>.<HMAC>`, so sequential values (registration numbers)
 * cannot be enumerated and only the portal can make a code its check accepts.
 */
export function signedCode(purpose: string, value: string): string {
  return `${value}.${signature(purpose, value)}`
}

/** The value of a genuine code for `purpose`, or null. */
export function valueFromSignedCode(purpose: string, code: string): string | null {
  const dot = code.lastIndexOf('.')
  if (dot <= 0) return null
  const value = code.slice(0, dot)
  const given = Buffer.from(code.slice(dot + 1))
  const expected = Buffer.from(signature(purpose, value))
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? value : null
}

function signature(purpose: string, value: string) {
  return crypto.createHmac('sha256', getEnv().SESSION_SECRET).update(`${purpose}:${value}`).digest('base64url').slice(0, 16)
}

const A4_WIDTH = 595.28
const MARGIN = 48
const BLUE = '#0b4f8a'
const INK = '#1b1f24'
const MUTED = '#50585f'

export type CardPdf = {
  title: string
  /** The PDF's document title (metadata). */
  documentTitle: string
  periodName: string
  rows: [label: string, value: string][]
  verifyUrl: string
  note: { lead: string; body: string }
  cardHeight: number
  /** A JPEG/PNG pas foto drawn under the QR code (the Kartu Peserta Ujian). */
  photo?: Buffer | null
}

export async function renderCardPdf(card: CardPdf): Promise<Buffer> {
  const qr = await QRCode.toBuffer(card.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 360 })
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: 'id-ID',
    displayTitle: true,
    info: { Title: card.documentTitle, Author: idMessages.app.name, Subject: card.periodName },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const width = A4_WIDTH - 2 * MARGIN
  const top = MARGIN
  // The header band is clipped to the card's rounded outline, then the outline is drawn on top.
  doc.save()
  doc.roundedRect(MARGIN, top, width, card.cardHeight, 8).clip()
  doc.rect(MARGIN, top, width, 64).fill(BLUE)
  doc.restore()
  doc.lineWidth(1.5).strokeColor(BLUE).roundedRect(MARGIN, top, width, card.cardHeight, 8).stroke()
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(18).text(card.title.toUpperCase(), MARGIN + 20, top + 14, { width: width - 40 })
  doc.font('Helvetica').fontSize(10).text(`${idMessages.app.name} · ${card.periodName}`, MARGIN + 20, top + 38, { width: width - 40 })

  const qrSize = 140
  const qrX = MARGIN + width - qrSize - 20
  const rowsX = MARGIN + 20
  const labelWidth = 125
  const valueWidth = qrX - rowsX - labelWidth - 16
  let y = top + 88
  for (const [label, value] of card.rows) {
    doc.fillColor(MUTED).font('Helvetica').fontSize(10).text(label, rowsX, y, { width: labelWidth })
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(value, rowsX + labelWidth, y, { width: valueWidth })
    y = Math.max(doc.y, y + 14) + 9
  }
  doc.image(qr, qrX, top + 88, { width: qrSize, height: qrSize })
  doc.fillColor(MUTED).font('Helvetica').fontSize(8).text('Pindai untuk memeriksa keaslian kartu', qrX, top + 88 + qrSize + 4, {
    width: qrSize,
    align: 'center',
  })
  if (card.photo) {
    try {
      doc.image(card.photo, qrX + 20, top + 88 + qrSize + 24, { fit: [qrSize - 40, 130], align: 'center' })
    } catch {
      // A photo pdfkit cannot read (e.g. a CMYK JPEG) leaves its place empty rather than failing the card.
    }
  }

  const noteY = Math.max(y + 18, top + card.cardHeight - 92)
  doc.moveTo(MARGIN + 20, noteY - 10).lineTo(MARGIN + width - 20, noteY - 10).lineWidth(0.5).strokeColor('#c9cfd5').stroke()
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(10).text(card.note.lead, rowsX, noteY, { width: width - 40, continued: true })
  doc.font('Helvetica').text(` ${card.note.body}`)
  doc.fillColor(MUTED).fontSize(8).text(`Verifikasi: ${card.verifyUrl}`, rowsX, doc.y + 6, { width: width - 40 })
  doc.end()
  return finished
}
