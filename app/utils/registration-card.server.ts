import crypto from 'node:crypto'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { getEnv } from '~/utils/env.server'
import { formatDateTime } from '~/utils/time'
import { maskNik } from '~/domain/identity/registration'
import { id as idMessages } from '~/locales/id'

/**
 * The Kartu Pendaftaran (domain.md §1 B6): the applicant's proof of a finalised application, a
 * one-page PDF in the style of the Kartu Informasi Akun (ADR 010) with a QR code to a public check.
 * The check's URL carries an HMAC of the registration number, so numbers (which follow a sequence)
 * cannot be enumerated to learn who applied where.
 */
export type RegistrationCardData = {
  registrationNumber: string
  periodName: string
  fullName: string
  nik: string
  agencyName: string
  positionName: string
  unit: string
  location: string
  formasiTypeName: string
  education: string
  finalizedAt: Date
}

function signature(registrationNumber: string) {
  return crypto
    .createHmac('sha256', getEnv().SESSION_SECRET)
    .update(`registration-card:${registrationNumber}`)
    .digest('base64url')
    .slice(0, 16)
}

/** `<number>.<16 chars of HMAC>` */
export function registrationCardCode(registrationNumber: string) {
  return `${registrationNumber}.${signature(registrationNumber)}`
}

/** The registration number of a genuine code, or null. */
export function registrationNumberFromCode(code: string): string | null {
  const dot = code.lastIndexOf('.')
  if (dot <= 0) return null
  const number = code.slice(0, dot)
  const given = Buffer.from(code.slice(dot + 1))
  const expected = Buffer.from(signature(number))
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? number : null
}

export function registrationCardPath(registrationNumber: string) {
  return `/kartu-pendaftaran/${registrationCardCode(registrationNumber)}`
}

const A4 = { width: 595.28 }
const MARGIN = 48
const BLUE = '#0b4f8a'
const INK = '#1b1f24'
const MUTED = '#50585f'

export async function renderRegistrationCardPdf(card: RegistrationCardData): Promise<Buffer> {
  const verifyUrl = `${getEnv().APP_URL}${registrationCardPath(card.registrationNumber)}`
  const qr = await QRCode.toBuffer(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 360 })
  const title = 'Kartu Pendaftaran'
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: 'id-ID',
    displayTitle: true,
    info: { Title: `${title} ${card.registrationNumber}`, Author: idMessages.app.name, Subject: card.periodName },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const width = A4.width - 2 * MARGIN
  const top = MARGIN
  const cardHeight = 470
  doc.save()
  doc.roundedRect(MARGIN, top, width, cardHeight, 8).clip()
  doc.rect(MARGIN, top, width, 64).fill(BLUE)
  doc.restore()
  doc.lineWidth(1.5).strokeColor(BLUE).roundedRect(MARGIN, top, width, cardHeight, 8).stroke()
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(18).text(title.toUpperCase(), MARGIN + 20, top + 14, { width: width - 40 })
  doc.font('Helvetica').fontSize(10).text(`${idMessages.app.name} · ${card.periodName}`, MARGIN + 20, top + 38, { width: width - 40 })

  const qrSize = 140
  const qrX = MARGIN + width - qrSize - 20
  const rowsX = MARGIN + 20
  const labelWidth = 120
  const valueWidth = qrX - rowsX - labelWidth - 16
  const rows: [string, string][] = [
    ['Nomor pendaftaran', card.registrationNumber],
    ['Nama', card.fullName],
    ['NIK', maskNik(card.nik)],
    ['Instansi', card.agencyName],
    ['Jabatan', card.positionName],
    ['Unit / lokasi', `${card.unit} — ${card.location}`],
    ['Jenis formasi', card.formasiTypeName],
    ['Pendidikan', card.education],
    ['Diakhiri pada', formatDateTime(card.finalizedAt, { timeZone: 'Asia/Jakarta', locale: 'id' })],
  ]
  let y = top + 88
  for (const [label, value] of rows) {
    doc.fillColor(MUTED).font('Helvetica').fontSize(10).text(label, rowsX, y, { width: labelWidth })
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(value, rowsX + labelWidth, y, { width: valueWidth })
    y = Math.max(doc.y, y + 14) + 8
  }
  doc.image(qr, qrX, top + 88, { width: qrSize, height: qrSize })
  doc.fillColor(MUTED).font('Helvetica').fontSize(8).text('Pindai untuk memeriksa keaslian kartu', qrX, top + 88 + qrSize + 4, {
    width: qrSize,
    align: 'center',
  })
  const noteY = Math.max(y + 8, top + cardHeight - 80)
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(10).text('Simpan kartu ini.', rowsX, noteY, { width: width - 40, continued: true })
  doc
    .font('Helvetica')
    .text(' Pendaftaran sudah diakhiri dan data tidak dapat diubah. Pantau hasil seleksi administrasi pada portal. Kartu ini bukan Kartu Peserta Ujian.')
  doc.fillColor(MUTED).fontSize(8).text(`Verifikasi: ${verifyUrl}`, rowsX, doc.y + 6, { width: width - 40 })
  doc.end()
  return finished
}
