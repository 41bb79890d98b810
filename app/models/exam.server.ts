import { prisma } from '~/utils/db.server'
import { audited, type AuditActor } from '~/models/audit.server'
import { hashPin, newPin, prepareStarts } from '~/models/exam-attempt.server'
import { getBlueprint } from '~/domain/exam/blueprints'
import { drawAttempt, assertPoolCovers, itemIdsOf, type PoolItem } from '~/domain/exam/draw'
import { allocate, allocationSessions, neighbourSeats, type Seat } from '~/domain/exam/allocation'
import { checkInWindow, participantNumber, type CheckInWindow } from '~/domain/exam/sessions'
import { nextState, resumedDeadline, type AttemptState } from '~/domain/exam/attempt-state'
import { valueFromSignedCode } from '~/utils/card-pdf.server'

/**
 * The exam context's staff side (issue 6): sessions, allocation of MS candidates with the item draw
 * done before the session, the proctor's check-in (PIN), live room view and pauses, and the public
 * results (scoreboard, certificate lookup). Every state change is one transaction with its audit row.
 */

// ───────────────────────── sessions ─────────────────────────

export type CreateSessionInput = {
  periodId: string
  siteId: string
  code: string
  startsAt: Date
  blueprintCode: string
  capacity: number
  durationMinutes?: number
  isDemo?: boolean
}

export async function createSession(input: CreateSessionInput, actor: AuditActor) {
  const blueprint = getBlueprint(input.blueprintCode)
  return audited(actor, async (tx, audit) => {
    const session = await tx.examSession.create({
      data: { ...input, durationMinutes: input.durationMinutes ?? blueprint.durationMinutes, isDemo: input.isDemo ?? false },
    })
    await audit({ action: 'exam.session.create', entityType: 'ExamSession', entityId: session.id, after: session })
    return session
  })
}

// ───────────────────────── allocation and draw ─────────────────────────

/** The active bank for a blueprint, one current version per item, as the draw wants it. */
export async function drawPool(blueprintCode: string): Promise<PoolItem[]> {
  const blueprint = getBlueprint(blueprintCode)
  const rows = await prisma.$queryRaw<{ itemId: string; versionId: string; subtest: string; difficulty: number; options: { id: string }[] }[]>`
    SELECT q.id AS "itemId", v.id AS "versionId", q.subtest, q.difficulty, v.options
    FROM "QuestionItem" q JOIN "QuestionItemVersion" v ON v."itemId" = q.id AND v.version = q."currentVersion"
    WHERE q."isActive" AND q.subtest = ANY(${blueprint.subtests.map((s) => s.code)}::text[])
    ORDER BY q.id`
  const pool = rows.map((r) => ({ itemId: r.itemId, versionId: r.versionId, subtest: r.subtest as PoolItem['subtest'], difficulty: r.difficulty, optionIds: r.options.map((o) => o.id) }))
  assertPoolCovers(blueprint, pool)
  return pool
}

/**
 * The attempt rows of allocated seats, for both allocation paths (this file's `allocateAndDraw`
 * and the planning page's run): the participant number from session, room and seat, and the
 * candidate's accommodation minutes from the registry.
 */
export function attemptRowsForSeats(
  seats: readonly Seat[],
  periodId: string,
  of: { sessionCode: (sessionId: string) => string; extraMinutes: (applicationId: string) => number },
) {
  return seats.map((seat) => ({
    sessionId: seat.sessionId,
    roomId: seat.roomId,
    seatNumber: seat.seat,
    applicationId: seat.applicationId,
    periodId,
    participantNumber: participantNumber(of.sessionCode(seat.sessionId), seat.roomCode, seat.seat),
    extraMinutes: of.extraMinutes(seat.applicationId),
  }))
}

export type AllocationSummary = { placed: number; unplaced: number; drawn: number }

/**
 * Allocates the period's MS applicants without a seat to the given sessions (site preference,
 * capacity), then draws items for every attempt of those sessions that has none yet, so that the
 * start costs nothing. Neighbours (left/right/front/back) are drawn to avoid each other's items.
 */
