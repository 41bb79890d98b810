/**
 * Planning CAT sessions and the check-in window (domain.md §3 "Sessions: 4 per day, 2 on Fridays";
 * "PIN issuance closes 5 min before start; latecomers are eliminated").
 */

export type SessionPlanOptions = {
  /** Local start times (HH:MM) on ordinary days. */
  times: readonly string[]
  /** Local start times on Fridays (Friday prayers leave room for two sessions). */
  fridayTimes: readonly string[]
  /** Offset of the site's zone from UTC in hours (WIB 7, WITA 8, WIT 9). */
  utcOffsetHours: number
  /** Skip Saturdays and Sundays. */
  weekdaysOnly: boolean
}

export const DEFAULT_SESSION_PLAN: SessionPlanOptions = {
  times: ['07:30', '10:00', '13:00', '15:30'],
  fridayTimes: ['07:30', '14:00'],
  utcOffsetHours: 7,
  weekdaysOnly: false,
}

export const ZONE_OFFSETS: Record<string, number> = {
  'Asia/Jakarta': 7,
  'Asia/Pontianak': 7,
  'Asia/Makassar': 8,
  'Asia/Jayapura': 9,
}

/**
 * Session start instants for each local calendar day from `firstDay` to `lastDay` (inclusive,
 * `YYYY-MM-DD`): 4 a day, 2 on Fridays by default.
 */
export function planSessionStarts(firstDay: string, lastDay: string, opts: SessionPlanOptions = DEFAULT_SESSION_PLAN): Date[] {
  const starts: Date[] = []
  const [y1, m1, d1] = firstDay.split('-').map(Number) as [number, number, number]
  const [y2, m2, d2] = lastDay.split('-').map(Number) as [number, number, number]
  const end = Date.UTC(y2, m2 - 1, d2)
  for (let day = Date.UTC(y1, m1 - 1, d1); day <= end; day += 86_400_000) {
    const weekday = new Date(day).getUTCDay()
    if (opts.weekdaysOnly && (weekday === 0 || weekday === 6)) continue
    const times = weekday === 5 ? opts.fridayTimes : opts.times
    for (const time of times) {
      const [h, m] = time.split(':').map(Number) as [number, number]
      starts.push(new Date(day + ((h - opts.utcOffsetHours) * 60 + m) * 60_000))
    }
  }
  return starts
}

/** Minutes before the start at which PIN issuance closes (domain.md §3). */
export const PIN_CLOSES_MINUTES_BEFORE = 5
/** Check-in opens this long before the start (candidates arrive ≥ 60 min early). */
export const CHECK_IN_OPENS_MINUTES_BEFORE = 120

export type CheckInWindow = 'notYet' | 'open' | 'closed'

/** Whether a PIN may be issued now for a session starting at `startsAt` (server clock). */
export function checkInWindow(startsAt: Date, now: Date): CheckInWindow {
  const closes = startsAt.getTime() - PIN_CLOSES_MINUTES_BEFORE * 60_000
  const opens = startsAt.getTime() - CHECK_IN_OPENS_MINUTES_BEFORE * 60_000
  if (now.getTime() < opens) return 'notYet'
  if (now.getTime() >= closes) return 'closed'
  return 'open'
}

/** Candidates may start once PIN issuance has closed (the briefing happens in those minutes). */
export function startAllowed(startsAt: Date, now: Date): boolean {
  return now.getTime() >= startsAt.getTime() - PIN_CLOSES_MINUTES_BEFORE * 60_000
}

/** The SKD certificate is downloadable from the day after the session (H+1, WIB calendar). */
export function certificateAvailable(sessionStartsAt: Date, now: Date, utcOffsetHours = 7): boolean {
  const local = (d: Date) => Math.floor((d.getTime() + utcOffsetHours * 3_600_000) / 86_400_000)
  return local(now) >= local(sessionStartsAt) + 1
}

/** Nomor peserta: session code and seat, e.g. `JKT01-1203-1-R01-017`. Unique by construction. */
export function participantNumber(sessionCode: string, roomCode: string, seat: number): string {
  return `${sessionCode}-${roomCode}-${String(seat).padStart(3, '0')}`
}
