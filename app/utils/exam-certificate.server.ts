import { renderCardPdf, signedCode, valueFromSignedCode } from '~/utils/card-pdf.server'
import { getEnv } from '~/utils/env.server'
import { formatDate } from '~/utils/time'
import { id as idMessages } from '~/locales/id'

/** The SKD certificate (domain.md §3: per-subtest scores, date, QR checked by a public page). */
const PURPOSE = 'skd-certificate'

export function certificateCode(attemptId: string) {
  return signedCode(PURPOSE, attemptId)
}

export function attemptIdFromCertificateCode(code: string) {
  return valueFromSignedCode(PURPOSE, code)
}

export function renderSkdCertificatePdf(c: {
  attemptId: string
  participantNumber: string
  fullName: string
  nik: string
  startsAt: Date
  siteName: string
  periodName: string
  scores: Record<string, number>
  passed: boolean | null
}) {
  const m = idMessages.exam
  return renderCardPdf({
    title: m.certificate.pdfTitle,
    documentTitle: `${m.certificate.pdfTitle} ${c.participantNumber}`,
    periodName: c.periodName,
    rows: [
      [m.certificate.name, c.fullName],
      [m.certificate.nik, c.nik],
      [m.certificate.number, c.participantNumber],
      [m.certificate.date, formatDate(c.startsAt, { timeZone: 'Asia/Jakarta', locale: 'id' })],
      [m.certificate.site, c.siteName],
      ['TWK', String(c.scores.TWK ?? 0)],
      ['TIU', String(c.scores.TIU ?? 0)],
      ['TKP', String(c.scores.TKP ?? 0)],
      [m.result.total, String(c.scores.total ?? 0)],
      [m.scoreboard.pass, c.passed ? m.result.passed : m.result.failed],
    ],
    verifyUrl: `${getEnv().APP_URL}/sertifikat-skd/cek/${certificateCode(c.attemptId)}`,
    note: { lead: 'Catatan:', body: 'Sertifikat berlaku untuk satu periode seleksi berikutnya sesuai ketentuan.' },
    cardHeight: 430,
  })
}
