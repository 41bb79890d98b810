import { renderCardPdf, signedCode, valueFromSignedCode } from '~/utils/card-pdf.server'
import { getEnv } from '~/utils/env.server'
import { formatDate } from '~/utils/time'
import { id as idMessages } from '~/locales/id'
import type { PlacementView } from '~/models/internship-placement.server'

/** The internship certificate (issue 9 "End"): a card PDF with a QR to a public check, as the SKD certificate (ADR 010). */
const PURPOSE = 'internship-certificate'

export function internshipCertificateCode(placementId: string) {
  return signedCode(PURPOSE, placementId)
}

export function placementIdFromCertificateCode(code: string) {
  return valueFromSignedCode(PURPOSE, code)
}

export function renderInternshipCertificatePdf(p: PlacementView) {
  const m = idMessages.internship.certificate
  const day = (d: string) => formatDate(`${d}T00:00:00+07:00`, { timeZone: 'Asia/Jakarta', locale: 'id' })
  return renderCardPdf({
    title: m.pdfTitle,
    documentTitle: `${m.pdfTitle} ${p.student}`,
    periodName: p.agency,
    rows: [
      [m.name, p.student],
      ['NIM', p.studentNumber],
      [m.university, p.university],
      [m.agency, p.agency],
      [m.unit, p.unit],
      [m.program, p.openingTitle],
      [m.period, `${day(p.startsAt)} – ${day(p.endsAt)}`],
      [m.finalScore, `${p.finalScore} (${p.grade})`],
      [m.sks, `${p.totalSks} SKS`],
    ],
    verifyUrl: `${getEnv().APP_URL}/magang/sertifikat/cek/${internshipCertificateCode(p.id)}`,
    note: { lead: 'Catatan:', body: 'Rincian konversi SKS per keterampilan diterima perguruan tinggi melalui portal.' },
    cardHeight: 400,
  })
}