export async function allocateAndDraw(periodId: string, sessionIds: string[], actor: AuditActor): Promise<AllocationSummary> {
  const sessions = await prisma.examSession.findMany({ where: { id: { in: sessionIds }, periodId, status: 'SCHEDULED' } })
  const siteIds = [...new Set(sessions.flatMap((s) => (s.siteId ? [s.siteId] : [])))]
  const rooms = await prisma.examRoom.findMany({ where: { siteId: { in: siteIds } } })
  const taken = await prisma.examAttempt.findMany({ where: { sessionId: { in: sessionIds } }, select: { sessionId: true, roomId: true, seatNumber: true } })
  const kinds = new Set(sessions.map((s) => getBlueprint(s.blueprintCode).testKind))
  const selectionKind = kinds.has('PPPK') ? 'PPPK' : 'CPNS'
  const candidates = await prisma.$queryRaw<{ applicationId: string; registrationNumber: string; siteId: string | null; nik: string | null }[]>`
    SELECT ap.id AS "applicationId", ap."registrationNumber", p."siteId", i.nik
    FROM "Application" ap
    LEFT JOIN "ExamSitePreference" p ON p."applicationId" = ap.id
    LEFT JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
    WHERE ap."periodId" = ${periodId} AND ap.status = 'VERIFIED_MS' AND ap."selectionKind"::text = ${selectionKind}
      AND ap."registrationNumber" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "ExamAttempt" a WHERE a."applicationId" = ap.id)`
  const plan = allocate(
    candidates.map((c) => ({ applicationId: c.applicationId, registrationNumber: c.registrationNumber, siteId: c.siteId })),
    allocationSessions(sessions, rooms, taken),
  )
  const accommodations = await prisma.examAccommodation.findMany({
    where: { nik: { in: candidates.map((c) => c.nik).filter((n): n is string => Boolean(n)) } },
  })
  const extraByNik = new Map(accommodations.map((a) => [a.nik, a.extraMinutes]))
  const nikOf = new Map(candidates.map((c) => [c.applicationId, c.nik]))
  const sessionById = new Map(sessions.map((s) => [s.id, s]))

  await audited(
    actor,
    async (tx, audit) => {
      await tx.examAttempt.createMany({
        data: attemptRowsForSeats(plan.seats, periodId, {
          sessionCode: (sessionId) => sessionById.get(sessionId)!.code,
          extraMinutes: (applicationId) => extraByNik.get(nikOf.get(applicationId) ?? '') ?? 0,
        }),
        skipDuplicates: true,
      })
      await audit({
        action: 'exam.allocate',
        entityType: 'SelectionPeriod',
        entityId: periodId,
        after: { sessions: sessionIds, placed: plan.seats.length, unplaced: plan.unplaced },
      })
    },
    { timeoutMs: 120_000 },
  )
  const drawn = await drawSessions(sessionIds, actor)
  return { placed: plan.seats.length, unplaced: plan.unplaced.length, drawn }
}

