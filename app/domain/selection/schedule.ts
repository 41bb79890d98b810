import { WINDOW_KINDS, isWindowOpen, type WindowKind } from './rules'

/**
 * A period's schedule: named windows whose instants are stored in UTC and entered, as the national
 * announcements state them, in WIB (Asia/Jakarta, UTC+7 all year: Indonesia has no daylight saving).
 *
 * A close "23:59 WIB" means until the last millisecond of that minute (23:59:59.999 WIB): applicants
 * read "pukul 23.59" as "still open during 23.59" (domain.md §1: 2024 registration closed
 * 10 Sep 23:59 WIB). An opening is at the first millisecond of its minute (or second).
 */

export const WIB_OFFSET_MS = 7 * 60 * 60 * 1000

/** Reasons for an extension or a rules change must say something (domain.md §1: extensions are announced with a reason). */
export const MIN_REASON_LENGTH = 10

export type ScheduleWindowInput = { kind: WindowKind; opensAt: Date; closesAt: Date }
export type WindowState = 'upcoming' | 'open' | 'closed'

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/

type WibFields = { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number }

function fromWibFields(f: WibFields): Date {
  return new Date(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.ms) - WIB_OFFSET_MS)
}

function toWibFields(instant: Date): WibFields {
  const shifted = new Date(instant.getTime() + WIB_OFFSET_MS)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    ms: shifted.getUTCMilliseconds(),
  }
}

function parseFields(date: string, time: string): WibFields | null {
  const d = DATE_RE.exec(date.trim())
  const t = TIME_RE.exec(time.trim())
  if (!d || !t) return null
  const f: WibFields = {
    year: Number(d[1]),
    month: Number(d[2]),
    day: Number(d[3]),
    hour: Number(t[1]),
    minute: Number(t[2]),
    second: t[3] === undefined ? 0 : Number(t[3]),
    ms: 0,
  }
  if (f.hour > 23 || f.minute > 59 || f.second > 59) return null
  // Date.UTC rolls 30 Feb over into March; a date that does not come back unchanged does not exist.
  const check = toWibFields(fromWibFields(f))
  if (check.year !== f.year || check.month !== f.month || check.day !== f.day) return null
  return f
}

/**
 * The instant a WIB wall-clock opening ("2024-08-20", "17:08" or "17:08:45") stands for, or null
 * when the date or time does not exist.
 */
export function wibOpening(date: string, time: string): Date | null {
  const f = parseFields(date, time)
  return f ? fromWibFields(f) : null
}

/**
 * The last instant of a WIB wall-clock close: "23:59" is 23:59:59.999 WIB, "23:59:30" is
 * 23:59:30.999 WIB. Null when the date or time does not exist.
 */
export function wibClosing(date: string, time: string): Date | null {
  const f = parseFields(date, time)
  if (!f) return null
  const withSeconds = TIME_RE.exec(time.trim())?.[3] !== undefined
  return fromWibFields(withSeconds ? { ...f, ms: 999 } : { ...f, second: 59, ms: 999 })
}

/** An instant as WIB date ("YYYY-MM-DD") and time ("HH:mm"), as date and time inputs take them. */
export function toWib(instant: Date): { date: string; time: string } {
  const f = toWibFields(instant)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return { date: `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`, time: `${pad(f.hour)}:${pad(f.minute)}` }
}

/** The same WIB calendar day and time `days` days later (or earlier). */
export function addWibDays(instant: Date, days: number): Date {
  // WIB has no daylight saving, so a calendar day is always 24 hours.
  return new Date(instant.getTime() + days * 24 * 60 * 60 * 1000)
}

/**
 * The same WIB calendar day and time `years` years later, for copying last year's schedule
 * (29 February becomes 28 February in a common year).
 */
export function shiftByYears(instant: Date, years: number): Date {
  const f = toWibFields(instant)
  const year = f.year + years
  const lastDay = new Date(Date.UTC(year, f.month, 0)).getUTCDate()
  return fromWibFields({ ...f, year, day: Math.min(f.day, lastDay) })
}

export function shiftScheduleByYears<W extends { opensAt: Date; closesAt: Date }>(windows: W[], years: number): W[] {
  return windows.map((w) => ({ ...w, opensAt: shiftByYears(w.opensAt, years), closesAt: shiftByYears(w.closesAt, years) }))
}

export type ScheduleIssue =
  | { kind: WindowKind; code: 'closeNotAfterOpen' }
  | { kind: WindowKind; code: 'opensBeforeEarlier'; earlier: WindowKind }
  | { kind: WindowKind; code: 'duplicate' }

/**
 * Checks a whole schedule. Each window must close after it opens, and the windows follow the
 * natural order of WINDOW_KINDS: a later stage may not open before an earlier stage has opened.
 * Overlap is allowed: agencies verify while registration is still open (domain.md §2), and the
 * 2024 score-reuse confirmation ran during the objection period (domain.md §2, §3).
 */
export function validateSchedule(windows: readonly ScheduleWindowInput[]): ScheduleIssue[] {
  const issues: ScheduleIssue[] = []
  const seen = new Set<WindowKind>()
  for (const w of windows) {
    if (seen.has(w.kind)) issues.push({ kind: w.kind, code: 'duplicate' })
    seen.add(w.kind)
    if (!(w.opensAt.getTime() < w.closesAt.getTime())) issues.push({ kind: w.kind, code: 'closeNotAfterOpen' })
  }
  const ordered = WINDOW_KINDS.map((kind) => windows.find((w) => w.kind === kind)).filter(
    (w): w is ScheduleWindowInput => w !== undefined,
  )
  // Checking each window against the nearest earlier one that is set covers every pair (transitive).
  for (let i = 1; i < ordered.length; i++) {
    const earlier = ordered[i - 1]!
    const later = ordered[i]!
    if (later.opensAt.getTime() < earlier.opensAt.getTime()) {
      issues.push({ kind: later.kind, code: 'opensBeforeEarlier', earlier: earlier.kind })
    }
  }
  return issues
}

/** The schedule with one window set or replaced, ready for `validateSchedule`. */
export function withWindow(windows: readonly ScheduleWindowInput[], next: ScheduleWindowInput): ScheduleWindowInput[] {
  return [...windows.filter((w) => w.kind !== next.kind), next]
}

/**
 * Whether a window may still be set freely. Once it has opened, applicants rely on it: its close can
 * only be moved later through an extension with a reason, announced to applicants (domain.md §1).
 */
export function canSetWindow(existing: { opensAt: Date } | null | undefined, now: Date): boolean {
  return !existing || now.getTime() < existing.opensAt.getTime()
}

export type ExtensionIssue = 'notLater' | 'reasonTooShort'

/** An extension moves the close later and says why (domain.md §1: 6 Sep extended to 10 Sep 2024). */
export function validateExtension(
  window: { closesAt: Date },
  newClosesAt: Date,
  reason: string,
): ExtensionIssue[] {
  const issues: ExtensionIssue[] = []
  if (!(newClosesAt.getTime() > window.closesAt.getTime())) issues.push('notLater')
  if (reason.trim().length < MIN_REASON_LENGTH) issues.push('reasonTooShort')
  return issues
}

/** Where a window stands at `now` by the server's clock: not yet open, open, or over. */
export function windowState(window: { opensAt: Date; closesAt: Date }, now: Date): WindowState {
  if (now.getTime() < window.opensAt.getTime()) return 'upcoming'
  return isWindowOpen(window, now) ? 'open' : 'closed'
}
