/**
 * Indonesia's three civil time zones. Every date the portal shows carries its zone's name, because
 * a deadline "23:59" means different instants in Jakarta, Makassar and Jayapura.
 */
export const INDONESIAN_ZONES = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
} as const
export type IndonesianZone = keyof typeof INDONESIAN_ZONES

export function isIndonesianZone(zone: string): zone is IndonesianZone {
  return zone in INDONESIAN_ZONES
}

export function zoneLabel(timeZone: string): string {
  return isIndonesianZone(timeZone) ? INDONESIAN_ZONES[timeZone] : timeZone
}

const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'id-ID')

/** "24 Nov 2026 13.05 WIB" (id) or "24 Nov 2026, 13:05 WIB" (en). */
export function formatDateTime(
  value: Date | string,
  opts: { timeZone?: string; locale?: string } = {},
): string {
  const timeZone = opts.timeZone ?? 'Asia/Jakarta'
  const date = typeof value === 'string' ? new Date(value) : value
  const text = new Intl.DateTimeFormat(intlLocale(opts.locale ?? 'id'), {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date)
  return `${text} ${zoneLabel(timeZone)}`
}

export function formatDate(value: Date | string, opts: { timeZone?: string; locale?: string } = {}) {
  const date = typeof value === 'string' ? new Date(value) : value
  return new Intl.DateTimeFormat(intlLocale(opts.locale ?? 'id'), {
    timeZone: opts.timeZone ?? 'Asia/Jakarta',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(date)
}
