import { prisma } from '~/utils/db.server'
import { Prisma } from '~/generated/prisma/client'
import { audited, SYSTEM_ACTOR, type AuditActor } from '~/models/audit.server'
import { attemptRowsForSeats, drawSessions } from '~/models/exam.server'
import { hashPin, newPin } from '~/models/exam-attempt.server'
import { getBlueprint } from '~/domain/exam/blueprints'
import { DrawError } from '~/domain/exam/draw'
import { allocate, allocationSessions, blueprintForKind, candidateSource, type AllocationReason, type PlannableBlueprint } from '~/domain/exam/allocation'
import { canTransition, DIS_REASON_MIN, type AttemptState } from '~/domain/exam/attempt-state'
import { agenciesWith, hasPermission, type RoleGrant } from '~/domain/identity/roles'
import { cancelCheck, EXAM_SIGN_IN_LIMIT, moveCheck, signInLimitKey, participantNumber, planCalendar, retimeSession, type CalendarIssue, type SessionChangeIssue } from '~/domain/exam/sessions'
import { defineJob } from '~/utils/queue.server'
import { sendMail } from '~/utils/mail.server'
import { statusChangeEmail } from '~/utils/mail-templates.server'
import { formatDateTime } from '~/utils/time'

/**
 * The exam context's planning side (issue 6, ADR 020): test sites with rooms and seats, the
 * session calendar, the applicant's test-site choice, the allocation run with its per-site report
 * (re-runnable until the plan is locked), preparing attempts (the draw) before the session, the
 * accommodation registry, and the proctor's disqualification (DIS). Every state change is one
 * transaction with its audit row. The exam hot path (start/save/sweep/score) lives elsewhere.
 */

const TEST_LABEL: Record<PlannableBlueprint, string> = { SKD_2024: 'SKD', PPPK_2024: 'PPPK', SKB_CAT_2024: 'SKB' }

/**
 * The SQL condition (on `ap`, an "Application") for the candidates of a test in a period
 * (`candidateSource`): MS applicants of the selection kind for SKD and PPPK; for SKB CAT the
 * applicants whose line in the period's published SKD list says P/L (ADR 017 — a draft list is
 * not an announcement, so it sends nobody to SKB).
 */
function candidateCondition(periodId: string, blueprintCode: PlannableBlueprint): Prisma.Sql {
  const source = candidateSource(blueprintCode)
  if (source.kind === 'verifiedMs') return Prisma.sql`ap.status = 'VERIFIED_MS' AND ap."selectionKind"::text = ${source.selectionKind}`
  return Prisma.sql`EXISTS (SELECT 1 FROM "RankingPublication" pub JOIN "RankingEntry" e ON e."runId" = pub."runId" AND e."applicationId" = ap.id
    WHERE pub."periodId" = ${periodId} AND pub.stage = 'SKD' AND pub.status = 'PUBLISHED' AND e.code = ANY(${[...source.codes]}::text[]))`
}


// ───────────────────────── periods, sites and rooms ─────────────────────────

export function listPeriods() {
  return prisma.selectionPeriod.findMany({ where: { status: { not: 'DRAFT' } }, orderBy: [{ year: 'desc' }, { code: 'asc' }], select: { id: true, code: true, name: true, kind: true } })
}

export type SiteInput = { code: string; name: string; city: string; timeZone: string }

export async function createSite(site: SiteInput, actor: AuditActor): Promise<{ ok: true; id: string } | { ok: false; error: 'duplicate' }> {
  const input = { ...site, code: site.code.trim().toUpperCase() }
  if (await prisma.testSite.findUnique({ where: { code: input.code } })) return { ok: false, error: 'duplicate' }
  const created = await audited(actor, async (tx, audit) => {
    const row = await tx.testSite.create({ data: { ...input, rooms: 0, seatsPerRoom: 0 } })
    await audit({ action: 'exam.site.create', entityType: 'TestSite', entityId: row.id, after: row })
    return row
  })
  return { ok: true, id: created.id }
}

export type RoomInput = { siteId: string; code: string; name: string; seats: number; proctorEmail: string | null }
export type RoomResult = { ok: true } | { ok: false; error: 'site' | 'duplicate' | 'proctor' }

/** Adds a room; the proctor (optional) must hold the PROCTOR role. Keeps the site's summary columns in step. */
export async function addRoom(room: RoomInput, actor: AuditActor): Promise<RoomResult> {
  const input = { ...room, code: room.code.trim().toUpperCase() }
  const site = await prisma.testSite.findUnique({ where: { id: input.siteId } })
  if (!site) return { ok: false, error: 'site' }
  if (await prisma.examRoom.findUnique({ where: { siteId_code: { siteId: site.id, code: input.code } } })) return { ok: false, error: 'duplicate' }
  let proctorUserId: string | null = null
  if (input.proctorEmail) {
    const proctor = await prisma.user.findFirst({ where: { email: input.proctorEmail.toLowerCase(), roles: { some: { role: 'PROCTOR' } } }, select: { id: true } })
    if (!proctor) return { ok: false, error: 'proctor' }
    proctorUserId = proctor.id
  }
  await audited(actor, async (tx, audit) => {
    const room = await tx.examRoom.create({ data: { siteId: site.id, code: input.code, name: input.name, seats: input.seats, proctorUserId } })
    const rooms = await tx.examRoom.findMany({ where: { siteId: site.id }, select: { seats: true } })
    await tx.testSite.update({ where: { id: site.id }, data: { rooms: rooms.length, seatsPerRoom: Math.max(...rooms.map((r) => r.seats)) } })
    await audit({ action: 'exam.room.create', entityType: 'ExamRoom', entityId: room.id, after: room })
  })
  return { ok: true }
}

/** A site and a period by id (the site page's URL), or nulls. */
export async function siteAndPeriod(siteId: string, periodId: string) {
  const [site, period] = await Promise.all([
    prisma.testSite.findUnique({ where: { id: siteId } }),
    prisma.selectionPeriod.findUnique({ where: { id: periodId }, select: { id: true, name: true, code: true } }),
  ])
  return { site, period }
}

// ───────────────────────── the session calendar ─────────────────────────

export type GenerateInput = {
  periodId: string
  blueprintCode: PlannableBlueprint
  siteId: string
  firstDay: string
  lastDay: string
  times: string[]
  fridayTimes: string[]
  weekdaysOnly: boolean
}
export type GenerateResult = { ok: true; created: number; existing: number } | { ok: false; error: CalendarIssue | 'site' | 'noRooms' | 'period' }

/**
 * Creates the sessions of one site for a date range (4 a day, 2 on Fridays by default). Capacity
 * is the site's seats at the time of planning. Sessions that already exist (same code) are kept as
 * they are, so the same range can be generated again after adding days.
 */
export async function generateSessions(input: GenerateInput, actor: AuditActor): Promise<GenerateResult> {
  const [site, period] = await Promise.all([
    prisma.testSite.findUnique({ where: { id: input.siteId } }),
    prisma.selectionPeriod.findUnique({ where: { id: input.periodId } }),
  ])
  if (!site) return { ok: false, error: 'site' }
  if (!period) return { ok: false, error: 'period' }
  const rooms = await prisma.examRoom.findMany({ where: { siteId: site.id }, select: { seats: true } })
  const capacity = rooms.reduce((n, r) => n + r.seats, 0)
  if (capacity === 0) return { ok: false, error: 'noRooms' }
  const blueprint = getBlueprint(input.blueprintCode)
  const plan = planCalendar({
    siteCode: site.code,
    timeZone: site.timeZone,
    firstDay: input.firstDay,
    lastDay: input.lastDay,
    times: input.times,
    fridayTimes: input.fridayTimes,
    weekdaysOnly: input.weekdaysOnly,
    durationMinutes: blueprint.durationMinutes,
    testLabel: TEST_LABEL[input.blueprintCode],
  })
  if (!plan.ok) return { ok: false, error: plan.issue }
  const created = await audited(
    actor,
    async (tx, audit) => {
      const result = await tx.examSession.createMany({
        data: plan.sessions.map((s) => ({
          periodId: period.id,
          siteId: site.id,
          code: s.code,
          startsAt: s.startsAt,
          blueprintCode: blueprint.code,
          durationMinutes: blueprint.durationMinutes,
          capacity,
          isDemo: site.isDemo && period.isDemo,
        })),
        skipDuplicates: true,
      })
      await audit({
        action: 'exam.sessions.generate',
        entityType: 'TestSite',
        entityId: site.id,
        after: { periodId: period.id, blueprintCode: blueprint.code, firstDay: input.firstDay, lastDay: input.lastDay, times: input.times, fridayTimes: input.fridayTimes, weekdaysOnly: input.weekdaysOnly, capacity, created: result.count },
      })
      return result.count
    },
    { timeoutMs: 60_000 },
  )
  return { ok: true, created, existing: plan.sessions.length - created }
}

