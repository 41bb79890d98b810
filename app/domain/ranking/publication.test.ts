import { approvalRefusal, contentHash, histogram, resignationOutcome, type PublishedLine } from './publication'
import { equipercentile } from './normalisation'

const line = (n: string, code = 'L'): PublishedLine => ({
  registrationNumber: n,
  name: 'Nama',
  positionCode: 'POS',
  formasiTypeCode: 'UMUM',
  location: 'Jakarta',
  rank: 1,
  score: '80.000',
  code,
  assignedTo: null,
})

describe('publication (issue 8: "two different committee members"; "immutable, carries a content hash")', () => {
  test('the approver must be a committee member other than the preparer', () => {
    expect(approvalRefusal({ userId: 'a', isCommittee: true }, { userId: 'a', isCommittee: true })).toBe('samePerson')
    expect(approvalRefusal({ userId: 'a', isCommittee: true }, { userId: 'b', isCommittee: false })).toBe('notCommittee')
    expect(approvalRefusal({ userId: 'a', isCommittee: true }, { userId: 'b', isCommittee: true })).toBeNull()
  })
  test('the hash does not depend on row order but changes with any published value', () => {
    const h = { period: 'P', stage: 'FINAL', version: 1 }
    expect(contentHash(h, [line('2'), line('1')])).toBe(contentHash(h, [line('1'), line('2')]))
    expect(contentHash(h, [line('1'), line('2', 'TL')])).not.toBe(contentHash(h, [line('1'), line('2')]))
    expect(contentHash({ ...h, version: 2 }, [line('1')])).not.toBe(contentHash(h, [line('1')]))
    expect(contentHash(h, [line('1')])).toMatch(/^[0-9a-f]{64}$/)
  })
  test('domain.md §6: "Resigning before the NIP: no sanction" (replaced); after the NIP "banned for 2 budget years"', () => {
    expect(resignationOutcome(false, 2026)).toEqual({ replace: true, bannedUntilYear: null })
    expect(resignationOutcome(true, 2026)).toEqual({ replace: false, bannedUntilYear: 2028 })
  })
  test('the review histogram counts every score once', () => {
    const bins = histogram([300, 310, 320, 400, 401, 550], 5)
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(6)
  })
})

describe('equipercentile normalisation (issue 8: "percentile within each session, mapped onto the pooled distribution")', () => {
  test('a harder session (lower scores) is lifted: the best of each session maps to the same pooled score', () => {
    const scores = [
      ...[300, 320, 340, 360].map((score, i) => ({ id: `easy${i}`, session: 'S1', score })),
      ...[260, 280, 300, 320].map((score, i) => ({ id: `hard${i}`, session: 'S2', score })),
    ]
    const n = Object.fromEntries(equipercentile(scores).map((s) => [s.id, s.normalised]))
    expect(n.hard3).toBe(n.easy3)
    expect(n.hard0).toBe(n.easy0)
    expect(n.hard3!).toBeGreaterThan(320)
    // Order inside a session is kept.
    expect(n.hard1!).toBeGreaterThan(n.hard0!)
  })
})
