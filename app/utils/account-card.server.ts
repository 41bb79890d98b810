import crypto from 'node:crypto'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { getEnv } from '~/utils/env.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { maskNik } from '~/domain/identity/registration'
import { id as idMessages } from '~/locales/id'

/**
 * The Kartu Informasi Akun (domain.md §1 step 4): a one-page PDF the applicant keeps after
 * creating the account, drawn with pdfkit's built-in Helvetica (no font files to ship) and a QR
 * code pointing at the portal's public check of the card (ADR 010). The QR holds only an
 * unguessable code, never the NIK.
 */
export type AccountCardData = {
  identityId: string
  periodName: string
  fullName: string
  nik: string
  birthPlace: string
  birthDate: Date
  email: string
  confirmedAt: Date
}

/** `<identityId>.<16 chars of HMAC>`: only the portal can make a code that its check accepts. */
export function accountCardCode(identityId: string): string {
  return `${identityId}.${signature(identityId)}`
}

/** The identity id of a genuine code, or null. */
export function identityIdFromCardCode(code: string): string | null {
  const dot = code.lastIndexOf('.')
  if (dot <= 0) return null
  const id = code.slice(0, dot)
  const given = Buffer.from(code.slice(dot + 1))
  const expected = Buffer.from(signature(id))
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? id : null
}

function signature(identityId: string) {
  return crypto
    .createHmac('sha256', getEnv().SESSION_SECRET)
    .update(`account-card:${identityId}`)
    .digest('base64url')
    .slice(0, 16)
}

export function accountCardUrl(identityId: string) {
  return `${getEnv().APP_URL}/kartu-akun/${accountCardCode(identityId)}`
}

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 48
const BLUE = '#0b4f8a'
const INK = '#1b1f24'
const MUTED = '#50585f'

export async function renderAccountCardPdf(card: AccountCardData): Promise<Buffer> {
  const verifyUrl = accountCardUrl(card.identityId)
  const qr = await QRCode.toBuffer(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 360 })
  const title = 'Kartu Informasi Akun'
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: 'id-ID',
    displayTitle: true,
    info: { Title: `${title} - ${card.fullName}`, Author: idMessages.app.name, Subject: card.periodName },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const width = A4.width - 2 * MARGIN
  const top = MARGIN
  const cardHeight = 400
  // The header band is clipped to the card's rounded outline, then the outline is drawn on top.
  doc.save()
  doc.roundedRect(MARGIN, top, width, cardHeight, 8).clip()
  doc.rect(MARGIN, top, width, 64).fill(BLUE)
  doc.restore()
  doc.lineWidth(1.5).strokeColor(BLUE).roundedRect(MARGIN, top, width, cardHeight, 8).stroke()
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(18).text(title.toUpperCase(), MARGIN + 20, top + 14, { width: width - 40 })
  doc.font('Helvetica').fontSize(10).text(`${idMessages.app.name} · ${card.periodName}`, MARGIN + 20, top + 38, { width: width - 40 })

  const qrSize = 150
  const qrX = MARGIN + width - qrSize - 20
  const rowsX = MARGIN + 20
  const labelWidth = 130
  const valueWidth = qrX - rowsX - labelWidth - 16
  const rows: [string, string][] = [
    ['Nama', card.fullName],
    ['NIK', maskNik(card.nik)],
    ['Tempat, tanggal lahir', `${card.birthPlace}, ${formatDate(card.birthDate, { timeZone: 'UTC', locale: 'id' })}`],
    ['Surel', card.email],
    ['Periode seleksi', card.periodName],
    ['Tanggal pendaftaran', formatDateTime(card.confirmedAt, { timeZone: 'Asia/Jakarta', locale: 'id' })],
  ]
  let y = top + 88
  for (const [label, value] of rows) {
    doc.fillColor(MUTED).font('Helvetica').fontSize(10).text(label, rowsX, y, { width: labelWidth })
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(value, rowsX + labelWidth, y, { width: valueWidth })
    y = Math.max(doc.y, y + 14) + 10
  }

  const qrY = top + 88
  doc.image(qr, qrX, qrY, { width: qrSize, height: qrSize })
  doc.fillColor(MUTED).font('Helvetica').fontSize(8).text('Pindai untuk memeriksa keaslian kartu', qrX, qrY + qrSize + 4, {
    width: qrSize,
    align: 'center',
  })

  const noteY = top + cardHeight - 92
  doc.moveTo(MARGIN + 20, noteY - 10).lineTo(MARGIN + width - 20, noteY - 10).lineWidth(0.5).strokeColor('#c9cfd5').stroke()
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(10).text('Simpan kartu ini.', rowsX, noteY, { width: width - 40, continued: true })
  doc
    .font('Helvetica')
    .text(
      ' Data identitas yang sudah disimpan tidak dapat diubah. Masuk ke portal dengan alamat surel dan kata sandi Anda melalui menu "Masuk", verifikasi alamat surel, lalu lamar formasi sebelum batas waktu pendaftaran. Kartu ini bukan Kartu Pendaftaran formasi. Jangan berikan kata sandi Anda kepada siapa pun.',
    )
  doc.fillColor(MUTED).fontSize(8).text(`Verifikasi: ${verifyUrl}`, rowsX, doc.y + 6, { width: width - 40 })

  doc.end()
  return finished
}