/** Draws items for every attempt of the sessions that has none yet (idempotent). */
export async function drawSessions(sessionIds: string[], actor: AuditActor): Promise<number> {
  let drawn = 0
  for (const session of await prisma.examSession.findMany({ where: { id: { in: sessionIds } } })) {
    const attempts = await prisma.examAttempt.findMany({
      where: { sessionId: session.id },
      select: { id: true, roomId: true, seatNumber: true, _count: { select: { items: true } } },
      orderBy: [{ roomId: 'asc' }, { seatNumber: 'asc' }],
    })
    const pending = attempts.filter((a) => a._count.items === 0)
    if (pending.length === 0) continue
    const pool = await drawPool(session.blueprintCode)
    const blueprint = getBlueprint(session.blueprintCode)
    const rooms = await prisma.examRoom.findMany({ where: { id: { in: [...new Set(attempts.flatMap((a) => (a.roomId ? [a.roomId] : [])))] } } })
    const seatsOf = new Map(rooms.map((r) => [r.id, r.seats]))
    // Items already drawn per seat (from earlier runs) so a new neighbour avoids them too.
    const drawnAt = new Map<string, Set<string>>()
    const existing = await prisma.examAttemptItem.findMany({
      where: { attemptId: { in: attempts.filter((a) => a._count.items > 0).map((a) => a.id) } },
      select: { attemptId: true, itemId: true },
    })
    const seatOf = new Map(attempts.map((a) => [a.id, `${a.roomId}:${a.seatNumber}`]))
    for (const e of existing) {
      const key = seatOf.get(e.attemptId)!
      if (!drawnAt.has(key)) drawnAt.set(key, new Set())
      drawnAt.get(key)!.add(e.itemId)
    }
    const rows: { attemptId: string; position: number; itemId: string; versionId: string; subtest: string; optionOrder: string[] }[] = []
    for (const attempt of pending) {
      // An online attempt (ADR 019 addendum) has no seat, hence no neighbours.
      const seat = attempt.roomId !== null && attempt.seatNumber !== null ? { room: attempt.roomId, number: attempt.seatNumber } : null
      const avoid = (seat ? neighbourSeats(seat.number, seatsOf.get(seat.room) ?? seat.number) : [])
        .map((n) => drawnAt.get(`${attempt.roomId}:${n}`))
        .filter((s): s is Set<string> => Boolean(s))
      const items = drawAttempt({ blueprint, pool, seed: attempt.id, avoid })
      drawnAt.set(`${attempt.roomId}:${attempt.seatNumber}`, itemIdsOf(items))
      for (const item of items) rows.push({ attemptId: attempt.id, ...item })
    }
    await audited(
      actor,
      async (tx, audit) => {
        for (let i = 0; i < rows.length; i += 20_000) {
          await tx.examAttemptItem.createMany({ data: rows.slice(i, i + 20_000), skipDuplicates: true })
        }
        await audit({
          action: 'exam.session.draw',
          entityType: 'ExamSession',
          entityId: session.id,
          after: { attempts: pending.length, itemsPerAttempt: rows.length / pending.length },
        })
      },
      { timeoutMs: 300_000 },
    )
    drawn += pending.length
  }
  // The start answers and item bundles are made now, before the session (ADR 014, 2026-12-01 night).
  await prepareStarts(sessionIds)
  return drawn
}

// ───────────────────────── proctor ─────────────────────────

/** Rooms the proctor is assigned to, with their sessions of the day and later. */
export async function listProctorRooms(proctorUserId: string, now = new Date()) {
  const rooms = await prisma.examRoom.findMany({ where: { proctorUserId }, orderBy: { code: 'asc' } })
  const sites = await prisma.testSite.findMany({ where: { id: { in: rooms.map((r) => r.siteId) } } })
  const since = new Date(now.getTime() - 12 * 3600_000)
  const sessions = await prisma.examSession.findMany({
    where: { siteId: { in: rooms.map((r) => r.siteId) }, startsAt: { gte: since } },
    orderBy: { startsAt: 'asc' },
    take: 50,
  })
  return rooms.map((room) => ({
    room,
    site: sites.find((s) => s.id === room.siteId) ?? null,
    sessions: sessions.filter((s) => s.siteId === room.siteId),
  }))
}

/** The room if this proctor runs it (the ownership check in the query). */
export function getProctorRoom(roomId: string, proctorUserId: string) {
  return prisma.examRoom.findFirst({ where: { id: roomId, proctorUserId } })
}

export type RoomCandidate = {
  attemptId: string
  participantNumber: string
  seatNumber: number
  name: string
  state: AttemptState
  checkedIn: boolean
  answered: number
  itemCount: number
  deadline: Date | null
  total: number | null
}

/** The live room: every seat of the session in this room with its state and progress. */
export async function roomView(roomId: string, sessionId: string): Promise<{ session: { id: string; code: string; startsAt: Date; window: CheckInWindow }; candidates: RoomCandidate[] } | null> {
  const session = await prisma.examSession.findUnique({ where: { id: sessionId } })
  if (!session) return null
  const now = new Date()
  const candidates = await prisma.$queryRaw<RoomCandidate[]>`
    SELECT a.id AS "attemptId", a."participantNumber", a."seatNumber", COALESCE(i."fullName", '') AS name, a.state::text AS state,
           (a."checkedInAt" IS NOT NULL) AS "checkedIn",
           (SELECT count(DISTINCT position)::int FROM "ExamAnswerStep" st WHERE st."attemptId" = a.id AND st."optionId" IS NOT NULL) AS answered,
           (SELECT count(*)::int FROM "ExamAttemptItem" it WHERE it."attemptId" = a.id) AS "itemCount",
           a.deadline, (a.scores->>'total')::int AS total
    FROM "ExamAttempt" a
    LEFT JOIN "Application" ap ON ap.id = a."applicationId"
    LEFT JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
    WHERE a."roomId" = ${roomId} AND a."sessionId" = ${sessionId}
    ORDER BY a."seatNumber"`
  return { session: { id: session.id, code: session.code, startsAt: session.startsAt, window: checkInWindow(session.startsAt, now) }, candidates }
}