// ───────────────────────── the planning overview ─────────────────────────

async function planOf(periodId: string, blueprintCode: string) {
  return prisma.examPlan.findUnique({ where: { periodId_blueprintCode: { periodId, blueprintCode } } })
}

export type SiteReport = {
  siteId: string | null
  code: string | null
  name: string | null
  capacity: number
  preferred: number
  placed: number
  placedAsPreferred: number
  /** Candidates who chose this site but were seated elsewhere (it was full). */
  movedAway: number
  unplaced: { registrationNumber: string; name: string; reason: AllocationReason }[]
}
export type AllocationReport = { sites: SiteReport[]; unplacedListCapped: boolean }

/** Per site of the period and test: rooms, seats, sessions, capacity against preferences and seats taken. */
export async function planningOverview(periodId: string, blueprintCode: PlannableBlueprint) {
  const candidateIs = candidateCondition(periodId, blueprintCode)
  const [sites, rooms, sessionStats, preferenceStats, candidates, withoutPreference, plan, lastRun, prepared] = await Promise.all([
    prisma.testSite.findMany({ orderBy: { code: 'asc' } }),
    prisma.$queryRaw<{ id: string; siteId: string; code: string; name: string; seats: number; proctorEmail: string | null }[]>`
      SELECT r.id, r."siteId", r.code, r.name, r.seats, u.email AS "proctorEmail"
      FROM "ExamRoom" r LEFT JOIN "User" u ON u.id = r."proctorUserId" ORDER BY r.code`,
    prisma.$queryRaw<{ siteId: string; sessions: number; capacity: number; seated: number; firstAt: Date; lastAt: Date }[]>`
      SELECT s."siteId", count(*)::int AS sessions, sum(s.capacity)::int AS capacity,
             sum((SELECT count(*) FROM "ExamAttempt" a WHERE a."sessionId" = s.id))::int AS seated,
             min(s."startsAt") AS "firstAt", max(s."startsAt") AS "lastAt"
      FROM "ExamSession" s
      WHERE s."periodId" = ${periodId} AND s."blueprintCode" = ${blueprintCode} AND s.status = 'SCHEDULED'
      GROUP BY s."siteId"`,
    prisma.$queryRaw<{ siteId: string; n: number }[]>`
      SELECT p."siteId", count(*)::int AS n FROM "ExamSitePreference" p JOIN "Application" ap ON ap.id = p."applicationId"
      WHERE ap."periodId" = ${periodId} AND ${candidateIs}
      GROUP BY p."siteId"`,
    prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Application" ap WHERE ap."periodId" = ${periodId} AND ${candidateIs} AND ap."registrationNumber" IS NOT NULL`.then((r) => r[0]?.n ?? 0),
    prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Application" ap
      WHERE ap."periodId" = ${periodId} AND ${candidateIs} AND ap."registrationNumber" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "ExamSitePreference" p WHERE p."applicationId" = ap.id)`,
    planOf(periodId, blueprintCode),
    prisma.examAllocationRun.findFirst({ where: { periodId, blueprintCode }, orderBy: { createdAt: 'desc' } }),
    prisma.$queryRaw<{ attempts: number; drawn: number }[]>`
      SELECT count(*)::int AS attempts, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "ExamAttemptItem" i WHERE i."attemptId" = a.id))::int AS drawn
      FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId"
      WHERE s."periodId" = ${periodId} AND s."blueprintCode" = ${blueprintCode}`,
  ])
  const prefs = new Map(preferenceStats.map((p) => [p.siteId, p.n]))
  return {
    candidates,
    withoutPreference: withoutPreference[0]?.n ?? 0,
    lockedAt: plan?.lockedAt ?? null,
    attempts: prepared[0]?.attempts ?? 0,
    drawn: prepared[0]?.drawn ?? 0,
    lastRun: lastRun ? { createdAt: lastRun.createdAt, placed: lastRun.placed, unplaced: lastRun.unplaced, replaced: lastRun.replaced, report: lastRun.report as AllocationReport } : null,
    sites: sites.map((site) => {
      const stats = sessionStats.find((s) => s.siteId === site.id)
      return {
        id: site.id,
        code: site.code,
        name: site.name,
        city: site.city,
        timeZone: site.timeZone,
        rooms: rooms.filter((r) => r.siteId === site.id),
        sessions: stats?.sessions ?? 0,
        capacity: stats?.capacity ?? 0,
        seated: stats?.seated ?? 0,
        firstAt: stats?.firstAt ?? null,
        lastAt: stats?.lastAt ?? null,
        preferred: prefs.get(site.id) ?? 0,
      }
    }),
  }
}

/** The sessions of one site in the plan, with seats taken (the calendar table). */
export function siteSessions(periodId: string, blueprintCode: string, siteId: string) {
  return prisma.$queryRaw<{ id: string; code: string; startsAt: Date; capacity: number; seated: number; status: 'SCHEDULED' | 'CANCELLED'; cancelReason: string | null }[]>`
    SELECT s.id, s.code, s."startsAt", s.capacity, (SELECT count(*)::int FROM "ExamAttempt" a WHERE a."sessionId" = s.id) AS seated,
           s.status::text AS status, s."cancelReason"
    FROM "ExamSession" s
    WHERE s."periodId" = ${periodId} AND s."blueprintCode" = ${blueprintCode} AND s."siteId" = ${siteId}
    ORDER BY s."startsAt" LIMIT 400`
}

/** The seated candidates of one session (the site page's move form). */
export function sessionCandidates(sessionId: string) {
  return prisma.$queryRaw<{ attemptId: string; participantNumber: string; registrationNumber: string | null; name: string; state: AttemptState; checkedIn: boolean }[]>`
    SELECT a.id AS "attemptId", a."participantNumber", ap."registrationNumber", COALESCE(i."fullName", '') AS name, a.state::text AS state,
           (a."checkedInAt" IS NOT NULL) AS "checkedIn"
    FROM "ExamAttempt" a JOIN "Application" ap ON ap.id = a."applicationId" LEFT JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
    WHERE a."sessionId" = ${sessionId}
    ORDER BY a."participantNumber" LIMIT 1000`
}

// ───────────────────────── the allocation run ─────────────────────────

const UNPLACED_LIST_CAP = 500

/** Reports a job's progress (0–100) and step; called between the steps of a run. */
export type OnProgress = (progress: number, step: string) => Promise<void>

/** The advisory lock that serialises everything that changes a (period, test)'s seats. */
function planLockKey(periodId: string, blueprintCode: string) {
  return `exam-plan:${periodId}:${blueprintCode}`
}

export type AllocationRunResult =
  | { ok: true; placed: number; unplaced: number; replaced: number; report: AllocationReport }
  | { ok: false; error: 'locked' }

/**
 * Places the period's MS candidates of this test into its sessions that have not started, by site
 * preference and capacity (domain rule: `allocate`). Re-runnable until the plan is locked: a run
 * first removes the previous run's seats that are still untouched (not checked in, session in the
 * future), so preferences changed since are honoured. All in one transaction with the run's report
 * and its audit row; concurrent runs of the same plan queue on an advisory lock.
 */
export async function runAllocation(periodId: string, blueprintCode: PlannableBlueprint, actor: AuditActor, opts: { onProgress?: OnProgress } = {}): Promise<AllocationRunResult> {
  const progress = opts.onProgress ?? (async () => {})
  return audited(
    actor,
    async (tx, audit) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${planLockKey(periodId, blueprintCode)}))`
      const plan = await tx.examPlan.findUnique({ where: { periodId_blueprintCode: { periodId, blueprintCode } } })
      if (plan?.lockedAt) return { ok: false as const, error: 'locked' as const }
      await progress(5, 'remove')
      // A seat moved by hand (with its documented reason) is kept: the run must not undo it.
      const removed = await tx.$queryRaw<{ id: string }[]>`
        DELETE FROM "ExamAttempt" a USING "ExamSession" s
        WHERE s.id = a."sessionId" AND s."periodId" = ${periodId} AND s."blueprintCode" = ${blueprintCode}
          AND a.state = 'NOT_STARTED' AND a."checkedInAt" IS NULL AND s."startsAt" > now()
          AND NOT EXISTS (SELECT 1 FROM "ExamSeatMove" m WHERE m."attemptId" = a.id)
        RETURNING a.id`
      await progress(15, 'load')
      const sessions = await tx.$queryRaw<{ id: string; siteId: string; code: string; startsAt: Date; capacity: number }[]>`
        SELECT id, "siteId", code, "startsAt", capacity FROM "ExamSession"
        WHERE "periodId" = ${periodId} AND "blueprintCode" = ${blueprintCode} AND status = 'SCHEDULED' AND "startsAt" > now()`
      const siteIds = [...new Set(sessions.map((s) => s.siteId))]
      const rooms = await tx.examRoom.findMany({ where: { siteId: { in: siteIds } } })
      const taken = await tx.examAttempt.findMany({ where: { sessionId: { in: sessions.map((s) => s.id) } }, select: { sessionId: true, roomId: true, seatNumber: true } })
      const candidates = await tx.$queryRaw<{ applicationId: string; registrationNumber: string; siteId: string | null; nik: string | null; name: string }[]>`
        SELECT ap.id AS "applicationId", ap."registrationNumber", p."siteId", i.nik, COALESCE(i."fullName", '') AS name
        FROM "Application" ap
        LEFT JOIN "ExamSitePreference" p ON p."applicationId" = ap.id
        LEFT JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
        WHERE ap."periodId" = ${periodId} AND ${candidateCondition(periodId, blueprintCode)}
          AND ap."registrationNumber" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId"
                          WHERE a."applicationId" = ap.id AND s."blueprintCode" = ${blueprintCode})`
      await progress(30, 'allocate')
      const result = allocate(
        candidates.map((c) => ({ applicationId: c.applicationId, registrationNumber: c.registrationNumber, siteId: c.siteId })),
        allocationSessions(sessions, rooms, taken),
      )
      const niks = candidates.map((c) => c.nik).filter((n): n is string => Boolean(n))
      const accommodations = await tx.examAccommodation.findMany({ where: { nik: { in: niks } }, select: { nik: true, extraMinutes: true } })
      const extraByNik = new Map(accommodations.map((a) => [a.nik, a.extraMinutes]))
      const byApplication = new Map(candidates.map((c) => [c.applicationId, c]))
      const sessionById = new Map(sessions.map((s) => [s.id, s]))
      for (let i = 0; i < result.seats.length; i += 10_000) {
        await progress(40 + Math.floor((50 * i) / result.seats.length), 'write')
        await tx.examAttempt.createMany({
          data: attemptRowsForSeats(result.seats.slice(i, i + 10_000), periodId, {
            sessionCode: (sessionId) => sessionById.get(sessionId)!.code,
            extraMinutes: (applicationId) => extraByNik.get(byApplication.get(applicationId)?.nik ?? '') ?? 0,
          }),
        })
      }
      await progress(92, 'report')
      const report = buildReport(result.outcomes, byApplication, await tx.testSite.findMany({ where: { id: { in: [...new Set([...siteIds, ...candidates.map((c) => c.siteId).filter((s): s is string => Boolean(s))])] } } }), sessions)
      const run = await tx.examAllocationRun.create({
        data: { periodId, blueprintCode, actorId: actor.actorId, placed: result.seats.length, unplaced: result.unplaced.length, replaced: removed.length, report },
      })
      await audit({
        action: 'exam.allocate',
        entityType: 'ExamAllocationRun',
        entityId: run.id,
        before: { removedAttempts: removed.length },
        after: { periodId, blueprintCode, placed: result.seats.length, unplaced: result.unplaced.length, sessions: sessions.length },
      })
      return { ok: true as const, placed: result.seats.length, unplaced: result.unplaced.length, replaced: removed.length, report }
    },
    { timeoutMs: 600_000 },
  )
}

