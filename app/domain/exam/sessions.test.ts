import { certificateAvailable, checkInWindow, planSessionStarts, startAllowed } from './sessions'

describe('domain.md §3 "Sessions: 4 per day, 2 on Fridays"', () => {
  test('a Thursday has four sessions and a Friday two, in WIB', () => {
    // 2026-12-03 is a Thursday, 2026-12-04 a Friday.
    const starts = planSessionStarts('2026-12-03', '2026-12-04')
    expect(starts).toHaveLength(6)
    expect(starts[0]!.toISOString()).toBe('2026-12-03T00:30:00.000Z')
    expect(starts[4]!.toISOString()).toBe('2026-12-04T00:30:00.000Z')
    expect(starts[5]!.toISOString()).toBe('2026-12-04T07:00:00.000Z')
  })
})

describe('domain.md §3 "PIN issuance closes 5 min before start; latecomers are eliminated"', () => {
  const startsAt = new Date('2026-12-03T00:30:00Z')
  test('PINs are issued until 5 minutes before the start, then no longer', () => {
    expect(checkInWindow(startsAt, new Date('2026-12-03T00:24:59Z'))).toBe('open')
    expect(checkInWindow(startsAt, new Date('2026-12-03T00:25:00Z'))).toBe('closed')
    expect(checkInWindow(startsAt, new Date('2026-12-02T20:00:00Z'))).toBe('notYet')
  })
  test('candidates may start once issuance has closed', () => {
    expect(startAllowed(startsAt, new Date('2026-12-03T00:24:00Z'))).toBe(false)
    expect(startAllowed(startsAt, new Date('2026-12-03T00:25:00Z'))).toBe(true)
  })
})

describe('domain.md §3 "The SKD certificate is downloadable from H+1"', () => {
  test('not on the day of the session (WIB), yes from the next WIB day', () => {
    const startsAt = new Date('2026-12-03T08:00:00Z') // 15:00 WIB
    expect(certificateAvailable(startsAt, new Date('2026-12-03T16:59:00Z'))).toBe(false) // 23:59 WIB
    expect(certificateAvailable(startsAt, new Date('2026-12-03T17:00:00Z'))).toBe(true) // 00:00 WIB next day
  })
})