export type CheckInResult =
  | { ok: true; pin: string; participantNumber: string; name: string; reissued: boolean }
  | { ok: false; error: 'unknown' | 'otherRoom' | 'notYet' | 'closed' | 'absent' | 'started' }

/**
 * Check-in by the card's QR (a hardware scanner types its text into the field: the verify URL or
 * the signed code) or the typed participant number. Issues the registration PIN, shown once to the
 * proctor; only its hash is stored. Issuance closes 5 minutes before the start (domain.md §3).
 */
export async function checkIn(roomId: string, scanned: string, actor: AuditActor): Promise<CheckInResult> {
  const number = participantNumberFromScan(scanned)
  if (!number) return { ok: false, error: 'unknown' }
  const attempt = await prisma.examAttempt.findUnique({ where: { participantNumber: number }, include: { session: true } })
  if (!attempt) return { ok: false, error: 'unknown' }
  if (attempt.roomId !== roomId) return { ok: false, error: 'otherRoom' }
  if (attempt.state === 'ABSENT') return { ok: false, error: 'absent' }
  if (attempt.state !== 'NOT_STARTED') return { ok: false, error: 'started' }
  const window = checkInWindow(attempt.session.startsAt, new Date())
  if (window !== 'open') return { ok: false, error: window }
  const pin = newPin()
  const pinHash = await hashPin(pin)
  const reissued = Boolean(attempt.checkedInAt)
  await audited(actor, async (tx, audit) => {
    await tx.examAttempt.update({ where: { id: attempt.id }, data: { pinHash, checkedInAt: attempt.checkedInAt ?? new Date() } })
    await audit({
      action: reissued ? 'exam.attempt.pinReissue' : 'exam.attempt.checkIn',
      entityType: 'ExamAttempt',
      entityId: attempt.id,
      after: { participantNumber: number, roomId },
    })
  })
  const name = await prisma.$queryRaw<{ fullName: string }[]>`
    SELECT i."fullName" FROM "Application" ap JOIN "ApplicantIdentity" i ON i."userId" = ap."userId" WHERE ap.id = ${attempt.applicationId}`
  return { ok: true, pin, participantNumber: number, name: name[0]?.fullName ?? '', reissued }
}

/** A participant number from what a scanner or a person typed: the card's verify URL, its signed code, or the number. */
export function participantNumberFromScan(scanned: string): string | null {
  const text = scanned.trim()
  if (!text) return null
  const code = decodeURIComponent(text.split('/').pop() ?? text)
  if (code.includes('.')) return valueFromSignedCode('exam-card', code)
  return /^[A-Z0-9-]{5,60}$/i.test(code) ? code.toUpperCase() : null
}

export type PauseResult = { ok: true } | { ok: false; error: 'notFound' | 'state' | 'reason' }

/** Pause for a verified outage (IN_PROGRESS → PAUSED), with the reason; audited. */
export async function pauseAttempt(roomId: string, attemptId: string, reason: string, actor: AuditActor): Promise<PauseResult> {
  if (reason.trim().length < 5) return { ok: false, error: 'reason' }
  return audited(actor, async (tx, audit) => {
    const rows = await tx.$queryRaw<{ state: AttemptState }[]>`
      SELECT state::text AS state FROM "ExamAttempt" WHERE id = ${attemptId} AND "roomId" = ${roomId} FOR UPDATE`
    if (!rows[0]) return { ok: false as const, error: 'notFound' as const }
    if (rows[0].state !== 'IN_PROGRESS') return { ok: false as const, error: 'state' as const }
    // A deadline already passed cannot be paused: the sweeper closes it.
    const updated = await tx.$executeRaw`
      UPDATE "ExamAttempt" SET state = 'PAUSED', "pausedAt" = now() WHERE id = ${attemptId} AND state = 'IN_PROGRESS' AND deadline > now()`
    if (updated === 0) return { ok: false as const, error: 'state' as const }
    nextState('pause', rows[0].state)
    await tx.examPause.create({ data: { attemptId, reason: reason.trim(), actorId: actor.actorId } })
    await audit({ action: 'exam.attempt.pause', entityType: 'ExamAttempt', entityId: attemptId, before: { state: 'IN_PROGRESS' }, after: { state: 'PAUSED', reason: reason.trim() } })
    return { ok: true as const }
  })
}