function buildReport(
  outcomes: ReturnType<typeof allocate>['outcomes'],
  candidates: Map<string, { registrationNumber: string; name: string }>,
  sites: { id: string; code: string; name: string }[],
  sessions: { siteId: string; capacity: number }[],
): AllocationReport {
  const rows = new Map<string | null, SiteReport>()
  const row = (siteId: string | null) => {
    let r = rows.get(siteId)
    if (!r) {
      const site = sites.find((s) => s.id === siteId)
      r = { siteId, code: site?.code ?? null, name: site?.name ?? null, capacity: 0, preferred: 0, placed: 0, placedAsPreferred: 0, movedAway: 0, unplaced: [] }
      rows.set(siteId, r)
    }
    return r
  }
  for (const s of sessions) row(s.siteId).capacity += s.capacity
  let capped = false
  for (const o of outcomes) {
    const home = row(o.preferredSiteId)
    if (o.preferredSiteId) home.preferred++
    if (o.siteId) {
      row(o.siteId).placed++
      if (o.reason === 'preferred') home.placedAsPreferred++
      if (o.reason === 'preferredFull') home.movedAway++
    } else if (home.unplaced.length < UNPLACED_LIST_CAP) {
      const c = candidates.get(o.applicationId)
      home.unplaced.push({ registrationNumber: c?.registrationNumber ?? o.applicationId, name: c?.name ?? '', reason: o.reason })
    } else {
      capped = true
    }
  }
  // Sites by code; the "no preference" row last.
  const list = [...rows.values()].sort((a, b) => (a.code === null ? 1 : b.code === null ? -1 : a.code.localeCompare(b.code)))
  return { sites: list, unplacedListCapped: capped }
}

export type LockResult = { ok: true } | { ok: false; error: 'locked' | 'noRun' }

