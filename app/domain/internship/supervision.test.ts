import { MENTOR_CAP, ReviewError, attendanceRate, canRevise, logbookDateProblem, mentorHasRoom, reviewEntry } from './supervision'

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
