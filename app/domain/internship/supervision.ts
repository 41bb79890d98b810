/**
 * During the internship (domain.md §8): the student writes logbook entries and monthly reports;
 * the agency mentor and the university supervisor (DPL) review them — approve, or return with a
 * comment for revision ("the field supervisor validates logbooks or sends them back"). At least
 * one mentor per 10 students, so a mentor supervises at most 10 running placements.
 */
export const MENTOR_CAP = 10

export function mentorHasRoom(activePlacements: number) {
  return activePlacements < MENTOR_CAP
}

export const ENTRY_KINDS = ['LOGBOOK', 'MONTHLY_REPORT'] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

export const ENTRY_STATES = ['SUBMITTED', 'APPROVED', 'RETURNED'] as const
export type EntryState = (typeof ENTRY_STATES)[number]

export type ReviewDecision = 'approve' | 'return'

export class ReviewError extends Error {}

/** Only a submitted entry is reviewed; a return must say what to revise. */
export function reviewEntry(from: EntryState, decision: ReviewDecision, comment: string): EntryState {
  if (from !== 'SUBMITTED') throw new ReviewError(`Entry is ${from}, not awaiting review`)
  if (decision === 'return') {
    if (comment.trim().length < 5) throw new ReviewError('A returned entry needs a comment')
    return 'RETURNED'
  }
  return 'APPROVED'
}

/** The student revises only what was returned; an approved entry stays as approved. */
export function canRevise(state: EntryState) {
  return state === 'RETURNED'
}

/** A logbook entry cannot be dated before the placement starts, after it ends, or in the future. */
export function logbookDateProblem(date: Date, placement: { startsAt: Date; endsAt: Date }, now: Date) {
  const day = (d: Date) => d.toISOString().slice(0, 10)
  if (day(date) < day(placement.startsAt)) return 'beforeStart' as const
  if (day(date) > day(placement.endsAt)) return 'afterEnd' as const
  if (day(date) > day(now)) return 'future' as const
  return null
}

/** Months a placement covers: month 1 starts on the start date. Reports are numbered 1…n. */
export function reportMonths(durationMonths: number) {
  return Array.from({ length: durationMonths }, (_, i) => i + 1)
}

const DAY_MS = 86_400_000
const isoDay = (d: Date) => d.toISOString().slice(0, 10)

/**
 * `date` plus `months` calendar months, the day clamped to the target month's length
 * (31 January + 1 month = 28/29 February), on UTC-midnight dates as date-only values are stored.
 */
export function addMonths(date: Date, months: number) {
  const y = date.getUTCFullYear()
  const m = date.getUTCMonth() + months
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  return new Date(Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay)))
}

/**
 * Monthly reports follow the placement's calendar months (ADR 019 addendum): report n covers
 * placement month n, from the start date plus n−1 months up to the day before the start date
 * plus n months (the last month ends on the placement's end date). A report can be sent in the
 * last week of its month (REPORT_OPENS_DAYS_BEFORE_END days before the month's last day) or
 * later; it is due REPORT_GRACE_DAYS days after the month ends; a report first sent after its due
 * date, or still missing after it, is late and flagged to the mentor and the DPL.
 */
export const REPORT_OPENS_DAYS_BEFORE_END = 6
export const REPORT_GRACE_DAYS = 7

export type ReportWindow = { month: number; from: string; to: string; opensOn: string; dueOn: string }

export function reportWindow(placement: { startsAt: Date; endsAt: Date; durationMonths: number }, month: number): ReportWindow {
  if (!Number.isInteger(month) || month < 1 || month > placement.durationMonths) throw new RangeError(`No report month ${month}`)
  const start = new Date(`${isoDay(placement.startsAt)}T00:00:00Z`)
  const from = addMonths(start, month - 1)
  const naturalEnd = new Date(addMonths(start, month).getTime() - DAY_MS)
  const end = month === placement.durationMonths ? new Date(`${isoDay(placement.endsAt)}T00:00:00Z`) : naturalEnd
  return {
    month,
    from: isoDay(from),
    to: isoDay(end),
    opensOn: isoDay(new Date(Math.max(from.getTime(), end.getTime() - REPORT_OPENS_DAYS_BEFORE_END * DAY_MS))),
    dueOn: isoDay(new Date(end.getTime() + REPORT_GRACE_DAYS * DAY_MS)),
  }
}

/** Why report `month` cannot be sent on `today` (a WIB date), or null when it can. */
export function reportSubmissionProblem(placement: { startsAt: Date; endsAt: Date; durationMonths: number }, month: number, today: Date) {
  if (!Number.isInteger(month) || month < 1 || month > placement.durationMonths) return 'month' as const
  return isoDay(today) < reportWindow(placement, month).opensOn ? ('reportNotOpen' as const) : null
}

export type ReportState = 'NOT_YET_OPEN' | 'OPEN' | 'OVERDUE' | 'SENT_ON_TIME' | 'SENT_LATE'

/** Where each monthly report stands on `today`: what the student owes and what the reviewers see flagged. */
export function reportSchedule(
  placement: { startsAt: Date; endsAt: Date; durationMonths: number },
  reports: readonly { month: number | null; firstSentOn: string }[],
  today: Date,
): (ReportWindow & { state: ReportState; late: boolean })[] {
  const day = isoDay(today)
  return reportMonths(placement.durationMonths).map((month) => {
    const window = reportWindow(placement, month)
    const sent = reports.find((r) => r.month === month)
    const state: ReportState = sent
      ? sent.firstSentOn > window.dueOn
        ? 'SENT_LATE'
        : 'SENT_ON_TIME'
      : day > window.dueOn
        ? 'OVERDUE'
        : day >= window.opensOn
          ? 'OPEN'
          : 'NOT_YET_OPEN'
    return { ...window, state, late: state === 'SENT_LATE' || state === 'OVERDUE' }
  })
}

export const ATTENDANCE_STATES = ['PRESENT', 'SICK', 'LEAVE', 'ABSENT'] as const
export type AttendanceState = (typeof ATTENDANCE_STATES)[number]

/** Attendance rate counts permitted absences (sick, leave) as not absent. */
export function attendanceRate(records: readonly AttendanceState[]) {
  if (records.length === 0) return null
  const present = records.filter((r) => r !== 'ABSENT').length
  return Math.round((present / records.length) * 1000) / 10
}