/** Ends re-allocation and site changes for this test; needed before attempts are prepared. */
export async function lockPlan(periodId: string, blueprintCode: PlannableBlueprint, actor: AuditActor): Promise<LockResult> {
  return audited(actor, async (tx, audit) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${planLockKey(periodId, blueprintCode)}))`
    const plan = await tx.examPlan.findUnique({ where: { periodId_blueprintCode: { periodId, blueprintCode } } })
    if (plan?.lockedAt) return { ok: false as const, error: 'locked' as const }
    if (!(await tx.examAllocationRun.findFirst({ where: { periodId, blueprintCode }, select: { id: true } }))) return { ok: false as const, error: 'noRun' as const }
    const lockedAt = new Date()
    await tx.examPlan.upsert({
      where: { periodId_blueprintCode: { periodId, blueprintCode } },
      update: { lockedAt, lockedById: actor.actorId },
      create: { periodId, blueprintCode, lockedAt, lockedById: actor.actorId },
    })
    await audit({ action: 'exam.plan.lock', entityType: 'ExamPlan', entityId: `${periodId}:${blueprintCode}`, before: { lockedAt: null }, after: { lockedAt } })
    return { ok: true as const }
  })
}

export type PrepareResult = { ok: true; drawn: number } | { ok: false; error: 'notLocked' | 'bank' }

/**
 * Draws the items of every allocated attempt that has none yet (ARCHITECTURE.md hot path 1: the
 * start is precomputed). Only after the lock, so a drawn attempt is never removed by a re-run.
 * Idempotent; one audited transaction per session (exam.server.ts `drawSessions`).
 */
export async function prepareAttempts(periodId: string, blueprintCode: PlannableBlueprint, actor: AuditActor, opts: { onProgress?: OnProgress } = {}): Promise<PrepareResult> {
  const plan = await planOf(periodId, blueprintCode)
  if (!plan?.lockedAt) return { ok: false, error: 'notLocked' }
  const sessions = await prisma.examSession.findMany({ where: { periodId, blueprintCode, status: 'SCHEDULED' }, select: { id: true }, orderBy: { startsAt: 'asc' } })
  const ids = sessions.map((s) => s.id)
  // About twenty progress steps; each session is still its own transaction (drawSessions), so a
  // failure leaves whole sessions drawn or not, and a rerun draws only what is missing.
  const chunk = Math.max(1, Math.ceil(ids.length / 20))
  let drawn = 0
  try {
    for (let i = 0; i < ids.length; i += chunk) {
      await opts.onProgress?.(Math.floor((95 * i) / ids.length), 'draw')
      drawn += await drawSessions(ids.slice(i, i + chunk), actor)
    }
    return { ok: true, drawn }
  } catch (error) {
    // drawPool refuses a bank that cannot cover the blueprint's difficulty mix (ADR 013).
    if (error instanceof DrawError) return { ok: false, error: 'bank' }
    throw error
  }
}

// ───────────────────────── the applicant: site choice and exam status ─────────────────────────

/** The applicant's latest application with what the exam pages show: MS, plan, choice, seat, accommodation. */
export async function applicantExam(userId: string) {
  const application = await prisma.application.findFirst({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, periodId: true, status: true, selectionKind: true, registrationNumber: true },
  })
  if (!application) return null
  const blueprintCode = blueprintForKind(application.selectionKind)
  const identity = await prisma.applicantIdentity.findUnique({ where: { userId }, select: { nik: true } })
  const [plan, preference, accommodation, seats, sites] = await Promise.all([
    planOf(application.periodId, blueprintCode),
    prisma.examSitePreference.findUnique({ where: { applicationId: application.id } }),
    identity ? prisma.examAccommodation.findUnique({ where: { nik: identity.nik } }) : null,
    prisma.$queryRaw<{ participantNumber: string; siteName: string; siteCity: string; timeZone: string; roomName: string; roomCode: string; seatNumber: number; startsAt: Date; sessionCode: string; durationMinutes: number; extraMinutes: number; state: AttemptState }[]>`
      SELECT a."participantNumber", t.name AS "siteName", t.city AS "siteCity", t."timeZone", r.name AS "roomName", r.code AS "roomCode",
             a."seatNumber", s."startsAt", s.code AS "sessionCode", s."durationMinutes", a."extraMinutes", a.state::text AS state
      FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId" JOIN "TestSite" t ON t.id = s."siteId" JOIN "ExamRoom" r ON r.id = a."roomId"
      WHERE a."applicationId" = ${application.id}
      ORDER BY s."startsAt" DESC LIMIT 1`,
    offeredSites(application.periodId, blueprintCode),
  ])
  return {
    application,
    blueprintCode,
    isMs: application.status === 'VERIFIED_MS',
    locked: Boolean(plan?.lockedAt),
    preference: preference ? (sites.find((s) => s.id === preference.siteId) ?? (await prisma.testSite.findUnique({ where: { id: preference.siteId }, select: { id: true, code: true, name: true, city: true, timeZone: true } }))) : null,
    sites,
    seat: seats[0] ?? null,
    accommodation: accommodation && accommodation.extraMinutes > 0 ? { extraMinutes: accommodation.extraMinutes, reason: accommodation.reason } : null,
  }
}

/** What the dashboard card shows (serialisable). */
export async function applicantExamStatus(userId: string) {
  const exam = await applicantExam(userId)
  if (!exam) return null
  return {
    test: exam.blueprintCode,
    isMs: exam.isMs,
    locked: exam.locked,
    preference: exam.preference ? { name: exam.preference.name, city: exam.preference.city } : null,
    seat: exam.seat ? { ...exam.seat, startsAt: exam.seat.startsAt.toISOString() } : null,
    accommodation: exam.accommodation,
  }
}

/** Sites with at least one planned session of the test in the period: what an applicant may choose. */
function offeredSites(periodId: string, blueprintCode: string) {
  return prisma.$queryRaw<{ id: string; code: string; name: string; city: string; timeZone: string }[]>`
    SELECT t.id, t.code, t.name, t.city, t."timeZone" FROM "TestSite" t
    WHERE EXISTS (SELECT 1 FROM "ExamSession" s WHERE s."siteId" = t.id AND s."periodId" = ${periodId}
                  AND s."blueprintCode" = ${blueprintCode} AND s.status = 'SCHEDULED')
    ORDER BY t.city, t.name`
}

export type ChooseSiteResult = { ok: true } | { ok: false; error: 'notMs' | 'locked' | 'site' }

/** The applicant's test-site choice (titik lokasi), after MS and until the plan is locked; audited. */
export async function chooseSite(userId: string, siteId: string, actor: AuditActor): Promise<ChooseSiteResult> {
  // Owner filter in the query: the signed-in user's own application only.
  const application = await prisma.application.findFirst({ where: { userId }, orderBy: { createdAt: 'desc' } })
  if (!application || application.status !== 'VERIFIED_MS') return { ok: false, error: 'notMs' }
  const blueprintCode = blueprintForKind(application.selectionKind)
  if ((await planOf(application.periodId, blueprintCode))?.lockedAt) return { ok: false, error: 'locked' }
  if (!(await offeredSites(application.periodId, blueprintCode)).some((s) => s.id === siteId)) return { ok: false, error: 'site' }
  await audited(actor, async (tx, audit) => {
    const before = await tx.examSitePreference.findUnique({ where: { applicationId: application.id } })
    await tx.examSitePreference.upsert({ where: { applicationId: application.id }, update: { siteId, createdAt: new Date() }, create: { applicationId: application.id, siteId } })
    await audit({ action: 'exam.sitePreference.choose', entityType: 'Application', entityId: application.id, before: before ? { siteId: before.siteId } : undefined, after: { siteId } })
  })
  return { ok: true }
}

// ───────────────────────── accommodations ─────────────────────────

/** Whose candidates a staff member may see: all (national) or those who applied to their agencies. */
export type StaffScope = { kind: 'any' } | { kind: 'agency'; agencyIds: string[] }

export type AccommodationCandidate = {
  applicationId: string
  registrationNumber: string | null
  fullName: string
  nik: string
  agencyName: string
  periodName: string
  extraMinutes: number | null
  reason: string | null
  evidence: string | null
  updatedAt: Date | null
}

/** The accommodation scope of a signed-in staff member, or null when they may not keep accommodations. */
export function accommodationScope(grants: readonly RoleGrant[]): StaffScope | null {
  if (hasPermission(grants, 'manage:exam:any')) return { kind: 'any' }
  const agencyIds = agenciesWith(grants, 'manage:accommodation:agency')
  return agencyIds.length ? { kind: 'agency', agencyIds } : null
}

function scopeAgencies(scope: StaffScope): string[] | null {
  return scope.kind === 'any' ? null : scope.agencyIds
}

/**
 * Candidates (with a registration number) matching the search, only within the staff member's
 * scope — the agency filter is IN the query, so another agency's applicant is never returned.
 */
export async function findAccommodationCandidates(scope: StaffScope, opts: { search?: string; applicationId?: string; onlyWithAccommodation?: boolean }): Promise<AccommodationCandidate[]> {
  const agencies = scopeAgencies(scope)
  const search = opts.search?.trim() ?? ''
  return prisma.$queryRaw<AccommodationCandidate[]>`
    SELECT ap.id AS "applicationId", ap."registrationNumber", i."fullName", i.nik, ag.name AS "agencyName", pe.name AS "periodName",
           acc."extraMinutes", acc.reason, acc.evidence, COALESCE(acc."updatedAt", acc."createdAt") AS "updatedAt"
    FROM "Application" ap
    JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
    JOIN "Vacancy" v ON v.id = ap."vacancyId"
    JOIN "Position" po ON po.id = v."positionId"
    JOIN "Agency" ag ON ag.id = po."agencyId"
    JOIN "SelectionPeriod" pe ON pe.id = ap."periodId"
    LEFT JOIN "ExamAccommodation" acc ON acc.nik = i.nik
    WHERE ap."registrationNumber" IS NOT NULL
      AND (${agencies}::text[] IS NULL OR po."agencyId" = ANY(${agencies ?? []}::text[]))
      AND (${opts.applicationId ?? null}::text IS NULL OR ap.id = ${opts.applicationId ?? ''})
      AND (${search} = '' OR ap."registrationNumber" = ${search} OR i.nik = ${search} OR i."fullName" ILIKE ${`%${search}%`})
      AND (${opts.onlyWithAccommodation ?? false} = false OR acc.id IS NOT NULL)
    ORDER BY COALESCE(acc."updatedAt", acc."createdAt") DESC NULLS LAST, ap."registrationNumber"
    LIMIT 50`
}

export type AccommodationInput = { extraMinutes: number; reason: string; evidence: string }
export type AccommodationResult = { ok: true; attemptsUpdated: number } | { ok: false; error: 'notFound' }

/**
 * Records the candidate's accommodation (by NIK, so it applies to every exam they sit, ADR 014) and
 * carries it into their attempts that have not started yet — the deadline is computed from the
 * attempt's extra minutes at the start. One transaction with the audit row (before and after).
 */
export async function saveAccommodation(scope: StaffScope, applicationId: string, input: AccommodationInput, actor: AuditActor): Promise<AccommodationResult> {
  const [candidate] = await findAccommodationCandidates(scope, { applicationId })
  if (!candidate) return { ok: false, error: 'notFound' }
  const attemptsUpdated = await audited(actor, async (tx, audit) => {
    const before = await tx.examAccommodation.findUnique({ where: { nik: candidate.nik } })
    const data = { extraMinutes: input.extraMinutes, reason: input.reason, evidence: input.evidence, createdById: actor.actorId, updatedAt: new Date() }
    const saved = await tx.examAccommodation.upsert({ where: { nik: candidate.nik }, update: data, create: { nik: candidate.nik, ...data } })
    const updated = await tx.$executeRaw`
      UPDATE "ExamAttempt" a SET "extraMinutes" = ${input.extraMinutes}
      FROM "Application" ap JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
      WHERE a."applicationId" = ap.id AND i.nik = ${candidate.nik} AND a.state = 'NOT_STARTED'`
    await audit({
      action: 'exam.accommodation.save',
      entityType: 'ExamAccommodation',
      entityId: saved.id,
      before: before ? { extraMinutes: before.extraMinutes, reason: before.reason, evidence: before.evidence } : undefined,
      after: { applicationId, extraMinutes: input.extraMinutes, reason: input.reason, evidence: input.evidence, attemptsUpdated: updated },
    })
    return updated
  })
  return { ok: true, attemptsUpdated }
}

// ───────────────────────── disqualification (DIS) ─────────────────────────

export type DisqualifyResult = { ok: true } | { ok: false; error: 'notFound' | 'state' | 'reason' }

/**
 * The proctor disqualifies a candidate in their room (domain.md §3: violators are disqualified,
 * code DIS) with a mandatory reason. The attempt leaves the exam for good (saves are refused, the
 * sweeper and scoring skip it) and the TestResult says DISQUALIFIED, which the ranking shows as DIS.
 * One transaction: attempt, disqualification row, result and audit row.
 */
export async function disqualifyAttempt(roomId: string, attemptId: string, reason: string, actor: AuditActor): Promise<DisqualifyResult> {
  const text = reason.trim()
  if (text.length < DIS_REASON_MIN) return { ok: false, error: 'reason' }
  return audited(actor, async (tx, audit) => {
    // The room in the query: a proctor cannot reach another room's candidate.
    const rows = await tx.$queryRaw<{ state: AttemptState; checkedInAt: Date | null; applicationId: string; periodId: string; blueprintCode: string; startedAt: Date | null }[]>`
      SELECT a.state::text AS state, a."checkedInAt", a."applicationId", a."periodId", s."blueprintCode", a."startedAt"
      FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId"
      WHERE a.id = ${attemptId} AND a."roomId" = ${roomId} FOR UPDATE OF a`
    const row = rows[0]
    if (!row) return { ok: false as const, error: 'notFound' as const }
    // Someone who never checked in is absent (TH), not disqualified.
    if (!canTransition('disqualify', row.state) || (row.state === 'NOT_STARTED' && !row.checkedInAt)) return { ok: false as const, error: 'state' as const }
    await tx.$executeRaw`
      UPDATE "ExamAttempt" SET state = 'DISQUALIFIED', "finishedAt" = COALESCE("finishedAt", now()), passed = false WHERE id = ${attemptId}`
    await tx.examDisqualification.create({ data: { attemptId, reason: text, fromState: row.state, actorId: actor.actorId } })
    const kind = getBlueprint(row.blueprintCode).testKind
    await tx.$executeRaw`
      INSERT INTO "TestResult" (id, "applicationId", "periodId", kind, attendance, passed, "attemptId", "takenAt", version, "updatedAt")
      VALUES (gen_random_uuid()::text, ${row.applicationId}, ${row.periodId}, ${kind}::"TestKind", 'DISQUALIFIED', false, ${attemptId}, ${row.startedAt}, 1, now())
      ON CONFLICT ("applicationId", kind) DO UPDATE SET attendance = 'DISQUALIFIED', passed = false, "attemptId" = EXCLUDED."attemptId",
        version = "TestResult".version + 1, "updatedAt" = now()`
    await audit({
      action: 'exam.attempt.disqualify',
      entityType: 'ExamAttempt',
      entityId: attemptId,
      before: { state: row.state },
      after: { state: 'DISQUALIFIED', attendance: 'DIS', reason: text },
    })
    return { ok: true as const }
  })
}

/** The reasons of disqualified attempts in a room's session (the proctor's table). */
export async function disqualificationsOf(attemptIds: string[]) {
  const rows = await prisma.examDisqualification.findMany({ where: { attemptId: { in: attemptIds } } })
  return new Map(rows.map((r) => [r.attemptId, r.reason]))
}

/** The DIS reason of one attempt (the candidate's result page). */
export async function disqualificationReason(attemptId: string) {
  return (await prisma.examDisqualification.findUnique({ where: { attemptId } }))?.reason ?? null
}

// ───────────────────────── allocation and preparation as queued jobs ─────────────────────────

export const EXAM_PLAN_JOB = 'exam.plan'
/**
 * A running job's sign of life: `heartbeatAt` is bumped on this interval for as long as its process
 * runs it (EXAM_PLAN_HEARTBEAT_MS), whether or not a progress step came — the allocation is one
 * long transaction, and its steps can be minutes apart in a national run.
 */
const planJobHeartbeatMs = () => Number(process.env.EXAM_PLAN_HEARTBEAT_MS ?? 30_000)
/**
 * A RUNNING job without a heartbeat for this long (four missed beats) is taken as lost (its process
 * died; the in-process queue keeps nothing across restarts, ADR 008) and no longer blocks a new
 * run. Before the heartbeat it was 15 minutes (ADR 020 addendum).
 */
export const PLAN_JOB_STALE_MS = 2 * 60_000
/** A QUEUED job has no process beating for it yet: it may wait behind other jobs, so it is given longer. */
export const PLAN_JOB_QUEUED_STALE_MS = 15 * 60_000

export type PlanJobKind = 'ALLOCATE' | 'PREPARE'
export type StartPlanJobResult = { ok: true; jobId: string } | { ok: false; error: 'busy' | 'locked' | 'notLocked' }

/**
 * Queues an allocation run or the preparation of attempts for a (period, test). One at a time per
 * (period, test): a second is refused with `busy` while the first is queued or running (checked
 * under an advisory lock, and backed by a partial unique index). Audited; enqueued after commit.
 */
export async function startPlanJob(periodId: string, blueprintCode: PlannableBlueprint, kind: PlanJobKind, actor: AuditActor): Promise<StartPlanJobResult> {
  const result = await audited(actor, async (tx, audit) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`exam-plan-job:${periodId}:${blueprintCode}`}))`
    const active = await tx.examPlanJob.findFirst({ where: { periodId, blueprintCode, status: { in: ['QUEUED', 'RUNNING'] } } })
    if (active) {
      const lastSign = active.heartbeatAt ?? active.createdAt
      const staleAfter = active.status === 'RUNNING' ? PLAN_JOB_STALE_MS : PLAN_JOB_QUEUED_STALE_MS
      if (Date.now() - lastSign.getTime() < staleAfter) return { ok: false as const, error: 'busy' as const }
      await tx.examPlanJob.update({ where: { id: active.id }, data: { status: 'FAILED', error: 'stalled', finishedAt: new Date() } })
      await audit({ action: 'exam.plan.job.failed', entityType: 'ExamPlanJob', entityId: active.id, before: { status: active.status }, after: { status: 'FAILED', error: 'stalled' } })
    }
    const plan = await tx.examPlan.findUnique({ where: { periodId_blueprintCode: { periodId, blueprintCode } } })
    if (kind === 'ALLOCATE' && plan?.lockedAt) return { ok: false as const, error: 'locked' as const }
    if (kind === 'PREPARE' && !plan?.lockedAt) return { ok: false as const, error: 'notLocked' as const }
    const job = await tx.examPlanJob.create({ data: { periodId, blueprintCode, kind, createdById: actor.actorId } })
    await audit({ action: 'exam.plan.job.queued', entityType: 'ExamPlanJob', entityId: job.id, after: { periodId, blueprintCode, kind } })
    return { ok: true as const, jobId: job.id }
  })
  // After the commit (queue.server.ts: never enqueue inside a transaction).
  if (result.ok) await planJob.enqueue({ jobId: result.jobId }, { jobId: `${EXAM_PLAN_JOB}:${result.jobId}` })
  return result
}

