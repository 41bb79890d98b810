import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import { commitNewSession } from '~/utils/session.server'
import {
  addRoom,
  applicantExamStatus,
  chooseSite,
  createSite,
  disqualifyAttempt,
  generateSessions,
  lockPlan,
  planningOverview,
  prepareAttempts,
  runAllocation,
} from '~/models/exam-planning.server'
import * as accommodationRoute from '~/routes/instansi.akomodasi.$applicationId'
import * as accommodationList from '~/routes/instansi.akomodasi._index'
import * as planningRoute from '~/routes/admin.ujian._index'
import * as proctorRoom from '~/routes/proktor.ruang.$roomId'
import { seedBank, seedExamWorld } from './exam-fixtures'

/**
 * Issue 6's planning pages through their models and routes (ADR 020): the session calendar, the
 * applicant's site choice, the allocation run with its per-site report (re-runnable until locked,
 * audited), preparing attempts, the accommodation registry with its agency scope (another agency's
 * applicant by URL is a 404), and the proctor's DIS.
 */

let world: Awaited<ReturnType<typeof seedExamWorld>>
let siteB: string
const admin = { ...SYSTEM_ACTOR, actorId: null, actorRole: 'NATIONAL_ADMIN' }
// Tomorrow in WIB: sessions must lie in the future for the allocation.
const day = new Date(Date.now() + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10)
const calendar = (siteId: string, over: Partial<Parameters<typeof generateSessions>[0]> = {}) =>
  generateSessions({ periodId: world.period.id, blueprintCode: 'SKD_2024', siteId, firstDay: day, lastDay: day, times: ['08:00'], fridayTimes: ['08:00'], weekdaysOnly: false, ...over }, admin)
const userOf = (i: number) => prisma.application.findUniqueOrThrow({ where: { id: world.applicants[i]!.applicationId } }).then((a) => a.userId)
const attemptOf = (i: number) => prisma.examAttempt.findFirst({ where: { applicationId: world.applicants[i]!.applicationId } })
const auditCount = (action: string) => prisma.auditLog.count({ where: { action } })

async function staff(role: 'AGENCY_ADMIN' | 'NATIONAL_ADMIN' | 'APPLICANT' | 'PROCTOR', agencyId: string | null) {
  const user = await prisma.user.create({ data: { email: `${role.toLowerCase()}-${Math.random().toString(36).slice(2)}@uji.test`, name: role, emailVerifiedAt: new Date() } })
  await prisma.userRole.create({ data: { userId: user.id, role, agencyId } })
  const session = await prisma.session.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } })
  return { user, cookie: (await commitNewSession(session.id, { remember: false, expiresAt: session.expiresAt })).split(';')[0]! }
}

type Handler = (args: { request: Request; context: { ip?: string }; params: Record<string, string> }) => Promise<Response>
async function call(handler: unknown, cookie: string, url: string, init: RequestInit = {}, params: Record<string, string> = {}) {
  const headers = new Headers(init.headers)
  headers.set('Cookie', cookie)
  headers.set('Sec-Fetch-Site', 'same-origin')
  try {
    return await (handler as Handler)({ request: new Request(`http://localhost${url}`, { ...init, headers }), context: { ip: '10.1.2.3' }, params })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}
const post = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) })

beforeAll(async () => {
  await seedBank('SKD_2024')
  // Six MS candidates who all chose site A (one room, 2 seats).
  world = await seedExamWorld({ candidates: 6, seats: 2 })
  const created = await createSite({ code: `B${world.tag}`.slice(0, 20), name: 'Kantor Regional B', city: 'Bandung', timeZone: 'Asia/Jakarta' }, admin)
  if (!created.ok) throw new Error('site')
  siteB = created.id
  // A room's proctor must hold the proctor role.
  expect(await addRoom({ siteId: siteB, code: 'R01', name: 'Ruang 1', seats: 3, proctorEmail: 'bukan-proktor@uji.test' }, admin)).toEqual({ ok: false, error: 'proctor' })
  expect(await addRoom({ siteId: siteB, code: 'R01', name: 'Ruang 1', seats: 3, proctorEmail: world.proctor.email.toUpperCase() }, admin)).toEqual({ ok: true })
  expect(await addRoom({ siteId: siteB, code: 'r01', name: 'Lagi', seats: 3, proctorEmail: null }, admin)).toEqual({ ok: false, error: 'duplicate' })
})

