import { periodId as periodIdMessages } from '~/locales/sections/period.id'
import { periodEn as periodEnMessages } from '~/locales/sections/period.en'
import type { WindowKind } from '~/domain/selection/rules'
import { formatDateTime } from './time'
import { statusChangeEmail, type MailContent } from './mail-templates.server'

/**
 * E-mails of the selection schedule. They reuse the portal's status-change layout: the message
 * says what changed and links to the public timeline, which stays the official source.
 */

/** A window's close was moved later (domain.md §1: 2024 registration extended to 10 Sep 23:59 WIB). */
export function windowExtensionEmail(input: {
  name?: string | null
  periodName: string
  kind: WindowKind
  previousClosesAt: Date
  newClosesAt: Date
  reason: string
  /** The period's public timeline, e.g. `/jadwal/CASN-2026`. */
  link: string
}): MailContent {
  const windowId = periodIdMessages.windows[input.kind]
  const windowEn = periodEnMessages.windows[input.kind]
  // Announcements state deadlines in WIB; the timeline shows WITA and WIT as well.
  const fromId = formatDateTime(input.previousClosesAt, { timeZone: 'Asia/Jakarta', locale: 'id' })
  const toId = formatDateTime(input.newClosesAt, { timeZone: 'Asia/Jakarta', locale: 'id' })
  const toEn = formatDateTime(input.newClosesAt, { timeZone: 'Asia/Jakarta', locale: 'en' })
  return statusChangeEmail({
    name: input.name,
    item: `jadwal ${windowId} – ${input.periodName}`,
    status: `diperpanjang hingga ${toId}`,
    note: `Sebelumnya ditutup ${fromId}. Alasan perpanjangan: ${input.reason.trim()}`,
    link: input.link,
    itemEn: `the ${windowEn} window – ${input.periodName}`,
    statusEn: `extended until ${toEn}`,
  })
}