/**
 * The `exam.plan` job: runs the queued allocation (ONE transaction: all seats, the report and its
 * audit row, or nothing) or preparation (one transaction per session), reporting progress between
 * steps, and records the outcome — DONE with the result, or FAILED with the refusal code or the
 * error message — with audit rows for start and finish. Rerunnable: a job already finished is left
 * alone; a RUNNING one picked up again (bull re-runs a stalled job after a crash) starts over.
 */
export async function executePlanJob(jobId: string): Promise<'DONE' | 'FAILED' | null> {
  const job = await prisma.examPlanJob.findUnique({ where: { id: jobId } })
  if (!job || job.status === 'DONE' || job.status === 'FAILED') return null
  const blueprintCode = job.blueprintCode as PlannableBlueprint
  await audited(SYSTEM_ACTOR, async (tx, audit) => {
    await tx.examPlanJob.update({ where: { id: jobId }, data: { status: 'RUNNING', startedAt: new Date(), heartbeatAt: new Date(), progress: 0, progressStep: 'start', error: null } })
    await audit({ action: 'exam.plan.job.start', entityType: 'ExamPlanJob', entityId: jobId, after: { kind: job.kind, periodId: job.periodId, blueprintCode } })
  })
  // Progress goes through the pool, outside the run's transaction, so the page sees it at once.
  const onProgress: OnProgress = async (progress, step) => {
    await prisma.examPlanJob.update({ where: { id: jobId }, data: { progress: Math.min(99, Math.max(0, progress)), progressStep: step, heartbeatAt: new Date() } })
  }
  // Also through the pool; a failed beat is only logged (the next one, or the finish, follows).
  const heartbeat = setInterval(() => {
    prisma.examPlanJob
      .updateMany({ where: { id: jobId, status: 'RUNNING' }, data: { heartbeatAt: new Date() } })
      .catch((error: unknown) => console.error(`Exam plan job ${jobId}: heartbeat failed:`, error))
  }, planJobHeartbeatMs())
  heartbeat.unref()
  let outcome: { status: 'DONE'; result: Record<string, number> } | { status: 'FAILED'; error: string }
  try {
    if (job.kind === 'ALLOCATE') {
      const run = await runAllocation(job.periodId, blueprintCode, SYSTEM_ACTOR, { onProgress })
      outcome = run.ok ? { status: 'DONE', result: { placed: run.placed, unplaced: run.unplaced, replaced: run.replaced } } : { status: 'FAILED', error: run.error }
    } else {
      const prepared = await prepareAttempts(job.periodId, blueprintCode, SYSTEM_ACTOR, { onProgress })
      outcome = prepared.ok ? { status: 'DONE', result: { drawn: prepared.drawn } } : { status: 'FAILED', error: prepared.error }
    }
  } catch (error) {
    // Not rethrown: the failure is recorded here with its reason and the admin starts a new run;
    // a retry by the queue would only repeat it.
    outcome = { status: 'FAILED', error: (error instanceof Error ? error.message : String(error)).slice(0, 2000) }
  } finally {
    clearInterval(heartbeat)
  }
  await audited(SYSTEM_ACTOR, async (tx, audit) => {
    await tx.examPlanJob.update({
      where: { id: jobId },
      data: {
        status: outcome.status,
        progress: outcome.status === 'DONE' ? 100 : undefined,
        progressStep: outcome.status === 'DONE' ? 'done' : 'failed',
        result: outcome.status === 'DONE' ? outcome.result : undefined,
        error: outcome.status === 'FAILED' ? outcome.error : null,
        finishedAt: new Date(),
        heartbeatAt: new Date(),
      },
    })
    await audit({
      action: outcome.status === 'DONE' ? 'exam.plan.job.finish' : 'exam.plan.job.failed',
      entityType: 'ExamPlanJob',
      entityId: jobId,
      after: outcome.status === 'DONE' ? { kind: job.kind, ...outcome.result } : { kind: job.kind, error: outcome.error.slice(0, 500) },
    })
  })
  return outcome.status
}

