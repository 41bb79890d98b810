import { renderCardPdf, signedCode } from '~/utils/card-pdf.server'
import { getEnv } from '~/utils/env.server'
import { formatDateTime } from '~/utils/time'

/**
 * The Kartu Peserta Ujian (issue 6): participant number, session, site, room and seat, the pas foto
 * and a QR of the public check URL. The proctor's scanner reads the QR into the check-in field, and
 * `participantNumberFromScan` takes the signed code from the URL.
 */
export const EXAM_CARD_PURPOSE = 'exam-card'

export function examCardUrl(participantNumber: string) {
  return `${getEnv().APP_URL}/kartu-ujian/cek/${signedCode(EXAM_CARD_PURPOSE, participantNumber)}`
}

export function renderExamCardPdf(card: {
  participantNumber: string
  fullName: string
  nik: string
  periodName: string
  sessionCode: string
  startsAt: Date
  timeZone: string
  siteName: string
  roomName: string
  seatNumber: number
  photo: Buffer | null
  /** Accommodation from the registry (ADR 020): printed so the proctor and candidate see it. */
  accommodation?: { extraMinutes: number; reason: string } | null
}) {
  return renderCardPdf({
    title: 'Kartu Peserta Ujian',
    documentTitle: `Kartu Peserta Ujian ${card.participantNumber}`,
    periodName: card.periodName,
    rows: [
      ['Nomor peserta', card.participantNumber],
      ['Nama', card.fullName],
      ['NIK', card.nik],
      ['Sesi', card.sessionCode],
      ['Waktu', formatDateTime(card.startsAt, { timeZone: card.timeZone, locale: 'id' })],
      ['Lokasi tes', card.siteName],
      ['Ruang / kursi', `${card.roomName} / ${card.seatNumber}`],
      ...(card.accommodation ? ([['Akomodasi', `+${card.accommodation.extraMinutes} menit (${card.accommodation.reason})`]] as [string, string][]) : []),
    ],
    verifyUrl: examCardUrl(card.participantNumber),
    note: { lead: 'Penting:', body: 'Hadir paling lambat 60 menit sebelum sesi dengan e-KTP dan kartu ini. PIN registrasi ditutup 5 menit sebelum sesi dimulai; peserta yang terlambat dinyatakan tidak hadir (TH).' },
    cardHeight: card.accommodation ? 500 : 470,
    photo: card.photo,
  })
}
