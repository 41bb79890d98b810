import { getEnv } from '~/utils/env.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { maskNik } from '~/domain/identity/registration'
import { renderCardPdf, signedCode, valueFromSignedCode } from '~/utils/card-pdf.server'

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

const PURPOSE = 'account-card'

/** `<identityId>.<16 chars of HMAC>`: only the portal can make a code that its check accepts. */
export function accountCardCode(identityId: string): string {
  return signedCode(PURPOSE, identityId)
}

/** The identity id of a genuine code, or null. */
export function identityIdFromCardCode(code: string): string | null {
  return valueFromSignedCode(PURPOSE, code)
}

export function accountCardUrl(identityId: string) {
  return `${getEnv().APP_URL}/kartu-akun/${accountCardCode(identityId)}`
}

export function renderAccountCardPdf(card: AccountCardData): Promise<Buffer> {
  return renderCardPdf({
    title: 'Kartu Informasi Akun',
    documentTitle: `Kartu Informasi Akun - ${card.fullName}`,
    periodName: card.periodName,
    cardHeight: 400,
    verifyUrl: accountCardUrl(card.identityId),
    rows: [
      ['Nama', card.fullName],
      ['NIK', maskNik(card.nik)],
      ['Tempat, tanggal lahir', `${card.birthPlace}, ${formatDate(card.birthDate, { timeZone: 'UTC', locale: 'id' })}`],
      ['Surel', card.email],
      ['Periode seleksi', card.periodName],
      ['Tanggal pendaftaran', formatDateTime(card.confirmedAt, { timeZone: 'Asia/Jakarta', locale: 'id' })],
    ],
    note: {
      lead: 'Simpan kartu ini.',
      body: 'Data identitas yang sudah disimpan tidak dapat diubah. Masuk ke portal dengan alamat surel dan kata sandi Anda melalui menu "Masuk", verifikasi alamat surel, lalu lamar formasi sebelum batas waktu pendaftaran. Kartu ini bukan Kartu Pendaftaran formasi. Jangan berikan kata sandi Anda kepada siapa pun.',
    },
  })
}
