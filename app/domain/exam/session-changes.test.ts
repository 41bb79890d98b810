import { cancelCheck, moveCheck, retimeSession, sessionChangeOpen } from './sessions'
import { candidateSource, PLANNABLE_BLUEPRINTS } from './allocation'
import { getBlueprint } from './blueprints'

// ADR 020 addendum: what may change in a plan, and until when.
const now = new Date('2026-12-03T00:00:00Z') // 07:00 WIB
const session = { startsAt: new Date('2026-12-03T06:00:00Z'), durationMinutes: 100, status: 'SCHEDULED' as const } // 13:00 WIB

describe('session changes close when check-in opens (2 hours before the start)', () => {
  test('open until 120 minutes before, closed from then on', () => {
    expect(sessionChangeOpen(session.startsAt, new Date('2026-12-03T03:59:59Z'))).toBe(true)
    expect(sessionChangeOpen(session.startsAt, new Date('2026-12-03T04:00:00Z'))).toBe(false)
  })
})

describe('retimeSession: another time on the same local day, no overlap at the site', () => {
  const base = { session, timeZone: 'Asia/Jakarta', locked: false, now, others: [] }
  test('13:00 → 15:30 WIB keeps the local day', () => {
    expect(retimeSession({ ...base, newTime: '15:30' })).toEqual({ ok: true, startsAt: new Date('2026-12-03T08:30:00Z') })
  })
  test('the local day is the site\'s: a WIT session at 07:30 local (previous UTC day) stays on its day', () => {
    const wit = { ...session, startsAt: new Date('2026-12-03T22:30:00Z') } // 2026-12-04 07:30 WIT
    expect(retimeSession({ ...base, session: wit, timeZone: 'Asia/Jayapura', newTime: '10:00' })).toEqual({ ok: true, startsAt: new Date('2026-12-04T01:00:00Z') })
  })
  test('refused: locked plan, cancelled session, check-in already open, a new time too soon, a bad time, an overlap', () => {
    expect(retimeSession({ ...base, newTime: '15:30', locked: true })).toEqual({ ok: false, issue: 'locked' })
    expect(retimeSession({ ...base, newTime: '15:30', session: { ...session, status: 'CANCELLED' } })).toEqual({ ok: false, issue: 'cancelled' })
    expect(retimeSession({ ...base, newTime: '15:30', now: new Date('2026-12-03T04:30:00Z') })).toEqual({ ok: false, issue: 'checkInOpen' })
    // 08:00 WIB is 01:00Z: check-in would have opened an hour ago.
    expect(retimeSession({ ...base, newTime: '08:00' })).toEqual({ ok: false, issue: 'past' })
    expect(retimeSession({ ...base, newTime: '25:00' })).toEqual({ ok: false, issue: 'timeFormat' })
    // Another session 15:30–17:10 WIB: 14:00 + 100 min ends 15:40 → overlap; 11:00 ends 12:40 → fine.
    const others = [{ startsAt: new Date('2026-12-03T08:30:00Z'), durationMinutes: 100 }]
    expect(retimeSession({ ...base, others, newTime: '14:00' })).toEqual({ ok: false, issue: 'overlap' })
    expect(retimeSession({ ...base, others, newTime: '11:00' })).toMatchObject({ ok: true })
  })
})

describe('cancelCheck: with a reason, before check-in; after the lock only once emptied', () => {
  const base = { status: 'SCHEDULED' as const, startsAt: session.startsAt, now, locked: false, seated: 12, reason: 'Listrik gedung padam total' }
  test('open plan: seated candidates go back to the next allocation run', () => {
    expect(cancelCheck(base)).toBeNull()
  })
  test('refusals, each with its reason', () => {
    expect(cancelCheck({ ...base, reason: 'padam' })).toBe('reason')
    expect(cancelCheck({ ...base, status: 'CANCELLED' })).toBe('cancelled')
    expect(cancelCheck({ ...base, now: new Date('2026-12-03T05:00:00Z') })).toBe('checkInOpen')
    expect(cancelCheck({ ...base, locked: true })).toBe('hasCandidates')
    expect(cancelCheck({ ...base, locked: true, seated: 0 })).toBeNull()
  })
})

describe('moveCheck: one candidate, a documented reason, an unused seat, a free seat in a session of the same test', () => {
  const attempt = { state: 'NOT_STARTED', checkedIn: false, sessionId: 's1', periodId: 'p', blueprintCode: 'SKD_2024' }
  const target = { id: 's2', status: 'SCHEDULED' as const, periodId: 'p', blueprintCode: 'SKD_2024', startsAt: new Date('2026-12-04T01:00:00Z'), free: 1 }
  const base = { attempt, target, now, reason: 'Sakit, surat dokter RS Uji' }
  test('allowed', () => expect(moveCheck(base)).toBeNull())
  test('refused', () => {
    expect(moveCheck({ ...base, reason: 'sakit' })).toBe('reason')
    expect(moveCheck({ ...base, attempt: { ...attempt, state: 'IN_PROGRESS' } })).toBe('state')
    expect(moveCheck({ ...base, attempt: { ...attempt, checkedIn: true } })).toBe('checkedIn')
    expect(moveCheck({ ...base, target: { ...target, id: 's1' } })).toBe('sameSession')
    expect(moveCheck({ ...base, target: { ...target, blueprintCode: 'PPPK_2024' } })).toBe('otherTest')
    expect(moveCheck({ ...base, target: { ...target, status: 'CANCELLED' } })).toBe('cancelled')
    // PIN issuance of the target closes 5 minutes before its start.
    expect(moveCheck({ ...base, target: { ...target, startsAt: new Date('2026-12-03T00:04:00Z') } })).toBe('past')
    expect(moveCheck({ ...base, target: { ...target, free: 0 } })).toBe('full')
  })
})

describe('SKB CAT is planned like SKD, for those who passed SKD (domain.md §5, ADR 017)', () => {
  test('SKB CAT: 90 minutes, raw maximum 500; candidates from the SKD list (P/L), not from the MS verdict', () => {
    expect(PLANNABLE_BLUEPRINTS.SKB_CAT_2024).toBe('CPNS')
    expect(getBlueprint('SKB_CAT_2024')).toMatchObject({ durationMinutes: 90, maxTotal: 500, testKind: 'SKB_CAT' })
    expect(candidateSource('SKB_CAT_2024')).toEqual({ kind: 'skdPassed', codes: ['P/L'] })
    expect(candidateSource('SKD_2024')).toEqual({ kind: 'verifiedMs', selectionKind: 'CPNS' })
    expect(candidateSource('PPPK_2024')).toEqual({ kind: 'verifiedMs', selectionKind: 'PPPK' })
  })
})
