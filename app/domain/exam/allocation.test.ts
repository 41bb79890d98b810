import { allocate, neighbourSeats } from './allocation'

const room = (id: string, seats: number) => ({ id, code: id.toUpperCase(), seats })

describe('issue 6 "candidates (MS applicants) allocated to sessions by site preference and capacity"', () => {
  test('candidates go to their chosen site until it is full, then to the site with most room', () => {
    const sessions = [
      { id: 's-jkt-1', siteId: 'JKT', startsAt: new Date('2026-12-03T00:30:00Z'), capacity: 2, rooms: [room('r1', 2)], taken: [] },
      { id: 's-bdg-1', siteId: 'BDG', startsAt: new Date('2026-12-03T00:30:00Z'), capacity: 3, rooms: [room('r2', 3)], taken: [] },
    ]
    const result = allocate(
      [
        { applicationId: 'a', registrationNumber: '001', siteId: 'JKT' },
        { applicationId: 'b', registrationNumber: '002', siteId: 'JKT' },
        { applicationId: 'c', registrationNumber: '003', siteId: 'JKT' },
        { applicationId: 'd', registrationNumber: '004', siteId: null },
      ],
      sessions,
    )
    expect(result.seats.map((s) => [s.applicationId, s.sessionId, s.seat])).toEqual([
      ['a', 's-jkt-1', 1],
      ['b', 's-jkt-1', 2],
      ['c', 's-bdg-1', 1],
      ['d', 's-bdg-1', 2],
    ])
    expect(result.unplaced).toEqual([])
  })

  test('seats already taken are skipped and candidates beyond capacity stay unplaced', () => {
    const sessions = [{ id: 's', siteId: 'JKT', startsAt: new Date(), capacity: 2, rooms: [room('r1', 5)], taken: [{ roomId: 'r1', seat: 1 }] }]
    const result = allocate(
      [
        { applicationId: 'a', registrationNumber: '1', siteId: 'JKT' },
        { applicationId: 'b', registrationNumber: '2', siteId: 'JKT' },
      ],
      sessions,
    )
    expect(result.seats.map((s) => s.seat)).toEqual([2])
    expect(result.unplaced).toEqual(['b'])
  })

  test('neighbours are left, right, front and back in a row of five', () => {
    expect(neighbourSeats(7, 20).sort((a, b) => a - b)).toEqual([2, 6, 8, 12])
    expect(neighbourSeats(1, 20).sort((a, b) => a - b)).toEqual([2, 6])
  })
})

describe('allocation outcomes for the per-site report (ADR 020)', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 11, 3, h))
  test('each candidate gets a reason: preferred, no preference, preferred site full, no seat', () => {
    const sessions = [
      { id: 'jkt-2', siteId: 'JKT', startsAt: at(3), capacity: 1, rooms: [room('r1', 1)], taken: [] },
      { id: 'jkt-1', siteId: 'JKT', startsAt: at(1), capacity: 1, rooms: [room('r1', 1)], taken: [] },
      { id: 'bdg-1', siteId: 'BDG', startsAt: at(1), capacity: 2, rooms: [room('r2', 2)], taken: [] },
    ]
    const result = allocate(
      [
        { applicationId: 'e', registrationNumber: '005', siteId: 'SBY' },
        { applicationId: 'a', registrationNumber: '001', siteId: 'JKT' },
        { applicationId: 'b', registrationNumber: '002', siteId: 'JKT' },
        { applicationId: 'c', registrationNumber: '003', siteId: 'JKT' },
        { applicationId: 'd', registrationNumber: '004', siteId: null },
        { applicationId: 'f', registrationNumber: '006', siteId: null },
      ],
      sessions,
    )
    // Registration-number order; the earlier JKT session fills first.
    expect(result.seats.map((s) => [s.applicationId, s.sessionId])).toEqual([
      ['a', 'jkt-1'],
      ['b', 'jkt-2'],
      ['c', 'bdg-1'],
      ['d', 'bdg-1'],
    ])
    expect(result.outcomes.map((o) => [o.applicationId, o.reason, o.siteId])).toEqual([
      ['a', 'preferred', 'JKT'],
      ['b', 'preferred', 'JKT'],
      ['c', 'preferredFull', 'BDG'],
      ['d', 'noPreference', 'BDG'],
      // A site without sessions of this test counts as full for its candidates.
      ['e', 'noSeat', null],
      ['f', 'noSeat', null],
    ])
    expect(result.unplaced).toEqual(['e', 'f'])
  })

  test('with no session planned at all, nobody is placed and the reason says so', () => {
    const result = allocate([{ applicationId: 'a', registrationNumber: '1', siteId: 'JKT' }], [])
    expect(result.outcomes).toEqual([{ applicationId: 'a', preferredSiteId: 'JKT', siteId: null, reason: 'noSession' }])
  })

  test('a capacity below the seats of the rooms is respected and a re-run over the same data gives the same plan', () => {
    const sessions = [{ id: 's', siteId: 'JKT', startsAt: at(1), capacity: 3, rooms: [room('r2', 2), room('r1', 2)], taken: [] }]
    const candidates = ['4', '3', '2', '1'].map((n) => ({ applicationId: n, registrationNumber: n, siteId: 'JKT' }))
    const one = allocate(candidates, sessions)
    expect(one.seats.map((s) => [s.applicationId, s.roomCode, s.seat])).toEqual([
      ['1', 'R1', 1],
      ['2', 'R1', 2],
      ['3', 'R2', 1],
    ])
    expect(allocate([...candidates].reverse(), sessions)).toEqual(one)
  })
})