/** Resume (PAUSED → IN_PROGRESS): the paused interval is added to the deadline; audited. */
export async function resumeAttempt(roomId: string, attemptId: string, actor: AuditActor): Promise<PauseResult> {
  return audited(actor, async (tx, audit) => {
    const rows = await tx.$queryRaw<{ state: AttemptState; pausedAt: Date | null; deadline: Date | null; now: Date }[]>`
      SELECT state::text AS state, "pausedAt", deadline, now() AS now FROM "ExamAttempt" WHERE id = ${attemptId} AND "roomId" = ${roomId} FOR UPDATE`
    const row = rows[0]
    if (!row) return { ok: false as const, error: 'notFound' as const }
    if (row.state !== 'PAUSED' || !row.pausedAt || !row.deadline) return { ok: false as const, error: 'state' as const }
    nextState('resume', row.state)
    const deadline = resumedDeadline(row.deadline, row.pausedAt, row.now)
    const credited = Math.round((row.now.getTime() - row.pausedAt.getTime()) / 1000)
    await tx.examAttempt.update({
      where: { id: attemptId },
      data: { state: 'IN_PROGRESS', deadline, pausedAt: null, pausedSeconds: { increment: credited } },
    })
    await tx.examPause.updateMany({ where: { attemptId, endedAt: null }, data: { endedAt: row.now } })
    await audit({
      action: 'exam.attempt.resume',
      entityType: 'ExamAttempt',
      entityId: attemptId,
      before: { state: 'PAUSED', deadline: row.deadline },
      after: { state: 'IN_PROGRESS', deadline, creditedSeconds: credited },
    })
    return { ok: true as const }
  })
}

// ───────────────────────── results ─────────────────────────

/** The candidate's own result, by attempt (after sign-in with the PIN). */
export async function attemptResult(attemptId: string) {
  const rows = await prisma.$queryRaw<
    { state: AttemptState; scores: Record<string, number> | null; passed: boolean | null; blueprintCode: string; participantNumber: string; formasiType: string | null; challengeOpen: boolean }[]
  >`
    SELECT a.state::text AS state, a.scores, a.passed, s."blueprintCode", a."participantNumber", v."formasiTypeCode" AS "formasiType",
           (s."challengeClosesAt" IS NOT NULL AND s."challengeClosesAt" > now()) AS "challengeOpen"
    FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId"
    LEFT JOIN "Application" ap ON ap.id = a."applicationId" LEFT JOIN "Vacancy" v ON v.id = ap."vacancyId"
    WHERE a.id = ${attemptId}`
  return rows[0] ?? null
}

/** The public scoreboard of one session at one site: participant numbers and scores as they come in. */
export async function scoreboard(sessionCode: string) {
  const session = await prisma.examSession.findUnique({ where: { code: sessionCode } })
  if (!session) return null
  const site = session.siteId ? await prisma.testSite.findUnique({ where: { id: session.siteId } }) : null
  const rows = await prisma.$queryRaw<{ participantNumber: string; name: string; state: AttemptState; scores: Record<string, number> | null; passed: boolean | null }[]>`
    SELECT a."participantNumber", COALESCE(i."fullName", '') AS name, a.state::text AS state, a.scores, a.passed
    FROM "ExamAttempt" a
    LEFT JOIN "Application" ap ON ap.id = a."applicationId"
    LEFT JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
    WHERE a."sessionId" = ${session.id}
    ORDER BY (a.scores->>'total')::int DESC NULLS LAST, a."participantNumber"`
  return { session, site, rows, blueprint: getBlueprint(session.blueprintCode) }
}

