import { wibClosing } from '~/domain/selection/schedule'
import {
  DEFAULT_TMS_REASONS,
  announcementTable,
  canObject,
  disagreements,
  inSample,
  itemsInForce,
  objectionTimeline,
  overallResult,
  percentDone,
  validateItems,
} from './rules'

const codes = DEFAULT_TMS_REASONS.map((r) => r.code)
const ms = (requirementCode: string) => ({ requirementCode, decision: 'MS' as const, reasonCode: null, note: null })
const tms = (requirementCode: string, reasonCode: string | null = 'TIDAK_TERBACA', note: string | null = null) => ({
  requirementCode,
  decision: 'TMS' as const,
  reasonCode,
  note,
})

describe('domain.md §2 "Statuses: MS or TMS, with the reason shown"', () => {
  test('the application is MS only if every requirement is MS', () => {
    expect(overallResult([ms('IJAZAH'), ms('KTP')])).toBe('MS')
    expect(overallResult([ms('IJAZAH'), tms('KTP')])).toBe('TMS')
    expect(overallResult([])).toBe('TMS')
  })
  test('every requirement needs a decision, and a TMS needs a reason from the list', () => {
    expect(validateItems(['IJAZAH', 'KTP'], [ms('IJAZAH'), tms('KTP')], codes)).toEqual({ ok: true })
    expect(validateItems(['IJAZAH', 'KTP'], [ms('IJAZAH')], codes)).toEqual({ ok: false, problems: [{ requirementCode: 'KTP', problem: 'missing' }] })
    expect(validateItems(['KTP'], [tms('KTP', null)], codes)).toEqual({ ok: false, problems: [{ requirementCode: 'KTP', problem: 'reasonRequired' }] })
    expect(validateItems(['KTP'], [tms('KTP', 'NOT_A_REASON')], codes)).toMatchObject({ ok: false })
    expect(validateItems(['KTP'], [ms('KTP'), ms('SKCK')], codes)).toEqual({ ok: false, problems: [{ requirementCode: 'SKCK', problem: 'unknown' }] })
  })
  test('"Lainnya" needs the free text that explains it', () => {
    expect(validateItems(['KTP'], [tms('KTP', 'LAINNYA', '  ')], codes)).toEqual({ ok: false, problems: [{ requirementCode: 'KTP', problem: 'noteRequired' }] })
    expect(validateItems(['KTP'], [tms('KTP', 'LAINNYA', 'NIK pada KTP terpotong')], codes)).toEqual({ ok: true })
  })
})

describe('issue 5 "a configurable sample of decisions goes to a second verifier; disagreement goes to the panel"', () => {
  test('0 % samples nothing, 100 % samples everything, 10 % roughly a tenth, and the draw is stable', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `cm${i.toString(36)}application`)
    expect(ids.some((id) => inSample(id, 0))).toBe(false)
    expect(ids.every((id) => inSample(id, 100))).toBe(true)
    const drawn = ids.filter((id) => inSample(id, 10)).length
    expect(drawn).toBeGreaterThan(120)
    expect(drawn).toBeLessThan(280)
    expect(ids.map((id) => inSample(id, 10))).toEqual(ids.map((id) => inSample(id, 10)))
  })
  test('requirements judged differently by the two verifiers are the disagreements', () => {
    expect(disagreements([ms('IJAZAH'), tms('KTP')], [ms('IJAZAH'), ms('KTP')])).toEqual(['KTP'])
    expect(disagreements([ms('IJAZAH')], [ms('IJAZAH')])).toEqual([])
  })
  test('the latest round decides each requirement', () => {
    const items = [
      { ...tms('KTP'), round: 1 },
      { ...ms('KTP'), round: 3 },
      { ...ms('IJAZAH'), round: 1 },
      { ...ms('IJAZAH'), round: 2 },
    ]
    expect(itemsInForce(items).map((i) => [i.requirementCode, i.round, i.decision])).toEqual([
      ['KTP', 3, 'MS'],
      ['IJAZAH', 2, 'MS'],
    ])
  })
})

describe('domain.md §2 "Length: 3 days" and the post-sanggah announcement within ≤7 days', () => {
  // Published 14:00 WIB on 19 Sep 2024 (07:00 UTC).
  const publishedAt = new Date('2024-09-19T07:00:00Z')
  const timeline = objectionTimeline(publishedAt, { days: 3, panelAnswerDays: 5, postObjectionAnnouncementDays: 7 })
  test('the sanggah closes at 23:59 WIB on the third day after the announcement', () => {
    expect(timeline.objectionOpensAt).toEqual(publishedAt)
    expect(timeline.objectionClosesAt).toEqual(wibClosing('2024-09-22', '23:59'))
  })
  test('the panel answers by the fifth day, and the post-sanggah announcement is due 7 days after the sanggah closes', () => {
    expect(timeline.panelClosesAt).toEqual(wibClosing('2024-09-24', '23:59'))
    expect(timeline.postDueAt).toEqual(wibClosing('2024-09-29', '23:59'))
  })
  test('one sanggah, only for TMS, only inside the window by the server clock', () => {
    const window = timeline
    const at = (iso: string) => new Date(iso)
    expect(canObject({ result: 'TMS', alreadyObjected: false, window, now: at('2024-09-22T16:59:59.999Z') })).toEqual({ ok: true })
    expect(canObject({ result: 'TMS', alreadyObjected: false, window, now: at('2024-09-22T17:00:00.000Z') })).toEqual({ ok: false, reason: 'windowClosed' })
    expect(canObject({ result: 'TMS', alreadyObjected: true, window, now: at('2024-09-20T00:00:00Z') })).toEqual({ ok: false, reason: 'alreadyObjected' })
    expect(canObject({ result: 'MS', alreadyObjected: false, window, now: at('2024-09-20T00:00:00Z') })).toEqual({ ok: false, reason: 'notTms' })
    expect(canObject({ result: 'TMS', alreadyObjected: false, window: null, now: at('2024-09-20T00:00:00Z') })).toEqual({ ok: false, reason: 'notAnnounced' })
    expect(canObject({ result: 'TMS', alreadyObjected: false, window, now: at('2024-09-19T06:59:59Z') })).toEqual({ ok: false, reason: 'windowNotOpen' })
  })
})

describe('progress and the frozen list', () => {
  test('progress never shows 100 % while one application is left', () => {
    expect(percentDone(999, 1000)).toBe(99)
    expect(percentDone(0, 0)).toBe(0)
    expect(percentDone(5, 5)).toBe(100)
  })
  test('the list is ordered by registration number and numbered from 1, whatever the input order', () => {
    const rows = [
      { registrationNumber: '2026-B', fullName: 'Budi', result: 'TMS' as const, reasons: ['KTP: buram', 'Ijazah: bukan dokumen'] },
      { registrationNumber: '2026-A', fullName: 'Ani', result: 'MS' as const, reasons: [] },
    ]
    expect(announcementTable(rows)).toEqual([
      ['1', '2026-A', 'Ani', 'MS', ''],
      ['2', '2026-B', 'Budi', 'TMS', 'KTP: buram; Ijazah: bukan dokumen'],
    ])
    expect(announcementTable([...rows].reverse())).toEqual(announcementTable(rows))
  })
})
