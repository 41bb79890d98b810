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

// ───────────────────────── the session calendar of the planning page (ADR 020) ─────────────────────────

/** The longest range one calendar run may cover: a CAT stage runs about a month (domain.md §9). */
export const MAX_CALENDAR_DAYS = 62

export type CalendarInput = {
  /** TestSite.code; session codes start with it. */
  siteCode: string
  /** IANA zone of the site (ZONE_OFFSETS): the times are the site's local times. */
  timeZone: string
  firstDay: string
  lastDay: string
  times: readonly string[]
  fridayTimes: readonly string[]
  weekdaysOnly: boolean
  /** The test's duration: two sessions of a day may not overlap. */
  durationMinutes: number
  /** Short test name in the code (SKD, PPPK), so two tests at one site never share a code. */
  testLabel: string
}

export type CalendarIssue = 'dateFormat' | 'dateOrder' | 'tooLong' | 'timeFormat' | 'noTimes' | 'overlap' | 'zone'
export type PlannedSession = { code: string; startsAt: Date; localDay: string }

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

/** "07:30, 10:00 13:00" → ['07:30', '10:00', '13:00'] (sorted); null when one is not HH:MM. */
export function parseTimes(text: string): string[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean).map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t))
  if (parts.some((t) => !TIME.test(t))) return null
  return [...new Set(parts)].sort()
}

const minutesOf = (time: string) => {
  const [h, m] = time.split(':').map(Number) as [number, number]
  return h * 60 + m
}

/**
 * The sessions of one site for a date range (domain.md §3 "Sessions: 4 per day, 2 on Fridays", the
 * times configurable): each local day's times in the site's zone, coded
 * `<site>-<test>-<YYYYMMDD>-<n>` with n counted within the day. Refuses a range that is reversed or
 * longer than MAX_CALENDAR_DAYS, a malformed time, and times closer together than the test lasts.
 */
export function planCalendar(input: CalendarInput): { ok: true; sessions: PlannedSession[] } | { ok: false; issue: CalendarIssue } {
  if (!DAY.test(input.firstDay) || !DAY.test(input.lastDay)) return { ok: false, issue: 'dateFormat' }
  const offset = ZONE_OFFSETS[input.timeZone]
  if (offset === undefined) return { ok: false, issue: 'zone' }
  const first = Date.parse(`${input.firstDay}T00:00:00Z`)
  const last = Date.parse(`${input.lastDay}T00:00:00Z`)
  if (Number.isNaN(first) || Number.isNaN(last) || new Date(first).toISOString().slice(0, 10) !== input.firstDay || new Date(last).toISOString().slice(0, 10) !== input.lastDay) {
    return { ok: false, issue: 'dateFormat' }
  }
  if (last < first) return { ok: false, issue: 'dateOrder' }
  if ((last - first) / 86_400_000 + 1 > MAX_CALENDAR_DAYS) return { ok: false, issue: 'tooLong' }
  if ([...input.times, ...input.fridayTimes].some((t) => !TIME.test(t))) return { ok: false, issue: 'timeFormat' }
  if (input.times.length === 0 && input.fridayTimes.length === 0) return { ok: false, issue: 'noTimes' }
  for (const list of [input.times, input.fridayTimes]) {
    const sorted = [...list].sort()
    for (let i = 1; i < sorted.length; i++) {
      if (minutesOf(sorted[i]!) - minutesOf(sorted[i - 1]!) < input.durationMinutes) return { ok: false, issue: 'overlap' }
    }
  }
  const sessions: PlannedSession[] = []
  for (let day = first; day <= last; day += 86_400_000) {
    const weekday = new Date(day).getUTCDay()
    if (input.weekdaysOnly && (weekday === 0 || weekday === 6)) continue
    const localDay = new Date(day).toISOString().slice(0, 10)
    const times = [...(weekday === 5 ? input.fridayTimes : input.times)].sort()
    for (const [n, time] of times.entries()) {
      sessions.push({
        code: `${input.siteCode}-${input.testLabel}-${localDay.replaceAll('-', '')}-${n + 1}`,
        startsAt: new Date(day + (minutesOf(time) - offset * 60) * 60_000),
        localDay,
      })
    }
  }
  return { ok: true, sessions }
}

// ───────────────────────── session changes (ADR 020 addendum) ─────────────────────────

/** A cancellation or a candidate's move must say why (read by the candidate and by auditors). */
export const CHANGE_REASON_MIN = 10

export type SessionChangeIssue =
  | 'reason'
  | 'cancelled'
  | 'locked'
  | 'checkInOpen'
  | 'timeFormat'
  | 'past'
  | 'overlap'
  | 'hasCandidates'
  | 'state'
  | 'checkedIn'
  | 'sameSession'
  | 'otherTest'
  | 'full'

/**
 * A session's time and existence may change only until its check-in opens: from then on
 * candidates are on their way and proctors issue PINs.
 */
