import { createI18n, localeFromCookie } from '~/utils/i18n'

/**
 * What an applicant sees when the portal refuses a request because it is overloaded (503 with
 * Retry-After, server/admission.ts, ADR 024): a small page in the applicant's language, written
 * without React so that refusing stays far cheaper than serving. The account wizard's sealed
 * cookie is not touched by a refusal, so the page says what was kept.
 */
export type OverloadedPage = { status: 503; html: string; message: string }

export function overloadedPage(opts: { cookie: string | null | undefined; path: string; method: string; retryAfterSeconds: number }): OverloadedPage {
  const locale = localeFromCookie(opts.cookie ?? null)
  const { t } = createI18n(locale)
  const title = t('overload.title')
  const message = t('overload.body', { seconds: opts.retryAfterSeconds })
  const inWizard = opts.path === '/daftar-akun' || opts.path.startsWith('/daftar-akun/')
  // A refused GET can simply be loaded again; a refused post goes back to its form (the same
  // path read with GET), never re-sent blindly.
  const retryHref = opts.path.startsWith('/') && !opts.path.startsWith('//') ? opts.path : '/'
  const refresh = opts.method === 'GET' ? `<meta http-equiv="refresh" content="${opts.retryAfterSeconds}">` : ''
  const html = `<!DOCTYPE html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${refresh}
<title>${escapeHtml(title)} — Portal Seleksi ASN</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}a{color:#0b5394}</style>
</head><body><main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${inWizard ? `<p>${escapeHtml(t('overload.wizardKept'))}</p>\n` : ''}<p><a href="${escapeHtml(retryHref)}">${escapeHtml(t('overload.retry'))}</a></p>
</main></body></html>
`
  return { status: 503, html, message: inWizard ? `${message} ${t('overload.wizardKept')}` : message }
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
