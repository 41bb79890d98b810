import { getEnv } from './env.server'
import { id as idMessages } from '~/locales/id'
import { en as enMessages } from '~/locales/en'

/**
 * The portal's e-mails: Bahasa Indonesia first, one English line below (for foreign staff and
 * assessors). Plain HTML with inline styles only, no images or external resources, a real link
 * text and the bare URL as well, so the message reads the same in any client and a screen reader.
 */
export type MailContent = { subject: string; text: string; html: string }

const APP_NAME = idMessages.app.name

/**
 * Makes a link absolute against APP_URL and refuses another origin, so a template can never be
 * made to carry a link to a foreign site.
 */
export function absoluteLink(pathOrUrl: string): string {
  const base = new URL(getEnv().APP_URL)
  const url = new URL(pathOrUrl, base)
  if (url.origin !== base.origin) throw new Error(`Mail link outside APP_URL: ${url.origin}`)
  return url.href
}

export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

type Block =
  | { kind: 'p'; text: string }
  | { kind: 'link'; label: string; href: string }
  | { kind: 'en'; text: string }

function render(subject: string, blocks: Block[]): MailContent {
  const text: string[] = []
  const html: string[] = []
  for (const block of blocks) {
    if (block.kind === 'p') {
      text.push(block.text)
      html.push(`<p style="margin:0 0 16px">${escapeHtml(block.text)}</p>`)
    } else if (block.kind === 'link') {
      text.push(`${block.label}:\n${block.href}`)
      const href = escapeHtml(block.href)
      html.push(
        `<p style="margin:24px 0"><a href="${href}" style="display:inline-block;padding:12px 20px;background:#0b4f8a;color:#ffffff;text-decoration:underline;border-radius:4px;font-weight:bold">${escapeHtml(block.label)}</a></p>`,
        `<p style="margin:0 0 16px;font-size:14px">Jika tombol tidak berfungsi, salin tautan ini ke peramban Anda:<br><a href="${href}" style="color:#0b4f8a;word-break:break-all">${href}</a></p>`,
      )
    } else {
      text.push(`--\n${block.text}`)
      html.push(
        `<hr style="border:0;border-top:1px solid #cccccc;margin:24px 0">`,
        `<p lang="en" style="margin:0 0 16px;font-size:14px;color:#333333">${escapeHtml(block.text)}</p>`,
      )
    }
  }
  text.push(`--\n${APP_NAME}\nSurel ini dikirim otomatis; mohon tidak membalas.`)
  html.push(
    `<p style="margin:24px 0 0;font-size:13px;color:#333333">${escapeHtml(APP_NAME)}<br>Surel ini dikirim otomatis; mohon tidak membalas.</p>`,
  )
  const document = [
    '<!doctype html>',
    '<html lang="id">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#ffffff;color:#111111;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    '<div role="article" aria-label="' + escapeHtml(subject) + '" style="max-width:600px;margin:0 auto;padding:24px">',
    `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(subject)}</h1>`,
    ...html,
    '</div></body></html>',
  ].join('\n')
  return { subject, text: text.join('\n\n') + '\n', html: document }
}

function greeting(name?: string | null) {
  return name ? `Yth. ${name},` : 'Yth. Bapak/Ibu,'
}

/** Link to confirm the address after registration. */
export function verificationEmail(input: { name?: string | null; link: string; validHours?: number }): MailContent {
  const href = absoluteLink(input.link)
  const validity = input.validHours ? ` Tautan berlaku ${input.validHours} jam.` : ''
  const validityEn = input.validHours ? ` The link is valid for ${input.validHours} hours.` : ''
  return render(`Verifikasi alamat surel - ${APP_NAME}`, [
    { kind: 'p', text: greeting(input.name) },
    {
      kind: 'p',
      text: `Terima kasih telah mendaftar di ${APP_NAME}. Untuk melanjutkan pendaftaran, verifikasi alamat surel Anda melalui tautan di bawah ini.${validity}`,
    },
    { kind: 'link', label: 'Verifikasi alamat surel', href },
    { kind: 'p', text: 'Jika Anda tidak merasa mendaftar, abaikan surel ini; akun tidak akan aktif tanpa verifikasi.' },
    { kind: 'en', text: `Please confirm your e-mail address for the ${enMessages.app.name} with the link above.${validityEn} If you did not register, ignore this message.` },
  ])
}

/** Link to choose a new password; the token lives 60 minutes. */
export function passwordResetEmail(input: { name?: string | null; link: string; validMinutes?: number }): MailContent {
  const href = absoluteLink(input.link)
  const minutes = input.validMinutes ?? 60
  return render(`Atur ulang kata sandi - ${APP_NAME}`, [
    { kind: 'p', text: greeting(input.name) },
    {
      kind: 'p',
      text: `Kami menerima permintaan untuk mengatur ulang kata sandi akun Anda. Tautan di bawah ini berlaku ${minutes} menit dan hanya dapat digunakan satu kali.`,
    },
    { kind: 'link', label: 'Atur ulang kata sandi', href },
    {
      kind: 'p',
      text: 'Jika Anda tidak meminta pengaturan ulang, abaikan surel ini: kata sandi Anda tidak berubah. Petugas tidak pernah meminta kata sandi Anda.',
    },
    { kind: 'en', text: `A password reset was requested for your account. The link above is valid for ${minutes} minutes and can be used once. If you did not ask for it, ignore this message.` },
  ])
}

