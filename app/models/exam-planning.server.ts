import { prisma } from '~/utils/db.server'
import { audited, type AuditActor } from '~/models/audit.server'
import { attemptRowsForSeats, drawSessions } from '~/models/exam.server'
import { getBlueprint } from '~/domain/exam/blueprints'
import { DrawError } from '~/domain/exam/draw'
import { allocate, allocationSessions, blueprintForKind, PLANNABLE_BLUEPRINTS, type AllocationReason, type PlannableBlueprint } from '~/domain/exam/allocation'
import { canTransition, DIS_REASON_MIN, type AttemptState } from '~/domain/exam/attempt-state'
import { agenciesWith, hasPermission, type RoleGrant } from '~/domain/identity/roles'
import { planCalendar, type CalendarIssue } from '~/domain/exam/sessions'

/**
 * The exam context's planning side (issue 6, ADR 020): test sites with rooms and seats, the
 * session calendar, the applicant's test-site choice, the allocation run with its per-site report
 * (re-runnable until the plan is locked), preparing attempts (the draw) before the session, the
 * accommodation registry, and the proctor's disqualification (DIS). Every state change is one
 * transaction with its audit row. The exam hot path (start/save/sweep/score) lives elsewhere.
 */

const TEST_LABEL: Record<PlannableBlueprint, string> = { SKD_2024: 'SKD', PPPK_2024: 'PPPK' }

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
  const kind = PLANNABLE_BLUEPRINTS[blueprintCode]
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
      WHERE ap."periodId" = ${periodId} AND ap.status = 'VERIFIED_MS' AND ap."selectionKind"::text = ${kind}
      GROUP BY p."siteId"`,
    prisma.application.count({ where: { periodId, status: 'VERIFIED_MS', selectionKind: kind, registrationNumber: { not: null } } }),
    prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Application" ap
      WHERE ap."periodId" = ${periodId} AND ap.status = 'VERIFIED_MS' AND ap."selectionKind"::text = ${kind} AND ap."registrationNumber" IS NOT NULL
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
  return prisma.$queryRaw<{ id: string; code: string; startsAt: Date; capacity: number; seated: number }[]>`
    SELECT s.id, s.code, s."startsAt", s.capacity, (SELECT count(*)::int FROM "ExamAttempt" a WHERE a."sessionId" = s.id) AS seated
    FROM "ExamSession" s
    WHERE s."periodId" = ${periodId} AND s."blueprintCode" = ${blueprintCode} AND s."siteId" = ${siteId} AND s.status = 'SCHEDULED'
    ORDER BY s."startsAt" LIMIT 400`
}

// ───────────────────────── the allocation run ─────────────────────────

const UNPLACED_LIST_CAP = 500

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
export async function runAllocation(periodId: string, blueprintCode: PlannableBlueprint, actor: AuditActor): Promise<AllocationRunResult> {
  const kind = PLANNABLE_BLUEPRINTS[blueprintCode]
  return audited(
    actor,
    async (tx, audit) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`exam-plan:${periodId}:${blueprintCode}`}))`
      const plan = await tx.examPlan.findUnique({ where: { periodId_blueprintCode: { periodId, blueprintCode } } })
      if (plan?.lockedAt) return { ok: false as const, error: 'locked' as const }
      const removed = await tx.$queryRaw<{ id: string }[]>`
        DELETE FROM "ExamAttempt" a USING "ExamSession" s
        WHERE s.id = a."sessionId" AND s."periodId" = ${periodId} AND s."blueprintCode" = ${blueprintCode}
          AND a.state = 'NOT_STARTED' AND a."checkedInAt" IS NULL AND s."startsAt" > now()
        RETURNING a.id`
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
        WHERE ap."periodId" = ${periodId} AND ap.status = 'VERIFIED_MS' AND ap."selectionKind"::text = ${kind}
          AND ap."registrationNumber" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId"
                          WHERE a."applicationId" = ap.id AND s."blueprintCode" = ${blueprintCode})`
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
        await tx.examAttempt.createMany({
          data: attemptRowsForSeats(result.seats.slice(i, i + 10_000), periodId, {
            sessionCode: (sessionId) => sessionById.get(sessionId)!.code,
            extraMinutes: (applicationId) => extraByNik.get(byApplication.get(applicationId)?.nik ?? '') ?? 0,
          }),
        })
      }
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
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`exam-plan:${periodId}:${blueprintCode}`}))`
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
export async function prepareAttempts(periodId: string, blueprintCode: PlannableBlueprint, actor: AuditActor): Promise<PrepareResult> {
  const plan = await planOf(periodId, blueprintCode)
  if (!plan?.lockedAt) return { ok: false, error: 'notLocked' }
  const sessions = await prisma.examSession.findMany({ where: { periodId, blueprintCode, status: 'SCHEDULED' }, select: { id: true } })
  try {
    return { ok: true, drawn: await drawSessions(sessions.map((s) => s.id), actor) }
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