describe('the session calendar (domain.md §3 "4 per day, 2 on Fridays", configurable)', () => {
  test('one session per site for the day, capacity = the site\'s seats; generating again creates nothing new', async () => {
    expect(await calendar(world.site.id)).toEqual({ ok: true, created: 1, existing: 0 })
    expect(await calendar(siteB)).toEqual({ ok: true, created: 1, existing: 0 })
    expect(await calendar(siteB)).toEqual({ ok: true, created: 0, existing: 1 })
    const sessions = await prisma.examSession.findMany({ where: { periodId: world.period.id }, orderBy: { capacity: 'asc' } })
    expect(sessions.map((s) => [s.capacity, s.durationMinutes, s.blueprintCode])).toEqual([
      [2, 100, 'SKD_2024'],
      [3, 100, 'SKD_2024'],
    ])
    expect(await auditCount('exam.sessions.generate')).toBe(3)
  })

  test('bad input is refused with the reason and writes nothing', async () => {
    const before = await prisma.examSession.count()
    expect(await calendar(siteB, { lastDay: '2020-01-01' })).toEqual({ ok: false, error: 'dateOrder' })
    expect(await calendar(siteB, { times: ['08:00', '09:00'] })).toEqual({ ok: false, error: 'overlap' })
    const empty = await createSite({ code: `E${world.tag}`.slice(0, 20), name: 'Tanpa ruang', city: 'Bogor', timeZone: 'Asia/Jakarta' }, admin)
    expect(empty.ok && (await calendar(empty.id))).toEqual({ ok: false, error: 'noRooms' })
    expect(await prisma.examSession.count()).toBe(before)
  })
})

describe('site choice, allocation and its per-site report', () => {
  test('an MS applicant chooses among sites with sessions; a TMS applicant and an unplanned site are refused', async () => {
    expect(await chooseSite(await userOf(0), siteB, admin)).toEqual({ ok: true })
    const unplanned = await prisma.testSite.findFirstOrThrow({ where: { code: `E${world.tag}`.slice(0, 20) } })
    expect(await chooseSite(await userOf(1), unplanned.id, admin)).toEqual({ ok: false, error: 'site' })
    await prisma.application.update({ where: { id: world.applicants[5]!.applicationId }, data: { status: 'VERIFIED_TMS' } })
    expect(await chooseSite(await userOf(5), siteB, admin)).toEqual({ ok: false, error: 'notMs' })
    await prisma.application.update({ where: { id: world.applicants[5]!.applicationId }, data: { status: 'VERIFIED_MS' } })
    expect((await prisma.examSitePreference.findUniqueOrThrow({ where: { applicationId: world.applicants[0]!.applicationId } })).siteId).toBe(siteB)
  })

  test('6 candidates, 5 seats: preferences honoured while seats last, the rest moved, one not placed — with reasons per site', async () => {
    await prisma.examAccommodation.create({ data: { nik: world.applicants[1]!.nik, extraMinutes: 30, reason: 'Disabilitas netra' } })
    const result = await runAllocation(world.period.id, 'SKD_2024', admin)
    if (!result.ok) throw new Error(result.error)
    expect([result.placed, result.unplaced, result.replaced]).toEqual([5, 1, 0])
    const siteA = result.report.sites.find((s) => s.siteId === world.site.id)!
    const b = result.report.sites.find((s) => s.siteId === siteB)!
    expect(siteA).toMatchObject({ capacity: 2, preferred: 5, placed: 2, placedAsPreferred: 2, movedAway: 2 })
    expect(siteA.unplaced).toEqual([{ registrationNumber: expect.stringMatching(/00000005$/), name: 'Peserta Uji 5', reason: 'noSeat' }])
    expect(b).toMatchObject({ capacity: 3, preferred: 1, placed: 3, placedAsPreferred: 1, movedAway: 0, unplaced: [] })
    // The accommodation registry is applied to the seat (the deadline is computed from it at the start).
    expect((await attemptOf(1))?.extraMinutes).toBe(30)
    expect(await attemptOf(5)).toBeNull()
    expect(await auditCount('exam.allocate')).toBe(1)
    const overview = await planningOverview(world.period.id, 'SKD_2024')
    expect(overview.lastRun?.placed).toBe(5)
    expect(overview.sites.find((s) => s.id === siteB)).toMatchObject({ capacity: 3, seated: 3, preferred: 1 })
  })

  test('a re-run replaces untouched seats, keeps a checked-in one, and honours a changed preference', async () => {
    const kept = (await attemptOf(3))!
    await prisma.examAttempt.update({ where: { id: kept.id }, data: { checkedInAt: new Date() } })
    // Candidate 3 (at B, moved there) is checked in and keeps the seat; candidate 2 now prefers B:
    // B has 2 free seats → 0 and 2 (as chosen); A → 1 and 4; 5 still has no seat.
    expect(await chooseSite(await userOf(2), siteB, admin)).toEqual({ ok: true })
    const result = await runAllocation(world.period.id, 'SKD_2024', admin)
    if (!result.ok) throw new Error(result.error)
    expect([result.placed, result.unplaced, result.replaced]).toEqual([4, 1, 4])
    expect((await attemptOf(3))!.id).toBe(kept.id)
    expect(await prisma.examAttempt.count({ where: { periodId: world.period.id } })).toBe(5)
    expect(await prisma.examAllocationRun.count({ where: { periodId: world.period.id } })).toBe(2)
  })

  test('the lock ends re-allocation and site changes; then attempts are prepared before the session', async () => {
    expect(await prepareAttempts(world.period.id, 'SKD_2024', admin)).toEqual({ ok: false, error: 'notLocked' })
    expect(await lockPlan(world.period.id, 'SKD_2024', admin)).toEqual({ ok: true })
    expect(await lockPlan(world.period.id, 'SKD_2024', admin)).toEqual({ ok: false, error: 'locked' })
    expect(await runAllocation(world.period.id, 'SKD_2024', admin)).toEqual({ ok: false, error: 'locked' })
    expect(await chooseSite(await userOf(4), world.site.id, admin)).toEqual({ ok: false, error: 'locked' })
    expect(await prepareAttempts(world.period.id, 'SKD_2024', admin)).toEqual({ ok: true, drawn: 5 })
    const items = await prisma.examAttemptItem.groupBy({ by: ['attemptId'], where: { attempt: { periodId: world.period.id } }, _count: true })
    expect(items.map((i) => i._count)).toEqual([110, 110, 110, 110, 110])
    expect(await prepareAttempts(world.period.id, 'SKD_2024', admin)).toEqual({ ok: true, drawn: 0 })
  })

  test('the candidate\'s dashboard shows site, room, seat, time and the accommodation', async () => {
    const status = await applicantExamStatus(await userOf(1))
    expect(status).toMatchObject({ isMs: true, locked: true, accommodation: { extraMinutes: 30, reason: 'Disabilitas netra' } })
    expect(status?.seat).toMatchObject({ siteName: 'Kantor Regional Uji', roomName: 'Ruang 1', durationMinutes: 100, extraMinutes: 30 })
  })
})

