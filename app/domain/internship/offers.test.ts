import { TransitionError, isOfferExpired, mayAcceptOffer, nextState, placesToOffer, rankShortlist } from './offers'

describe('internship application states (domain.md §8: campus verification → selection → offering)', () => {
  test('the happy path: campus approves, the agency shortlists and offers, the student accepts', () => {
    let s = nextState('SUBMITTED', 'campusApprove')
    s = nextState(s, 'shortlist')
    s = nextState(s, 'offer')
    expect(nextState(s, 'accept')).toBe('ACCEPTED')
  })
  test('the campus returns letters; the student resubmits; the agency never skips the campus', () => {
    expect(nextState(nextState('SUBMITTED', 'campusReturn'), 'resubmit')).toBe('SUBMITTED')
    expect(() => nextState('SUBMITTED', 'shortlist')).toThrow(TransitionError)
    expect(() => nextState('CAMPUS_RETURNED', 'campusApprove')).toThrow(TransitionError)
  })
  test('an offer is answered once: accepted, declined or expired, never two of them', () => {
    expect(nextState('OFFERED', 'decline')).toBe('DECLINED')
    expect(nextState('OFFERED', 'expire')).toBe('OFFER_EXPIRED')
    expect(() => nextState('DECLINED', 'accept')).toThrow(TransitionError)
    expect(() => nextState('OFFER_EXPIRED', 'accept')).toThrow(TransitionError)
    expect(() => nextState('ACCEPTED', 'withdraw')).toThrow(TransitionError)
  })
  test('at most one accepted offer per student', () => {
    expect(mayAcceptOffer(['OFFERED', 'DECLINED'])).toBe(true)
    expect(mayAcceptOffer(['ACCEPTED', 'OFFERED'])).toBe(false)
  })
  test('an offer expires after its deadline, by the server clock', () => {
    const deadline = new Date('2026-12-10T16:59:59Z')
    expect(isOfferExpired(deadline, new Date('2026-12-10T16:59:59Z'))).toBe(false)
    expect(isOfferExpired(deadline, new Date('2026-12-10T17:00:00Z'))).toBe(true)
  })
  test('places to offer count accepted and outstanding offers; a freed place goes to the next candidate', () => {
    expect(placesToOffer(2, 1, 1)).toBe(0)
    expect(placesToOffer(2, 1, 0)).toBe(1)
    expect(placesToOffer(1, 2, 0)).toBe(0)
    const t = new Date('2026-12-01T00:00:00Z')
    const later = new Date('2026-12-02T00:00:00Z')
    const ranked = rankShortlist([
      { id: 'c', interviewScore: null, gpa: 3.9, shortlistedAt: t },
      { id: 'b', interviewScore: 80, gpa: 3.2, shortlistedAt: later },
      { id: 'a', interviewScore: 80, gpa: 3.2, shortlistedAt: t },
      { id: 'd', interviewScore: 90, gpa: 3.0, shortlistedAt: later },
    ])
    expect(ranked.map((c) => c.id)).toEqual(['d', 'a', 'b', 'c'])
  })
})
