import { describe, expect, test } from 'vitest'
import { canDecide, canObject, objectionTimeline } from './objection'

const RULES = { days: 3, panelAnswerDays: 5, postObjectionAnnouncementDays: 7 }

describe('one objection rule for the administrative and the final result (ADR 012)', () => {
  // Published 1 Dec 2026 08:00 WIB: the sanggah closes 4 Dec 23:59 WIB, not 72 hours later.
  const window = objectionTimeline(new Date('2026-12-01T01:00:00Z'), RULES)
  test('domain.md §2 "Length: 3 days": the final-result window closes at 23:59 WIB of the third day after publication', () => {
    expect(window.objectionClosesAt.getTime()).toBeGreaterThanOrEqual(new Date('2026-12-04T16:59:00Z').getTime())
    expect(window.objectionClosesAt.getTime()).toBeLessThan(new Date('2026-12-04T17:00:00Z').getTime())
    const at = (iso: string) => canObject({ stage: 'FINAL_RESULT', inList: true, alreadyObjected: false, window, now: new Date(iso) })
    // 72 h after publication (the old rule's end) the window is still open; a minute after 23:59 WIB it is not.
    expect(at('2026-12-04T01:00:01Z')).toEqual({ ok: true })
    expect(at('2026-12-04T16:59:59Z')).toEqual({ ok: true })
    expect(at('2026-12-04T17:00:00Z')).toEqual({ ok: false, reason: 'windowClosed' })
  })
  test('once per applicant and stage; only someone in the published list objects to it', () => {
    const now = new Date('2026-12-02T01:00:00Z')
    expect(canObject({ stage: 'FINAL_RESULT', inList: true, alreadyObjected: true, window, now })).toEqual({ ok: false, reason: 'alreadyObjected' })
    expect(canObject({ stage: 'FINAL_RESULT', inList: false, alreadyObjected: false, window, now })).toEqual({ ok: false, reason: 'notInList' })
    // The administrative stage keeps its own eligibility: a TMS result.
    expect(canObject({ stage: 'ADMINISTRATION', result: 'MS', alreadyObjected: false, window, now })).toEqual({ ok: false, reason: 'notTms' })
    expect(canObject({ stage: 'ADMINISTRATION', result: 'TMS', alreadyObjected: false, window, now })).toEqual({ ok: true })
  })
  test('the panel answers a pending objection until its own window closes', () => {
    expect(canDecide({ status: 'PENDING', panelClosesAt: window.panelClosesAt, now: new Date('2026-12-06T16:59:00Z') })).toEqual({ ok: true })
    expect(canDecide({ status: 'PENDING', panelClosesAt: window.panelClosesAt, now: new Date('2026-12-06T17:00:00Z') })).toEqual({ ok: false, reason: 'panelClosed' })
    expect(canDecide({ status: 'ACCEPTED', panelClosesAt: window.panelClosesAt, now: new Date('2026-12-02T00:00:00Z') })).toEqual({ ok: false, reason: 'alreadyDecided' })
  })
})
