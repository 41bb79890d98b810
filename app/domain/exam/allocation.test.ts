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
