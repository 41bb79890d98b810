import { planCalendar, parseTimes, certificateAvailable, checkInWindow, planSessionStarts, startAllowed } from './sessions'

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

describe('planCalendar: the planning page\'s session calendar (domain.md §3 "4 per day, 2 on Fridays", ADR 020)', () => {
  const base = {
    siteCode: 'TILOK-MKS',
    timeZone: 'Asia/Makassar',
    firstDay: '2026-12-03',
    lastDay: '2026-12-07',
    times: ['07:30', '10:00', '13:00', '15:30'],
    fridayTimes: ['07:30', '14:00'],
    weekdaysOnly: false,
    durationMinutes: 100,
    testLabel: 'SKD',
  }

  test('Thursday 4, Friday 2, weekend 4+4, Monday 4 — local times in the site zone (WITA = UTC+8), coded per day', () => {
    const plan = planCalendar(base)
    if (!plan.ok) throw new Error(plan.issue)
    expect(plan.sessions).toHaveLength(4 + 2 + 4 + 4 + 4)
    expect(plan.sessions.filter((s) => s.localDay === '2026-12-04').map((s) => s.code)).toEqual(['TILOK-MKS-SKD-20261204-1', 'TILOK-MKS-SKD-20261204-2'])
    // 07:30 WITA on 3 Dec is 23:30 UTC on 2 Dec.
    expect(plan.sessions[0]!.startsAt.toISOString()).toBe('2026-12-02T23:30:00.000Z')
    expect(new Set(plan.sessions.map((s) => s.code)).size).toBe(plan.sessions.length)
  })

  test('weekdays only skips Saturday and Sunday; other times per day are honoured', () => {
    const plan = planCalendar({ ...base, weekdaysOnly: true, times: ['08:00', '13:00'], fridayTimes: ['08:00'] })
    if (!plan.ok) throw new Error(plan.issue)
    expect(plan.sessions.map((s) => s.localDay)).toEqual(['2026-12-03', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-07'])
  })

  test('refuses reversed or too long ranges, impossible dates, bad times, overlapping sessions and unknown zones', () => {
    expect(planCalendar({ ...base, lastDay: '2026-12-02' })).toEqual({ ok: false, issue: 'dateOrder' })
    expect(planCalendar({ ...base, lastDay: '2027-03-01' })).toEqual({ ok: false, issue: 'tooLong' })
    expect(planCalendar({ ...base, firstDay: '2026-02-30' })).toEqual({ ok: false, issue: 'dateFormat' })
    expect(planCalendar({ ...base, times: ['7.30'] })).toEqual({ ok: false, issue: 'timeFormat' })
    expect(planCalendar({ ...base, times: [], fridayTimes: [] })).toEqual({ ok: false, issue: 'noTimes' })
    // PPPK lasts 130 minutes: 07:30 and 09:00 would overlap.
    expect(planCalendar({ ...base, durationMinutes: 130, times: ['07:30', '09:00'] })).toEqual({ ok: false, issue: 'overlap' })
    expect(planCalendar({ ...base, timeZone: 'Europe/Berlin' })).toEqual({ ok: false, issue: 'zone' })
  })

  test('parseTimes reads what a person types and refuses what is not a time', () => {
    expect(parseTimes('10:00, 7:30  13:00;15:30')).toEqual(['07:30', '10:00', '13:00', '15:30'])
    expect(parseTimes('07:30, 25:00')).toBeNull()
    expect(parseTimes('')).toEqual([])
  })
})