/** The SKD result for the certificate: found only by NIK AND participant number together. */
export async function certificateFor(nik: string, number: string) {
  const rows = await prisma.$queryRaw<
    { attemptId: string; participantNumber: string; fullName: string; nik: string; startsAt: Date; siteName: string; periodName: string; scores: Record<string, number> | null; passed: boolean | null; blueprintCode: string; state: AttemptState }[]
  >`
    SELECT a.id AS "attemptId", a."participantNumber", i."fullName", i.nik, s."startsAt", t.name AS "siteName", p.name AS "periodName",
           a.scores, a.passed, s."blueprintCode", a.state::text AS state
    FROM "ExamAttempt" a
    JOIN "ExamSession" s ON s.id = a."sessionId"
    JOIN "TestSite" t ON t.id = s."siteId"
    JOIN "SelectionPeriod" p ON p.id = a."periodId"
    JOIN "Application" ap ON ap.id = a."applicationId"
    JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
    WHERE a."participantNumber" = ${number.trim().toUpperCase()} AND i.nik = ${nik.trim()}`
  return rows[0] ?? null
}

/** The certificate behind a verified QR (by attempt id). */
export async function certificateByAttempt(attemptId: string) {
  const rows = await prisma.$queryRaw<
    { participantNumber: string; fullName: string; startsAt: Date; siteName: string; periodName: string; scores: Record<string, number> | null; passed: boolean | null; state: AttemptState }[]
  >`
    SELECT a."participantNumber", i."fullName", s."startsAt", t.name AS "siteName", p.name AS "periodName", a.scores, a.passed, a.state::text AS state
    FROM "ExamAttempt" a
    JOIN "ExamSession" s ON s.id = a."sessionId"
    JOIN "TestSite" t ON t.id = s."siteId"
    JOIN "SelectionPeriod" p ON p.id = a."periodId"
    JOIN "Application" ap ON ap.id = a."applicationId"
    JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
    WHERE a.id = ${attemptId} AND a.state = 'SCORED'`
  return rows[0] ?? null
}

/** The applicant's own exam card data (owner filter: the user id in the query). */
export async function examCardFor(userId: string) {
  const rows = await prisma.$queryRaw<
    { participantNumber: string; fullName: string; nik: string; periodName: string; sessionCode: string; startsAt: Date; timeZone: string; siteName: string; roomName: string; seatNumber: number; applicationId: string; selfieFileHash: string | null }[]
  >`
    SELECT a."participantNumber", i."fullName", i.nik, p.name AS "periodName", s.code AS "sessionCode", s."startsAt", t."timeZone",
           t.name AS "siteName", r.name AS "roomName", a."seatNumber", a."applicationId", i."selfieFileHash"
    FROM "Application" ap
    JOIN "ExamAttempt" a ON a."applicationId" = ap.id
    JOIN "ExamSession" s ON s.id = a."sessionId"
    JOIN "TestSite" t ON t.id = s."siteId"
    JOIN "ExamRoom" r ON r.id = a."roomId"
    JOIN "SelectionPeriod" p ON p.id = ap."periodId"
    JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
    WHERE ap."userId" = ${userId}
    ORDER BY s."startsAt" DESC LIMIT 1`
  const card = rows[0]
  if (!card) return null
  const photo = await prisma.applicationDocument.findFirst({
    where: { applicationId: card.applicationId, code: 'PAS_FOTO', replacedAt: null },
    select: { fileHash: true },
  })
  return { ...card, photoHash: photo?.fileHash ?? card.selfieFileHash }
}

/** The public check behind the card's QR: the participant's session and masked identity. */
export async function examCardCheck(participantNumber: string) {
  const rows = await prisma.$queryRaw<{ participantNumber: string; fullName: string; sessionCode: string; startsAt: Date; siteName: string; state: AttemptState }[]>`
    SELECT a."participantNumber", i."fullName", s.code AS "sessionCode", s."startsAt", t.name AS "siteName", a.state::text AS state
    FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId" JOIN "TestSite" t ON t.id = s."siteId"
    JOIN "Application" ap ON ap.id = a."applicationId" JOIN "ApplicantIdentity" i ON i."userId" = ap."userId"
    WHERE a."participantNumber" = ${participantNumber}`
  return rows[0] ?? null
}