describe('accommodation registry: permission first, agency scope in the query', () => {
  test('another agency\'s admin gets 404 by URL and changes nothing; an applicant gets 403; the own agency\'s admin saves (audited)', async () => {
    const otherAgency = await prisma.agency.create({ data: { code: `LAIN${world.tag}`, name: 'Instansi Lain', kind: 'CENTRAL' } })
    const other = await staff('AGENCY_ADMIN', otherAgency.id)
    const own = await staff('AGENCY_ADMIN', world.agency.id)
    const applicant = await staff('APPLICANT', null)
    const target = world.applicants[2]!.applicationId
    const url = `/instansi/akomodasi/${target}`
    const form = { extraMinutes: '45', reason: 'Disabilitas daksa', evidence: 'Surat RSUD Uji no. 12/2026' }

    expect((await call(accommodationRoute.loader, other.cookie, url, {}, { applicationId: target })).status).toBe(404)
    expect((await call(accommodationRoute.action, other.cookie, url, post(form), { applicationId: target })).status).toBe(404)
    expect((await call(accommodationRoute.loader, applicant.cookie, url, {}, { applicationId: target })).status).toBe(403)
    expect(await prisma.examAccommodation.findUnique({ where: { nik: world.applicants[2]!.nik } })).toBeNull()
    // The other agency's list search does not find the candidate either.
    const search = await call(accommodationList.loader, other.cookie, `/instansi/akomodasi?cari=${world.applicants[2]!.nik}`)
    expect((await search.json()).rows).toEqual([])

    const bad = await call(accommodationRoute.action, own.cookie, url, post({ ...form, extraMinutes: '500' }), { applicationId: target })
    expect(bad.status).toBe(400)
    const ok = await call(accommodationRoute.action, own.cookie, url, post(form), { applicationId: target })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ ok: true, attemptsUpdated: 1 })
    expect(await prisma.examAccommodation.findUnique({ where: { nik: world.applicants[2]!.nik } })).toMatchObject({ extraMinutes: 45, evidence: form.evidence })
    expect((await attemptOf(2))?.extraMinutes).toBe(45)
    const row = await prisma.auditLog.findFirstOrThrow({ where: { action: 'exam.accommodation.save' } })
    expect(row.actorId).toBe(own.user.id)

    // The planning page is the national exam admin's only.
    expect((await call(planningRoute.loader, own.cookie, '/admin/ujian')).status).toBe(403)
    const national = await staff('NATIONAL_ADMIN', null)
    expect((await call(planningRoute.loader, national.cookie, `/admin/ujian?periode=${world.period.id}&tes=SKD_2024`)).status).toBe(200)
  })
})

