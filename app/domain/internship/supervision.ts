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

export const ATTENDANCE_STATES = ['PRESENT', 'SICK', 'LEAVE', 'ABSENT'] as const
export type AttendanceState = (typeof ATTENDANCE_STATES)[number]

/** Attendance rate counts permitted absences (sick, leave) as not absent. */
export function attendanceRate(records: readonly AttendanceState[]) {
  if (records.length === 0) return null
  const present = records.filter((r) => r !== 'ABSENT').length
  return Math.round((present / records.length) * 1000) / 10
}