/** Sent to the account's address when its password reset was started with a security answer. */
export function securityResetNoticeEmail(input: { name?: string | null }): MailContent {
  return render(`Pengaturan ulang kata sandi dengan pertanyaan keamanan - ${APP_NAME}`, [
    { kind: 'p', text: greeting(input.name) },
    {
      kind: 'p',
      text: 'Pengaturan ulang kata sandi akun Anda baru saja dimulai dengan NIK, nomor KK, tanggal lahir dan jawaban pertanyaan keamanan (tanpa surel).',
    },
    {
      kind: 'p',
      text: 'Jika itu bukan Anda, segera atur ulang kata sandi melalui menu "Lupa kata sandi" dan hubungi helpdesk SSCASN.',
    },
    { kind: 'en', text: 'A password reset was just started for your account with your NIK, family card number, date of birth and a security answer. If this was not you, reset your password now and contact the helpdesk.' },
  ])
}

/**
 * A staff role was given. With `needsActivation` the link creates the password (valid 7 days);
 * without it the person already has an account and the link is the sign-in page.
 */
export function staffInviteEmail(input: {
  name?: string | null
  /** A role key (`VERIFIER`, …) or a display name. */
  role: string
  /** The agency's or university's name, when the role is tied to one. */
  scope?: string | null
  link: string
  needsActivation?: boolean
  validDays?: number
}): MailContent {
  const href = absoluteLink(input.link)
  const needsActivation = input.needsActivation ?? true
  const days = input.validDays ?? 7
  const roleId = (idMessages.roles as Record<string, string>)[input.role] ?? input.role
  const roleEn = (enMessages.roles as Record<string, string>)[input.role] ?? input.role
  const at = input.scope ? ` pada ${input.scope}` : ''
  const atEn = input.scope ? ` at ${input.scope}` : ''
  return render(
    needsActivation ? `Undangan sebagai ${roleId} - ${APP_NAME}` : `Peran baru: ${roleId} - ${APP_NAME}`,
    needsActivation
      ? [
          { kind: 'p', text: greeting(input.name) },
          { kind: 'p', text: `Anda diundang sebagai ${roleId}${at} di ${APP_NAME}. Buat kata sandi melalui tautan di bawah ini untuk mengaktifkan akun Anda. Tautan berlaku ${days} hari.` },
          { kind: 'link', label: 'Aktifkan akun', href },
          { kind: 'p', text: 'Jika Anda tidak mengenal undangan ini, abaikan surel ini atau hubungi admin instansi Anda.' },
          { kind: 'en', text: `You have been invited as ${roleEn}${atEn}. Set your password with the link above to activate your account; the link is valid for ${days} days.` },
        ]
      : [
          { kind: 'p', text: greeting(input.name) },
          { kind: 'p', text: `Akun Anda kini memiliki peran ${roleId}${at} di ${APP_NAME}. Masuk dengan akun Anda yang sudah ada untuk menggunakannya.` },
          { kind: 'link', label: 'Masuk ke portal', href },
          { kind: 'en', text: `Your account now holds the role ${roleEn}${atEn}. Sign in with your existing account to use it.` },
        ],
  )
}

/**
 * A generic notice that something changed (an application verified MS/TMS, an objection
 * decided, a result published…). The details stay on the portal: the link leads there.
 */
export function statusChangeEmail(input: {
  name?: string | null
  /** What changed, e.g. "Lamaran CPNS 2026 – Analis Kebijakan". */
  item: string
  /** The new status, as the portal shows it, e.g. "Memenuhi Syarat (MS)". */
  status: string
  /** An optional sentence with the reason or the next step. */
  note?: string | null
  link: string
  /** The same in English, when known. */
  itemEn?: string
  statusEn?: string
}): MailContent {
  const href = absoluteLink(input.link)
  const blocks: Block[] = [
    { kind: 'p', text: greeting(input.name) },
    { kind: 'p', text: `Status ${input.item} berubah menjadi: ${input.status}.` },
  ]
  if (input.note) blocks.push({ kind: 'p', text: input.note })
  blocks.push(
    { kind: 'link', label: 'Lihat rincian di portal', href },
    { kind: 'p', text: 'Keputusan resmi dan tenggat (misalnya masa sanggah) tercantum di portal, bukan di surel ini.' },
    {
      kind: 'en',
      text: `The status of ${input.itemEn ?? input.item} has changed to: ${input.statusEn ?? input.status}. See the details on the portal.`,
    },
  )
  return render(`Perubahan status: ${input.item}`, blocks)
}