export function sessionChangeOpen(startsAt: Date, now: Date): boolean {
  return now.getTime() < startsAt.getTime() - CHECK_IN_OPENS_MINUTES_BEFORE * 60_000
}

type Interval = { startsAt: Date; durationMinutes: number }
const overlaps = (a: Interval, b: Interval) =>
  a.startsAt.getTime() < b.startsAt.getTime() + b.durationMinutes * 60_000 && b.startsAt.getTime() < a.startsAt.getTime() + a.durationMinutes * 60_000

/**
 * A new start time for a session, on the same local day at the site (another day is a cancellation
 * and a new session: the code carries the day). Only while the plan is open — after the lock the
 * card is final (ADR 020) — and before check-in opens, for the old and the new time alike; the
 * site's rooms serve one session at a time, so it may not overlap another session there.
 */
export function retimeSession(input: {
  session: Interval & { status: 'SCHEDULED' | 'CANCELLED' }
  newTime: string
  timeZone: string
  locked: boolean
  now: Date
  /** The site's other scheduled sessions (any test). */
  others: readonly Interval[]
}): { ok: true; startsAt: Date } | { ok: false; issue: SessionChangeIssue | 'zone' } {
  const { session, now } = input
  if (session.status !== 'SCHEDULED') return { ok: false, issue: 'cancelled' }
  if (input.locked) return { ok: false, issue: 'locked' }
  if (!sessionChangeOpen(session.startsAt, now)) return { ok: false, issue: 'checkInOpen' }
  if (!TIME.test(input.newTime)) return { ok: false, issue: 'timeFormat' }
  const offset = ZONE_OFFSETS[input.timeZone]
  if (offset === undefined) return { ok: false, issue: 'zone' }
  const localDayStart = Math.floor((session.startsAt.getTime() + offset * 3_600_000) / 86_400_000) * 86_400_000
  const startsAt = new Date(localDayStart + (minutesOf(input.newTime) - offset * 60) * 60_000)
  if (!sessionChangeOpen(startsAt, now)) return { ok: false, issue: 'past' }
  const moved = { startsAt, durationMinutes: session.durationMinutes }
  if (input.others.some((o) => overlaps(moved, o))) return { ok: false, issue: 'overlap' }
  return { ok: true, startsAt }
}

/**
 * Cancelling a session, with a reason, before its check-in opens. While the plan is open its
 * candidates lose the seat and the next allocation run places them again; after the lock there is
 * no run any more, so its candidates must first be moved one by one (`moveCheck`).
 */
export function cancelCheck(input: { status: 'SCHEDULED' | 'CANCELLED'; startsAt: Date; now: Date; locked: boolean; seated: number; reason: string }): SessionChangeIssue | null {
  if (input.reason.trim().length < CHANGE_REASON_MIN) return 'reason'
  if (input.status !== 'SCHEDULED') return 'cancelled'
  if (!sessionChangeOpen(input.startsAt, input.now)) return 'checkInOpen'
  if (input.locked && input.seated > 0) return 'hasCandidates'
  return null
}

/**
 * Moving one candidate to another session of the same test (illness, a clash), with a documented
 * reason, before and after the lock: only a seat nobody has used (not checked in, not started),
 * into a session whose PIN issuance has not closed and that has a free seat.
 */
export function moveCheck(input: {
  attempt: { state: string; checkedIn: boolean; sessionId: string; periodId: string; blueprintCode: string }
  target: { id: string; status: 'SCHEDULED' | 'CANCELLED'; periodId: string; blueprintCode: string; startsAt: Date; free: number }
  now: Date
  reason: string
}): SessionChangeIssue | null {
  const { attempt, target } = input
  if (input.reason.trim().length < CHANGE_REASON_MIN) return 'reason'
  if (attempt.state !== 'NOT_STARTED') return 'state'
  if (attempt.checkedIn) return 'checkedIn'
  if (target.id === attempt.sessionId) return 'sameSession'
  if (target.periodId !== attempt.periodId || target.blueprintCode !== attempt.blueprintCode) return 'otherTest'
  if (target.status !== 'SCHEDULED') return 'cancelled'
  if (checkInWindow(target.startsAt, input.now) === 'closed' || target.startsAt.getTime() <= input.now.getTime()) return 'past'
  if (target.free <= 0) return 'full'
  return null
}

/**
 * The exam sign-in's lockout (participant number + PIN, ADR 014): this many failures per number in
 * the window lock the number until the window passes or the proctor releases it. The key is the
 * number as printed (trimmed, upper case), so typing it in lower case counts against the same lock.
 */
export const EXAM_SIGN_IN_LIMIT = { perNumber: 10, windowSeconds: 600 } as const
export function signInLimitKey(participantNumber: string) {
  return `exam-pin:${participantNumber.trim().toUpperCase()}`
}