export const planJob = defineJob<{ jobId: string }>(EXAM_PLAN_JOB, async ({ jobId }) => {
  await executePlanJob(jobId)
}, { attempts: 1 })

/** The (period, test)'s latest jobs, newest first (the progress table of the planning page). */
export function planJobs(periodId: string, blueprintCode: string) {
  return prisma.examPlanJob.findMany({ where: { periodId, blueprintCode }, orderBy: { createdAt: 'desc' }, take: 5 })
}

// ───────────────────────── session changes (ADR 020 addendum) ─────────────────────────

export type SessionChangeResult<T = object> = ({ ok: true } & T) | { ok: false; error: SessionChangeIssue | 'notFound' | 'busy' | 'zone' }

/**
 * Takes the (period, test)'s plan lock without waiting: a change while an allocation runs would
 * race it, so it is refused with `busy` instead of holding the request for minutes.
 */
async function tryPlanLock(tx: Prisma.TransactionClient, periodId: string, blueprintCode: string) {
  const [row] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${planLockKey(periodId, blueprintCode)})) AS ok`
  return Boolean(row?.ok)
}

type Notice = { email: string; name: string | null; status: string; statusEn: string; note: string | null }

/** The e-mails of a change, queued after its commit; the seat and time stay on the portal. */
async function sendScheduleNotices(periodName: string, testLabel: string, notices: Notice[]) {
  for (const n of notices) {
    await sendMail({
      to: n.email,
      ...statusChangeEmail({ name: n.name, item: `jadwal ujian ${testLabel} – ${periodName}`, itemEn: `${testLabel} exam schedule – ${periodName}`, status: n.status, statusEn: n.statusEn, note: n.note, link: '/dasbor' }),
      template: 'exam-schedule-change',
    })
  }
}

async function recipientsOf(tx: Prisma.TransactionClient, applicationIds: string[]) {
  if (!applicationIds.length) return []
  return tx.$queryRaw<{ applicationId: string; email: string; name: string | null }[]>`
    SELECT ap.id AS "applicationId", u.email, COALESCE(i."fullName", u.name) AS name
    FROM "Application" ap JOIN "User" u ON u.id = ap."userId" LEFT JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
    WHERE ap.id = ANY(${applicationIds}::text[])`
}

async function sessionForChange(tx: Prisma.TransactionClient, sessionId: string) {
  const [session] = await tx.$queryRaw<{ id: string; periodId: string; siteId: string; code: string; startsAt: Date; durationMinutes: number; blueprintCode: string; status: 'SCHEDULED' | 'CANCELLED'; capacity: number }[]>`
    SELECT id, "periodId", "siteId", code, "startsAt", "durationMinutes", "blueprintCode", status::text AS status, capacity FROM "ExamSession" WHERE id = ${sessionId} FOR UPDATE`
  return session ?? null
}

/**
 * A session's new start time on the same day (`retimeSession`): audited with the old and new
 * time; its seated candidates are told by e-mail (queued after the commit).
 */
export async function retimeExamSession(sessionId: string, newTime: string, actor: AuditActor, now = new Date()): Promise<SessionChangeResult<{ startsAt: Date; notified: number }>> {
  const result = await audited(actor, async (tx, audit) => {
    const session = await sessionForChange(tx, sessionId)
    if (!session) return { ok: false as const, error: 'notFound' as const }
    if (!(await tryPlanLock(tx, session.periodId, session.blueprintCode))) return { ok: false as const, error: 'busy' as const }
    // Sequential: a transaction's one pg connection cannot run two queries at once.
    const site = await tx.testSite.findUniqueOrThrow({ where: { id: session.siteId } })
    const plan = await tx.examPlan.findUnique({ where: { periodId_blueprintCode: { periodId: session.periodId, blueprintCode: session.blueprintCode } } })
    const others = await tx.examSession.findMany({ where: { siteId: session.siteId, status: 'SCHEDULED', id: { not: session.id } }, select: { startsAt: true, durationMinutes: true } })
    const rule = retimeSession({ session, newTime, timeZone: site.timeZone, locked: Boolean(plan?.lockedAt), now, others })
    if (!rule.ok) return { ok: false as const, error: rule.issue }
    await tx.examSession.update({ where: { id: session.id }, data: { startsAt: rule.startsAt } })
    const seated = await tx.examAttempt.findMany({ where: { sessionId: session.id }, select: { applicationId: true } })
    await audit({ action: 'exam.session.retime', entityType: 'ExamSession', entityId: session.id, before: { startsAt: session.startsAt }, after: { startsAt: rule.startsAt, seated: seated.length } })
    return { ok: true as const, startsAt: rule.startsAt, session, site, recipients: await recipientsOf(tx, seated.map((s) => s.applicationId)) }
  })
  if (!result.ok) return result
  const when = (locale: 'id' | 'en') => formatDateTime(result.startsAt, { locale, timeZone: result.site.timeZone })
  await sendScheduleNotices(await periodName(result.session.periodId), TEST_LABEL[result.session.blueprintCode as PlannableBlueprint] ?? result.session.blueprintCode,
    result.recipients.map((r) => ({ email: r.email, name: r.name, status: `waktu sesi ${result.session.code} diubah menjadi ${when('id')}`, statusEn: `session ${result.session.code} moved to ${when('en')}`, note: null })))
  return { ok: true, startsAt: result.startsAt, notified: result.recipients.length }
}

async function periodName(periodId: string) {
  return (await prisma.selectionPeriod.findUnique({ where: { id: periodId }, select: { name: true } }))?.name ?? periodId
}

/**
 * Cancels a session with a reason (`cancelCheck`). While the plan is open its seats are removed in
 * the same transaction, so the next allocation run places those candidates again; they are told by
 * e-mail. After the lock a session can only be cancelled once its candidates were moved.
 */
export async function cancelExamSession(sessionId: string, reason: string, actor: AuditActor, now = new Date()): Promise<SessionChangeResult<{ removed: number }>> {
  const text = reason.trim()
  const result = await audited(actor, async (tx, audit) => {
    const session = await sessionForChange(tx, sessionId)
    if (!session) return { ok: false as const, error: 'notFound' as const }
    if (!(await tryPlanLock(tx, session.periodId, session.blueprintCode))) return { ok: false as const, error: 'busy' as const }
    const plan = await tx.examPlan.findUnique({ where: { periodId_blueprintCode: { periodId: session.periodId, blueprintCode: session.blueprintCode } } })
    const seated = await tx.examAttempt.count({ where: { sessionId } })
    const issue = cancelCheck({ status: session.status, startsAt: session.startsAt, now, locked: Boolean(plan?.lockedAt), seated, reason: text })
    if (issue) return { ok: false as const, error: issue }
    // Before check-in nobody in it has a PIN or has started: every seat is untouched.
    const removed = await tx.$queryRaw<{ applicationId: string; participantNumber: string }[]>`
      DELETE FROM "ExamAttempt" WHERE "sessionId" = ${sessionId} AND state = 'NOT_STARTED' AND "checkedInAt" IS NULL
      RETURNING "applicationId", "participantNumber"`
    await tx.examSession.update({ where: { id: sessionId }, data: { status: 'CANCELLED', cancelReason: text, cancelledAt: now, cancelledById: actor.actorId } })
    await audit({
      action: 'exam.session.cancel',
      entityType: 'ExamSession',
      entityId: sessionId,
      before: { status: 'SCHEDULED', seated },
      after: { status: 'CANCELLED', reason: text, removedSeats: removed.map((r) => r.participantNumber) },
    })
    return { ok: true as const, session, removed: removed.length, recipients: await recipientsOf(tx, removed.map((r) => r.applicationId)) }
  })
  if (!result.ok) return result
  await sendScheduleNotices(await periodName(result.session.periodId), TEST_LABEL[result.session.blueprintCode as PlannableBlueprint] ?? result.session.blueprintCode,
    result.recipients.map((r) => ({
      email: r.email,
      name: r.name,
      status: `sesi ${result.session.code} dibatalkan`,
      statusEn: `session ${result.session.code} cancelled`,
      note: `Alasan: ${text}. Tempat duduk baru akan ditetapkan pada alokasi berikutnya dan tampil di dasbor bersama kartu peserta ujian yang baru.`,
    })))
  return { ok: true, removed: result.removed }
}

/**
 * Moves one candidate to another session of the same test with a documented reason (`moveCheck`),
 * before or after the lock: first free seat there (the same `allocate` rule), a new participant
 * number (it names the session and seat), an `ExamSeatMove` row that allocation re-runs respect,
 * and the audit row, in one transaction. A candidate whose items were already drawn gets a new
 * draw in the target session right after (idempotent `drawSessions`; the prepare job would do the
 * same). The candidate is told by e-mail.
 */
export async function moveCandidate(attemptId: string, targetSessionId: string, reason: string, actor: AuditActor, now = new Date()): Promise<SessionChangeResult<{ participantNumber: string }>> {
  const text = reason.trim()
  const result = await audited(actor, async (tx, audit) => {
    const [attempt] = await tx.$queryRaw<{ id: string; state: string; checkedInAt: Date | null; sessionId: string; periodId: string; applicationId: string; participantNumber: string; blueprintCode: string; drawn: boolean }[]>`
      SELECT a.id, a.state::text AS state, a."checkedInAt", a."sessionId", a."periodId", a."applicationId", a."participantNumber", s."blueprintCode",
             EXISTS (SELECT 1 FROM "ExamAttemptItem" it WHERE it."attemptId" = a.id) AS drawn
      FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId" WHERE a.id = ${attemptId} FOR UPDATE OF a`
    if (!attempt) return { ok: false as const, error: 'notFound' as const }
    if (!(await tryPlanLock(tx, attempt.periodId, attempt.blueprintCode))) return { ok: false as const, error: 'busy' as const }
    const target = await sessionForChange(tx, targetSessionId)
    if (!target) return { ok: false as const, error: 'notFound' as const }
    const rooms = await tx.examRoom.findMany({ where: { siteId: target.siteId } })
    const taken = await tx.examAttempt.findMany({ where: { sessionId: target.id }, select: { sessionId: true, roomId: true, seatNumber: true } })
    const placed = allocate([{ applicationId: attempt.applicationId, registrationNumber: '', siteId: target.siteId }], allocationSessions([target], rooms, taken))
    const seat = placed.seats[0]
    const issue = moveCheck({
      attempt: { state: attempt.state, checkedIn: Boolean(attempt.checkedInAt), sessionId: attempt.sessionId, periodId: attempt.periodId, blueprintCode: attempt.blueprintCode },
      target: { ...target, free: seat ? 1 : 0 },
      now,
      reason: text,
    })
    if (issue || !seat) return { ok: false as const, error: issue ?? ('full' as const) }
    const number = participantNumber(target.code, seat.roomCode, seat.seat)
    // Items were drawn against the old room's neighbours: drawn again for the new seat.
    await tx.examAttemptItem.deleteMany({ where: { attemptId } })
    await tx.examAttempt.update({ where: { id: attemptId }, data: { sessionId: target.id, roomId: seat.roomId, seatNumber: seat.seat, participantNumber: number } })
    await tx.examSeatMove.create({ data: { attemptId, fromSessionId: attempt.sessionId, toSessionId: target.id, fromParticipantNumber: attempt.participantNumber, toParticipantNumber: number, reason: text, actorId: actor.actorId } })
    await audit({
      action: 'exam.attempt.move',
      entityType: 'ExamAttempt',
      entityId: attemptId,
      before: { sessionId: attempt.sessionId, participantNumber: attempt.participantNumber },
      after: { sessionId: target.id, participantNumber: number, roomId: seat.roomId, seat: seat.seat, reason: text },
    })
    const site = await tx.testSite.findUniqueOrThrow({ where: { id: target.siteId } })
    return { ok: true as const, number, target, site, drawn: attempt.drawn, recipients: await recipientsOf(tx, [attempt.applicationId]) }
  })
  if (!result.ok) return result
  if (result.drawn) await drawSessions([result.target.id], actor)
  const when = (locale: 'id' | 'en') => formatDateTime(result.target.startsAt, { locale, timeZone: result.site.timeZone })
  await sendScheduleNotices(await periodName(result.target.periodId), TEST_LABEL[result.target.blueprintCode as PlannableBlueprint] ?? result.target.blueprintCode,
    result.recipients.map((r) => ({
      email: r.email,
      name: r.name,
      status: `dipindahkan ke sesi ${result.target.code} (${when('id')}, ${result.site.name}), nomor peserta ${result.number}`,
      statusEn: `moved to session ${result.target.code} (${when('en')}, ${result.site.name}), participant number ${result.number}`,
      note: `Alasan: ${text}. Cetak ulang kartu peserta ujian dari dasbor.`,
    })))
  return { ok: true, participantNumber: result.number }
}

