import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import { startWorkers, stopQueues } from '~/utils/queue.server'
import { examSignIn, hashPin } from '~/models/exam-attempt.server'
import {
  cancelExamSession,
  generateSessions,
  lockPlan,
  moveCandidate,
  planningOverview,
  reissuePin,
  releaseSignInLockout,
  retimeExamSession,
  signInLockouts,
  startPlanJob,
  PLAN_JOB_QUEUED_STALE_MS,
  PLAN_JOB_STALE_MS,
} from '~/models/exam-planning.server'
import pg from 'pg'
import { seedBank, seedExamWorld } from './exam-fixtures'

/**
 * ADR 020 addendum through the models and the real in-process queue: allocation and preparation
 * as jobs (progress, one at a time, a failure recorded with nothing half-written, rerunnable),
 * session changes (time, cancellation with the candidates re-allocated, a candidate moved with a
 * reason), the proctor's PIN re-issue and sign-in lockout release, and SKB CAT planned for the
 * candidates the published SKD list passes to SKB.
 */

let world: Awaited<ReturnType<typeof seedExamWorld>>
const admin = { ...SYSTEM_ACTOR, actorId: null, actorRole: 'NATIONAL_ADMIN' }
const proctorActor = () => ({ ...SYSTEM_ACTOR, actorId: world.proctor.id, actorRole: 'PROCTOR' })
// The day after tomorrow in WIB: every session lies well before its check-in window.
const dayIn = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
const generate = (blueprintCode: 'SKD_2024' | 'SKB_CAT_2024', day: string, times: string[]) =>
  generateSessions({ periodId: world.period.id, blueprintCode, siteId: world.site.id, firstDay: day, lastDay: day, times, fridayTimes: times, weekdaysOnly: false }, admin)
const sessionsOf = (blueprintCode = 'SKD_2024') => prisma.examSession.findMany({ where: { periodId: world.period.id, blueprintCode }, orderBy: { startsAt: 'asc' } })
const seatsIn = (sessionId: string) => prisma.examAttempt.count({ where: { sessionId } })
const auditCount = (action: string) => prisma.auditLog.count({ where: { action } })