describe('DIS: the proctor disqualifies with a mandatory reason (domain.md §3)', () => {
  test('reason required, own room only, not a no-show; DIS is final, audited and the result says DISQUALIFIED', async () => {
    const attempt = (await attemptOf(3))! // checked in above, seated at site B
    const proctor = { ...SYSTEM_ACTOR, actorId: world.proctor.id, actorRole: 'PROCTOR' }
    expect(await disqualifyAttempt(attempt.roomId!, attempt.id, 'curang', proctor)).toEqual({ ok: false, error: 'reason' })
    const otherRoom = await prisma.examRoom.findFirstOrThrow({ where: { id: { not: attempt.roomId! }, siteId: { in: [world.site.id, siteB] } } })
    expect(await disqualifyAttempt(otherRoom.id, attempt.id, 'Membawa telepon genggam ke ruang ujian', proctor)).toEqual({ ok: false, error: 'notFound' })
    const notCheckedIn = (await prisma.examAttempt.findFirstOrThrow({ where: { periodId: world.period.id, checkedInAt: null } }))!
    expect(await disqualifyAttempt(notCheckedIn.roomId!, notCheckedIn.id, 'Membawa telepon genggam ke ruang ujian', proctor)).toEqual({ ok: false, error: 'state' })

    expect(await disqualifyAttempt(attempt.roomId!, attempt.id, 'Membawa telepon genggam ke ruang ujian', proctor)).toEqual({ ok: true })
    expect((await attemptOf(3))!.state).toBe('DISQUALIFIED')
    expect(await prisma.testResult.findFirstOrThrow({ where: { applicationId: world.applicants[3]!.applicationId } })).toMatchObject({ attendance: 'DISQUALIFIED', passed: false, kind: 'SKD' })
    expect(await prisma.examDisqualification.findUniqueOrThrow({ where: { attemptId: attempt.id } })).toMatchObject({ fromState: 'NOT_STARTED', actorId: world.proctor.id })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'exam.attempt.disqualify', entityId: attempt.id } })
    expect(audit.after).toMatchObject({ state: 'DISQUALIFIED', attendance: 'DIS', reason: 'Membawa telepon genggam ke ruang ujian' })
    expect(await disqualifyAttempt(attempt.roomId!, attempt.id, 'Membawa telepon genggam lagi', proctor)).toEqual({ ok: false, error: 'state' })
  })

  test('through the proctor page: another proctor\'s room is a 404; the room\'s proctor disqualifies with the reason', async () => {
    const stranger = await staff('PROCTOR', world.agency.id)
    const assigned = await staff('PROCTOR', world.agency.id)
    const target = (await prisma.examAttempt.findFirstOrThrow({ where: { periodId: world.period.id, state: 'NOT_STARTED', roomId: world.room.id } }))!
    await prisma.examAttempt.update({ where: { id: target.id }, data: { checkedInAt: new Date() } })
    await prisma.examRoom.update({ where: { id: world.room.id }, data: { proctorUserId: assigned.user.id } })
    const url = `/proktor/ruang/${world.room.id}?sesi=${target.sessionId}`
    const form = { intent: 'disqualify', attemptId: target.id, reason: 'Bekerja sama dengan peserta sebelah' }
    const refused = await call(proctorRoom.action, stranger.cookie, url, post(form), { roomId: world.room.id })
    expect(refused.status).toBe(404)
    expect((await prisma.examAttempt.findUniqueOrThrow({ where: { id: target.id } })).state).toBe('NOT_STARTED')
    const noReason = await call(proctorRoom.action, assigned.cookie, url, post({ ...form, reason: '' }), { roomId: world.room.id })
    expect(noReason.status).toBe(400)
    const done = await call(proctorRoom.action, assigned.cookie, url, post(form), { roomId: world.room.id })
    expect(done.status).toBe(200)
    expect((await prisma.examAttempt.findUniqueOrThrow({ where: { id: target.id } })).state).toBe('DISQUALIFIED')
    // The live room shows the DIS with its reason.
    const view = await (await call(proctorRoom.loader, assigned.cookie, url, {}, { roomId: world.room.id })).json()
    expect(view.candidates.find((c: { attemptId: string }) => c.attemptId === target.id)).toMatchObject({ state: 'DISQUALIFIED', disReason: form.reason })
  })

  test('the audit chain still verifies', async () => {
    expect((await verifyAuditLog()).ok).toBe(true)
  })
})