/** The sessions a candidate of this session may be moved to: same period and test, not yet closed for PINs. */
export function moveTargets(periodId: string, blueprintCode: string, exceptSessionId: string) {
  return prisma.$queryRaw<{ id: string; code: string; startsAt: Date; siteName: string; timeZone: string; free: number }[]>`
    SELECT s.id, s.code, s."startsAt", t.name AS "siteName", t."timeZone",
           (s.capacity - (SELECT count(*)::int FROM "ExamAttempt" a WHERE a."sessionId" = s.id))::int AS free
    FROM "ExamSession" s JOIN "TestSite" t ON t.id = s."siteId"
    WHERE s."periodId" = ${periodId} AND s."blueprintCode" = ${blueprintCode} AND s.status = 'SCHEDULED' AND s.id <> ${exceptSessionId}
      AND s."startsAt" > now() + interval '5 minutes'
    ORDER BY s."startsAt" LIMIT 200`
}

// ───────────────────────── proctor: PIN re-issue and sign-in lockout ─────────────────────────

/** The exam sign-in's failure counter of a participant number (examSignIn, rate-limit.server.ts). */
const signInKey = signInLimitKey

export type ReissueResult = { ok: true; pin: string; participantNumber: string; name: string } | { ok: false; error: 'notFound' | 'notCheckedIn' | 'state' }