async function finished(jobId: string) {
  for (let i = 0; i < 600; i++) {
    const job = await prisma.examPlanJob.findUniqueOrThrow({ where: { id: jobId } })
    if (job.status === 'DONE' || job.status === 'FAILED') return job
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('job did not finish')
}

async function runJob(kind: 'ALLOCATE' | 'PREPARE', blueprintCode: 'SKD_2024' | 'SKB_CAT_2024' = 'SKD_2024') {
  const started = await startPlanJob(world.period.id, blueprintCode, kind, admin)
  if (!started.ok) throw new Error(started.error)
  return finished(started.jobId)
}

beforeAll(async () => {
  await seedBank('SKD_2024')
  // Six MS candidates who chose the site; one room of 4 seats; two sessions tomorrow → 8 seats.
  world = await seedExamWorld({ candidates: 6, seats: 4 })
  expect(await generate('SKD_2024', dayIn(2), ['08:00', '13:00'])).toEqual({ ok: true, created: 2, existing: 0 })
})

afterAll(async () => {
  await stopQueues()
})

describe('allocation as a queued job', () => {
  test('a second run of the same plan is refused while the first waits; the first runs to completion with progress 100, result and audit rows', async () => {
    const first = await startPlanJob(world.period.id, 'SKD_2024', 'ALLOCATE', admin)
    expect(first.ok).toBe(true)
    // Not started yet (workers are off): queued, and a second click is refused, not queued twice.
    expect(await startPlanJob(world.period.id, 'SKD_2024', 'ALLOCATE', admin)).toEqual({ ok: false, error: 'busy' })
    expect(await startPlanJob(world.period.id, 'SKD_2024', 'PREPARE', admin)).toEqual({ ok: false, error: 'busy' })
    expect(await prisma.examPlanJob.count({ where: { periodId: world.period.id } })).toBe(1)
    await startWorkers()
    const job = await finished(first.ok ? first.jobId : '')
    expect(job).toMatchObject({ status: 'DONE', progress: 100, progressStep: 'done', result: { placed: 6, unplaced: 0, replaced: 0 }, error: null })
    const [s1, s2] = await sessionsOf()
    expect([await seatsIn(s1!.id), await seatsIn(s2!.id)]).toEqual([4, 2])
    for (const action of ['exam.plan.job.queued', 'exam.plan.job.start', 'exam.plan.job.finish', 'exam.allocate']) expect(await auditCount(action)).toBe(1)
    // The database refuses a second active job even past the model's check.
    await prisma.examPlanJob.create({ data: { periodId: world.period.id, blueprintCode: 'SKD_2024', kind: 'ALLOCATE' } })
    await expect(prisma.examPlanJob.create({ data: { periodId: world.period.id, blueprintCode: 'SKD_2024', kind: 'PREPARE' } })).rejects.toThrow()
    await prisma.examPlanJob.deleteMany({ where: { periodId: world.period.id, status: 'QUEUED' } })
  })

  test('a running job whose process died (no heartbeat for over 2 minutes) or a queued one never picked up (15 minutes) no longer blocks a new run, and is recorded as failed', async () => {
    const lost = await prisma.examPlanJob.create({
      data: { periodId: world.period.id, blueprintCode: 'SKD_2024', kind: 'ALLOCATE', status: 'RUNNING', heartbeatAt: new Date(Date.now() - PLAN_JOB_STALE_MS - 60_000) },
    })
    const job = await runJob('ALLOCATE')
    expect(job.status).toBe('DONE')
    expect(await prisma.examPlanJob.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({ status: 'FAILED', error: 'stalled' })
    // A queued job has no heartbeat yet (it may wait behind other jobs): it blocks for longer.
    const waiting = await prisma.examPlanJob.create({
      data: { periodId: world.period.id, blueprintCode: 'SKD_2024', kind: 'ALLOCATE', createdAt: new Date(Date.now() - PLAN_JOB_STALE_MS - 60_000) },
    })
    expect(await startPlanJob(world.period.id, 'SKD_2024', 'ALLOCATE', admin)).toEqual({ ok: false, error: 'busy' })
    await prisma.examPlanJob.update({ where: { id: waiting.id }, data: { createdAt: new Date(Date.now() - PLAN_JOB_QUEUED_STALE_MS - 60_000) } })
    expect((await runJob('ALLOCATE')).status).toBe('DONE')
    expect(await prisma.examPlanJob.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: 'FAILED', error: 'stalled' })
  })

  test('a live job that waits inside its run keeps its heartbeat, so it is never taken for lost and a second run is refused', async () => {
    // Another allocation of the same plan holds the plan's lock: this job's run waits on it, with
    // no progress step, as a long national transaction would between two steps.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await holder.connect()
    process.env.EXAM_PLAN_HEARTBEAT_MS = '100'
    try {
      await holder.query('BEGIN')
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`exam-plan:${world.period.id}:SKD_2024`])
      const started = await startPlanJob(world.period.id, 'SKD_2024', 'ALLOCATE', admin)
      if (!started.ok) throw new Error(started.error)
      const beats = async () => (await prisma.examPlanJob.findUniqueOrThrow({ where: { id: started.jobId } })).heartbeatAt?.getTime() ?? 0
      await vi.waitFor(async () => expect(await beats()).toBeGreaterThan(0), { timeout: 5000 })
      const first = await beats()
      await vi.waitFor(async () => expect(await beats()).toBeGreaterThan(first), { timeout: 5000 })
      expect(await prisma.examPlanJob.findUniqueOrThrow({ where: { id: started.jobId } })).toMatchObject({ status: 'RUNNING', progress: 0 })
      expect(await startPlanJob(world.period.id, 'SKD_2024', 'ALLOCATE', admin)).toEqual({ ok: false, error: 'busy' })
      await holder.query('COMMIT')
      expect((await finished(started.jobId)).status).toBe('DONE')
      // The beats stop with the run: nothing bumps a finished job.
      const last = await beats()
      await new Promise((r) => setTimeout(r, 300))
      expect(await beats()).toBe(last)
    } finally {
      delete process.env.EXAM_PLAN_HEARTBEAT_MS
      await holder.end()
    }
  })

  test('a run that fails half-way records the reason and leaves nothing half-written; run again, it succeeds', async () => {
    const before = await prisma.examAttempt.findMany({ where: { periodId: world.period.id }, orderBy: { id: 'asc' }, select: { id: true, sessionId: true } })
    const runs = await prisma.examAllocationRun.count({ where: { periodId: world.period.id } })
    const allocateRows = await auditCount('exam.allocate')
    // A real database failure in the middle of the run: after the old seats were deleted, writing the new ones fails.
    await prisma.$executeRawUnsafe(`CREATE FUNCTION uji_refuse_seat() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk penuh (uji)'; END $$`)
    await prisma.$executeRawUnsafe(`CREATE TRIGGER uji_refuse_seat BEFORE INSERT ON "ExamAttempt" FOR EACH ROW EXECUTE FUNCTION uji_refuse_seat()`)
    try {
      const job = await runJob('ALLOCATE')
      expect(job.status).toBe('FAILED')
      expect(job.error).toContain('disk penuh (uji)')
      expect(job.progress).toBeGreaterThanOrEqual(40) // it got as far as writing seats
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER uji_refuse_seat ON "ExamAttempt"`)
      await prisma.$executeRawUnsafe(`DROP FUNCTION uji_refuse_seat()`)
    }
    // Every seat of the previous run is still there, untouched; no run row, no allocation audit row.
    expect(await prisma.examAttempt.findMany({ where: { periodId: world.period.id }, orderBy: { id: 'asc' }, select: { id: true, sessionId: true } })).toEqual(before)
    expect(await prisma.examAllocationRun.count({ where: { periodId: world.period.id } })).toBe(runs)
    expect(await auditCount('exam.allocate')).toBe(allocateRows)
    expect(await prisma.auditLog.findFirst({ where: { action: 'exam.plan.job.failed', after: { path: ['error'], string_contains: 'disk penuh' } } })).not.toBeNull()
    const again = await runJob('ALLOCATE')
    expect(again).toMatchObject({ status: 'DONE', result: { placed: 6, unplaced: 0, replaced: 6 } })
  })
})

describe('session changes', () => {
  test('a session\'s time changes on the same day, audited, its candidates told by e-mail', async () => {
    const [, s2] = await sessionsOf()
    const mails = await prisma.emailLog.count({ where: { template: 'exam-schedule-change' } })
    expect(await retimeExamSession(s2!.id, '07:30', admin)).toEqual({ ok: false, error: 'overlap' }) // 07:30–09:10 meets 08:00
    const result = await retimeExamSession(s2!.id, '14:00', admin)
    expect(result).toMatchObject({ ok: true, notified: 2 })
    const moved = await prisma.examSession.findUniqueOrThrow({ where: { id: s2!.id } })
    expect(moved.startsAt.getTime() - s2!.startsAt.getTime()).toBe(3_600_000)
    expect(await prisma.emailLog.count({ where: { template: 'exam-schedule-change' } })).toBe(mails + 2)
    expect(await auditCount('exam.session.retime')).toBe(1)
  })

  test('a cancelled session (with its reason) loses its seats; the next allocation run places those candidates elsewhere', async () => {
    const [s1] = await sessionsOf()
    const seated = await prisma.examAttempt.findMany({ where: { sessionId: s1!.id }, select: { applicationId: true } })
    expect(seated).toHaveLength(4)
    expect(await cancelExamSession(s1!.id, 'padam', admin)).toEqual({ ok: false, error: 'reason' })
    expect(await cancelExamSession(s1!.id, 'Gedung dipakai untuk pemilu ulang', admin)).toEqual({ ok: true, removed: 4 })
    expect(await prisma.examSession.findUniqueOrThrow({ where: { id: s1!.id } })).toMatchObject({ status: 'CANCELLED', cancelReason: 'Gedung dipakai untuk pemilu ulang' })
    expect(await cancelExamSession(s1!.id, 'Gedung dipakai untuk pemilu ulang', admin)).toEqual({ ok: false, error: 'cancelled' })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'exam.session.cancel', entityId: s1!.id } })
    expect((audit.after as { removedSeats: string[] }).removedSeats).toHaveLength(4)
    // A new day of sessions, then the run: the four go to the free seats, none to the cancelled session.
    expect(await generate('SKD_2024', dayIn(3), ['08:00'])).toMatchObject({ ok: true, created: 1 })
    const job = await runJob('ALLOCATE')
    expect(job).toMatchObject({ status: 'DONE', result: { placed: 6, unplaced: 0 } })
    expect(await seatsIn(s1!.id)).toBe(0)
    const seats = await prisma.examAttempt.findMany({ where: { applicationId: { in: seated.map((s) => s.applicationId) } }, include: { session: true } })
    expect(seats).toHaveLength(4)
    expect(seats.every((a) => a.session.status === 'SCHEDULED')).toBe(true)
    // The cancelled session is not offered and not counted any more.
    const overview = await planningOverview(world.period.id, 'SKD_2024')
    expect(overview.sites.find((s) => s.id === world.site.id)).toMatchObject({ sessions: 2, capacity: 8, seated: 6 })
  })

  test('one candidate moved to another session with a documented reason: new number, audited, e-mailed, kept by re-runs', async () => {
    const [, s2, s3] = await sessionsOf()
    const attempt = await prisma.examAttempt.findFirstOrThrow({ where: { sessionId: s2!.id } })
    expect(await moveCandidate(attempt.id, s3!.id, 'sakit', admin)).toEqual({ ok: false, error: 'reason' })
    expect(await moveCandidate(attempt.id, s2!.id, 'Sakit demam berdarah, surat dokter RS Uji', admin)).toEqual({ ok: false, error: 'sameSession' })
    const result = await moveCandidate(attempt.id, s3!.id, 'Sakit demam berdarah, surat dokter RS Uji', admin)
    expect(result).toEqual({ ok: true, participantNumber: expect.stringContaining(s3!.code) })
    const moved = await prisma.examAttempt.findUniqueOrThrow({ where: { id: attempt.id } })
    expect(moved).toMatchObject({ sessionId: s3!.id, participantNumber: result.ok ? result.participantNumber : '' })
    expect(await prisma.examSeatMove.findFirstOrThrow({ where: { attemptId: attempt.id } })).toMatchObject({ fromParticipantNumber: attempt.participantNumber, reason: 'Sakit demam berdarah, surat dokter RS Uji' })
    expect(await auditCount('exam.attempt.move')).toBe(1)
    // A later allocation run does not undo the move.
    expect(await runJob('ALLOCATE')).toMatchObject({ status: 'DONE' })
    expect(await prisma.examAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ sessionId: s3!.id })
  })

  test('after the lock: no re-timing, a session with candidates cannot be cancelled, preparation runs as a job, a moved prepared candidate is drawn again', async () => {
    const [, s2, s3] = await sessionsOf()
    expect(await startPlanJob(world.period.id, 'SKD_2024', 'PREPARE', admin)).toEqual({ ok: false, error: 'notLocked' })
    expect(await lockPlan(world.period.id, 'SKD_2024', admin)).toEqual({ ok: true })
    expect(await startPlanJob(world.period.id, 'SKD_2024', 'ALLOCATE', admin)).toEqual({ ok: false, error: 'locked' })
    expect(await retimeExamSession(s2!.id, '15:00', admin)).toEqual({ ok: false, error: 'locked' })
    expect(await cancelExamSession(s2!.id, 'Gedung dipakai untuk pemilu ulang', admin)).toEqual({ ok: false, error: 'hasCandidates' })
    const prepared = await runJob('PREPARE')
    expect(prepared).toMatchObject({ status: 'DONE', progress: 100, result: { drawn: 6 } })
    const attempt = await prisma.examAttempt.findFirstOrThrow({ where: { sessionId: s2!.id } })
    const before = await prisma.examAttemptItem.findMany({ where: { attemptId: attempt.id }, select: { versionId: true } })
    expect(before).toHaveLength(110)
    expect(await moveCandidate(attempt.id, s3!.id, 'Bentrok dengan jadwal operasi, surat RS', admin)).toMatchObject({ ok: true })
    expect(await prisma.examAttemptItem.count({ where: { attemptId: attempt.id } })).toBe(110)
  })
})

describe('the proctor: PIN re-issue and sign-in lockout', () => {
  test('the old PIN stops working, the new one signs in; a lockout is released; both audited; another room cannot', async () => {
    const attempt = await prisma.examAttempt.findFirstOrThrow({ where: { periodId: world.period.id, roomId: world.room.id }, orderBy: { participantNumber: 'asc' } })
    expect(await reissuePin(world.room.id, attempt.id, proctorActor())).toEqual({ ok: false, error: 'notCheckedIn' })
    await prisma.examAttempt.update({ where: { id: attempt.id }, data: { checkedInAt: new Date(), pinHash: await hashPin('111111') } })
    expect(await examSignIn(attempt.participantNumber, '111111', null)).toMatchObject({ ok: true })
    const otherRoom = await prisma.examRoom.create({ data: { siteId: world.site.id, code: 'R99', name: 'Ruang lain', seats: 1 } })
    expect(await reissuePin(otherRoom.id, attempt.id, proctorActor())).toEqual({ ok: false, error: 'notFound' })

    const reissued = await reissuePin(world.room.id, attempt.id, proctorActor())
    if (!reissued.ok) throw new Error(reissued.error)
    expect(reissued.pin).toMatch(/^\d{6}$/)
    expect(await examSignIn(attempt.participantNumber, '111111', null)).toEqual({ ok: false, error: 'invalid' })
    expect(await examSignIn(attempt.participantNumber, reissued.pin, null)).toMatchObject({ ok: true })
    const row = await prisma.auditLog.findFirstOrThrow({ where: { action: 'exam.attempt.pinReissue', entityId: attempt.id } })
    expect(row.actorId).toBe(world.proctor.id)
    expect(JSON.stringify(row.after)).not.toContain(reissued.pin)

    // Ten failures lock the number (typed in lower case too), even for the right PIN.
    for (let i = 0; i < 10; i++) await examSignIn(attempt.participantNumber.toLowerCase(), '000000', null)
    expect(await examSignIn(attempt.participantNumber, reissued.pin, null)).toEqual({ ok: false, error: 'tooMany' })
    expect(await signInLockouts([attempt.participantNumber])).toEqual(new Set([attempt.participantNumber]))
    expect(await releaseSignInLockout(otherRoom.id, attempt.id, proctorActor())).toEqual({ ok: false, error: 'notFound' })
    const released = await releaseSignInLockout(world.room.id, attempt.id, proctorActor())
    expect(released).toMatchObject({ ok: true, participantNumber: attempt.participantNumber })
    expect(released.ok && released.failures).toBeGreaterThan(10)
    expect(await signInLockouts([attempt.participantNumber])).toEqual(new Set())
    expect(await examSignIn(attempt.participantNumber, reissued.pin, null)).toMatchObject({ ok: true })
    expect(await auditCount('exam.attempt.signInRelease')).toBe(1)
  })
})

describe('SKB CAT for those the published SKD list passes to SKB', () => {
  test('only P/L candidates of the published SKD list are SKB candidates; allocation and preparation through the same engine, 90 minutes', async () => {
    await seedBank('SKB_CAT_2024')
    const [a, b, c] = world.applicants
    const run = await prisma.rankingRun.create({ data: { periodId: world.period.id, stage: 'SKD', status: 'DRAFT', createdById: 'uji' } })
    await prisma.$executeRawUnsafe(`CREATE TABLE "RankingEntry_${run.id}" PARTITION OF "RankingEntry" FOR VALUES IN ('${run.id}')`)
    const vacancy = await prisma.vacancy.findFirstOrThrow({ where: { position: { periodId: world.period.id } } })
    for (const [app, code] of [[a, 'P/L'], [b, 'P/L'], [c, 'TL']] as const) {
      await prisma.rankingEntry.create({ data: { runId: run.id, applicationId: app!.applicationId, vacancyId: vacancy.id, positionId: vacancy.positionId, formasiTypeCode: 'UMUM', location: 'Jakarta', code } })
    }
    // A draft list sends nobody to SKB; the published one does.
    expect((await planningOverview(world.period.id, 'SKB_CAT_2024')).candidates).toBe(0)
    await prisma.rankingPublication.create({ data: { runId: run.id, periodId: world.period.id, stage: 'SKD', version: 1, status: 'PUBLISHED', preparedById: 'uji', publishedAt: new Date() } })
    expect((await planningOverview(world.period.id, 'SKB_CAT_2024')).candidates).toBe(2)

    expect(await generate('SKB_CAT_2024', dayIn(5), ['08:00'])).toMatchObject({ ok: true, created: 1 })
    const [skb] = await sessionsOf('SKB_CAT_2024')
    expect(skb).toMatchObject({ durationMinutes: 90, code: expect.stringContaining('-SKB-') })
    expect(await runJob('ALLOCATE', 'SKB_CAT_2024')).toMatchObject({ status: 'DONE', result: { placed: 2, unplaced: 0 } })
    const seated = await prisma.examAttempt.findMany({ where: { sessionId: skb!.id } })
    expect(seated.map((s) => s.applicationId).sort()).toEqual([a!.applicationId, b!.applicationId].sort())
    // The SKD plan (locked above) is not touched by the SKB plan.
    expect(await lockPlan(world.period.id, 'SKB_CAT_2024', admin)).toEqual({ ok: true })
    expect(await runJob('PREPARE', 'SKB_CAT_2024')).toMatchObject({ status: 'DONE', result: { drawn: 2 } })
    expect(await prisma.examAttemptItem.count({ where: { attemptId: seated[0]!.id } })).toBe(100)
  })

  test('the audit chain still verifies', async () => {
    expect((await verifyAuditLog()).ok).toBe(true)
  })
})
