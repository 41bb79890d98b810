import { MENTOR_CAP, ReviewError, addMonths, attendanceRate, canRevise, logbookDateProblem, mentorHasRoom, reportSchedule, reportSubmissionProblem, reportWindow, reviewEntry } from './supervision'

describe('supervision during the internship (domain.md §8)', () => {
  test('at least 1 mentor per 10 students: the 11th placement is refused', () => {
    expect(MENTOR_CAP).toBe(10)
    expect(mentorHasRoom(9)).toBe(true)
    expect(mentorHasRoom(10)).toBe(false)
  })
  test('the supervisor validates a logbook or sends it back for revision with a comment', () => {
    expect(reviewEntry('SUBMITTED', 'approve', '')).toBe('APPROVED')
    expect(reviewEntry('SUBMITTED', 'return', 'Lengkapi uraian kegiatan.')).toBe('RETURNED')
    expect(() => reviewEntry('SUBMITTED', 'return', ' ')).toThrow(ReviewError)
    expect(() => reviewEntry('APPROVED', 'return', 'Ubah lagi.')).toThrow(ReviewError)
    expect(() => reviewEntry('RETURNED', 'approve', '')).toThrow(ReviewError)
    expect(canRevise('RETURNED')).toBe(true)
    expect(canRevise('APPROVED')).toBe(false)
  })
  test('logbook dates lie inside the placement and not in the future', () => {
    const placement = { startsAt: new Date('2026-09-01T00:00:00Z'), endsAt: new Date('2026-12-31T00:00:00Z') }
    const now = new Date('2026-11-15T05:00:00Z')
    expect(logbookDateProblem(new Date('2026-08-31T00:00:00Z'), placement, now)).toBe('beforeStart')
    expect(logbookDateProblem(new Date('2026-11-16T00:00:00Z'), placement, now)).toBe('future')
    expect(logbookDateProblem(new Date('2026-11-15T00:00:00Z'), placement, now)).toBeNull()
    expect(logbookDateProblem(new Date('2027-01-01T00:00:00Z'), placement, new Date('2027-02-01T00:00:00Z'))).toBe('afterEnd')
  })
  test('attendance rate counts sick and leave days as permitted', () => {
    expect(attendanceRate([])).toBeNull()
    expect(attendanceRate(['PRESENT', 'SICK', 'LEAVE', 'ABSENT'])).toBe(75)
  })
})

describe('monthly reports follow the placement’s calendar months (ADR 019 addendum)', () => {
  // A 4-month placement from 31 January: months end on 27/28 Feb (clamped), 30 Mar, 29 Apr, and the end date.
  const placement = { startsAt: new Date('2027-01-31T00:00:00Z'), endsAt: new Date('2027-05-30T00:00:00Z'), durationMonths: 4 }
  const day = (s: string) => new Date(`${s}T00:00:00Z`)

  test('report n covers month n; the day is clamped to short months; the last month ends on the end date', () => {
    expect(addMonths(day('2027-01-31'), 1).toISOString().slice(0, 10)).toBe('2027-02-28')
    expect(addMonths(day('2028-01-31'), 1).toISOString().slice(0, 10)).toBe('2028-02-29')
    expect(reportWindow(placement, 1)).toEqual({ month: 1, from: '2027-01-31', to: '2027-02-27', opensOn: '2027-02-21', dueOn: '2027-03-06' })
    expect(reportWindow(placement, 2)).toMatchObject({ from: '2027-02-28', to: '2027-03-30' })
    expect(reportWindow(placement, 4)).toMatchObject({ from: '2027-04-30', to: '2027-05-30', opensOn: '2027-05-24', dueOn: '2027-06-06' })
    expect(() => reportWindow(placement, 5)).toThrow(RangeError)
  })

  test('a report can be sent from the last week of its month, not before', () => {
    expect(reportSubmissionProblem(placement, 1, day('2027-02-20'))).toBe('reportNotOpen')
    expect(reportSubmissionProblem(placement, 1, day('2027-02-21'))).toBeNull()
    expect(reportSubmissionProblem(placement, 1, day('2027-04-01'))).toBeNull()
    expect(reportSubmissionProblem(placement, 0, day('2027-04-01'))).toBe('month')
    expect(reportSubmissionProblem(placement, 5, day('2027-04-01'))).toBe('month')
  })

  test('late reports — sent after the due date, or still missing after it — are flagged', () => {
    const schedule = reportSchedule(placement, [{ month: 1, firstSentOn: '2027-03-06' }, { month: 2, firstSentOn: '2027-04-07' }], day('2027-04-08'))
    expect(schedule.map((r) => [r.month, r.state, r.late])).toEqual([
      [1, 'SENT_ON_TIME', false],
      [2, 'SENT_LATE', true],
      [3, 'NOT_YET_OPEN', false],
      [4, 'NOT_YET_OPEN', false],
    ])
    const later = reportSchedule(placement, [], day('2027-05-05'))
    expect(later.map((r) => r.state)).toEqual(['OVERDUE', 'OVERDUE', 'OPEN', 'NOT_YET_OPEN'])
    expect(later[0]!.late).toBe(true)
  })
})