/**
 * The proctor issues a new PIN to a checked-in candidate of their room (forgotten PIN, a PC
 * swapped mid-exam): the old PIN stops working at once (only the new hash is stored), the sign-in
 * failures of that number are cleared (otherwise the lockout would refuse the new PIN too), and the
 * new PIN is returned once to be shown to the proctor. One transaction with the audit row.
 */
export async function reissuePin(roomId: string, attemptId: string, actor: AuditActor): Promise<ReissueResult> {
  const pin = newPin()
  const pinHash = await hashPin(pin)
  return audited(actor, async (tx, audit) => {
    // The room in the query: a proctor cannot reach another room's candidate.
    const [row] = await tx.$queryRaw<{ state: AttemptState; checkedInAt: Date | null; participantNumber: string; name: string }[]>`
      SELECT a.state::text AS state, a."checkedInAt", a."participantNumber", COALESCE(i."fullName", '') AS name
      FROM "ExamAttempt" a LEFT JOIN "Application" ap ON ap.id = a."applicationId" LEFT JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
      WHERE a.id = ${attemptId} AND a."roomId" = ${roomId} FOR UPDATE OF a`
    if (!row) return { ok: false as const, error: 'notFound' as const }
    if (!row.checkedInAt) return { ok: false as const, error: 'notCheckedIn' as const }
    if (!['NOT_STARTED', 'IN_PROGRESS', 'PAUSED'].includes(row.state)) return { ok: false as const, error: 'state' as const }
    await tx.examAttempt.update({ where: { id: attemptId }, data: { pinHash } })
    const cleared = await tx.$executeRaw`DELETE FROM "RateLimitBucket" WHERE key = ${signInKey(row.participantNumber)}`
    await audit({ action: 'exam.attempt.pinReissue', entityType: 'ExamAttempt', entityId: attemptId, after: { participantNumber: row.participantNumber, roomId, state: row.state, lockoutCleared: cleared > 0 } })
    return { ok: true as const, pin, participantNumber: row.participantNumber, name: row.name }
  })
}

export type ReleaseResult = { ok: true; failures: number; participantNumber: string } | { ok: false; error: 'notFound' }

/** Clears the exam sign-in failures of a candidate in the proctor's room (after checking who they are); audited. */
export async function releaseSignInLockout(roomId: string, attemptId: string, actor: AuditActor): Promise<ReleaseResult> {
  return audited(actor, async (tx, audit) => {
    const attempt = await tx.examAttempt.findFirst({ where: { id: attemptId, roomId }, select: { participantNumber: true } })
    if (!attempt) return { ok: false as const, error: 'notFound' as const }
    const rows = await tx.$queryRaw<{ count: number }[]>`DELETE FROM "RateLimitBucket" WHERE key = ${signInKey(attempt.participantNumber)} RETURNING count`
    const failures = rows[0]?.count ?? 0
    await audit({ action: 'exam.attempt.signInRelease', entityType: 'ExamAttempt', entityId: attemptId, after: { participantNumber: attempt.participantNumber, roomId, failures } })
    return { ok: true as const, failures, participantNumber: attempt.participantNumber }
  })
}

/** Which of these participant numbers are locked out of the exam sign-in right now. */
export async function signInLockouts(participantNumbers: string[]): Promise<Set<string>> {
  if (!participantNumbers.length) return new Set()
  const rows = await prisma.$queryRaw<{ key: string }[]>`
    SELECT key FROM "RateLimitBucket"
    WHERE key = ANY(${participantNumbers.map(signInKey)}::text[]) AND count > ${EXAM_SIGN_IN_LIMIT.perNumber}
      AND "windowStart" > now() - make_interval(secs => ${EXAM_SIGN_IN_LIMIT.windowSeconds}::int)`
  return new Set(rows.map((r) => r.key.slice('exam-pin:'.length)))
}

/** The session an attempt is seated in (a route's check that it belongs to the page's site). */
export async function sessionOfAttempt(attemptId: string) {
  return (await prisma.examAttempt.findUnique({ where: { id: attemptId }, select: { sessionId: true } }))?.sessionId ?? null
}
