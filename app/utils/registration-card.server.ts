import { getEnv } from '~/utils/env.server'
import { formatDateTime } from '~/utils/time'
import { maskNik } from '~/domain/identity/registration'
import { renderCardPdf, signedCode, valueFromSignedCode } from '~/utils/card-pdf.server'

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

const PURPOSE = 'registration-card'

/** `<number>.<16 chars of HMAC>` */
export function registrationCardCode(registrationNumber: string) {
  return signedCode(PURPOSE, registrationNumber)
}

/** The registration number of a genuine code, or null. */
export function registrationNumberFromCode(code: string): string | null {
  return valueFromSignedCode(PURPOSE, code)
}

export function registrationCardPath(registrationNumber: string) {
  return `/kartu-pendaftaran/${registrationCardCode(registrationNumber)}`
}

export function renderRegistrationCardPdf(card: RegistrationCardData): Promise<Buffer> {
  return renderCardPdf({
    title: 'Kartu Pendaftaran',
    documentTitle: `Kartu Pendaftaran ${card.registrationNumber}`,
    periodName: card.periodName,
    cardHeight: 470,
    verifyUrl: `${getEnv().APP_URL}${registrationCardPath(card.registrationNumber)}`,
    rows: [
      ['Nomor pendaftaran', card.registrationNumber],
      ['Nama', card.fullName],
      ['NIK', maskNik(card.nik)],
      ['Instansi', card.agencyName],
      ['Jabatan', card.positionName],
      ['Unit / lokasi', `${card.unit} — ${card.location}`],
      ['Jenis formasi', card.formasiTypeName],
      ['Pendidikan', card.education],
      ['Diakhiri pada', formatDateTime(card.finalizedAt, { timeZone: 'Asia/Jakarta', locale: 'id' })],
    ],
    note: {
      lead: 'Simpan kartu ini.',
      body: 'Pendaftaran sudah diakhiri dan data tidak dapat diubah. Pantau hasil seleksi administrasi pada portal. Kartu ini bukan Kartu Peserta Ujian.',
    },
  })
}
