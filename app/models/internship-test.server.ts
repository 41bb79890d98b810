import { prisma } from '~/utils/db.server'
import { audited, type AuditActor } from '~/models/audit.server'
import { drawPool } from '~/models/exam.server'
import { isUniqueViolation } from '~/models/internship.server'
import { getBlueprint, internshipBlueprintCode, internshipParts, type Difficulty, type ShortTestPart } from '~/domain/exam/blueprints'
import { drawAttempt } from '~/domain/exam/draw'
import {
  byTestTotal,
  mayTakeShortTest,
  shortTestEditable,
  shortTestOutcome,
  shortTestProblems,
  shortTestWindow,
  usedParts,
  type BankInventory,
  type ShortTestOutcome,
  type ShortTestProblem,
  type ShortTestWindow,
} from '~/domain/internship/short-test'

/**
 * The internship short test on the CBT engine (issue 9; ADR 019 addendum). The test IS an exam
 * session without a site (`ExamSession.siteId` null, window `startsAt`…`closesAt`, blueprint
 * `MAGANG:TIU=20,…`), so the draw, the attempt state machine, the exam page with its saves, the
 * sweeper and the SQL scoring are the CAT's own. This file only configures that session for an
 * opening and prepares a student's attempt — after checking, in the query, that the signed-in
 * student owns the application.
 */

export type ShortTestView = {
  sessionId: string
  parts: ShortTestPart[]
  durationMinutes: number
  opensAt: string
  closesAt: string
  window: ShortTestWindow
  attempts: number
  editable: boolean
  maxTotal: number
  subtestMax: Record<string, number>
}

/** Active items per subtest and difficulty: what an agency may ask for. */
export async function bankInventory(): Promise<BankInventory> {
  const rows = await prisma.questionItem.groupBy({ by: ['subtest', 'difficulty'], where: { isActive: true }, _count: true })
  const out: BankInventory = {}
  for (const r of rows) {
    const bucket = (out[r.subtest] ??= {})
    bucket[r.difficulty as Difficulty] = r._count
  }
  return out
}

async function viewOf(test: { sessionId: string } | null, now: Date): Promise<ShortTestView | null> {
  if (!test) return null
  const session = await prisma.examSession.findUnique({ where: { id: test.sessionId } })
  if (!session?.closesAt) return null
  const parts = internshipParts(session.blueprintCode) ?? []
  const blueprint = getBlueprint(session.blueprintCode)
  const attempts = await prisma.examAttempt.count({ where: { sessionId: session.id } })
  return {
    sessionId: session.id,
    parts,
    durationMinutes: session.durationMinutes,
    opensAt: session.startsAt.toISOString(),
    closesAt: session.closesAt.toISOString(),
    window: shortTestWindow(session.startsAt, session.closesAt, now),
    attempts,
    editable: shortTestEditable(attempts),
    maxTotal: blueprint.maxTotal,
    subtestMax: Object.fromEntries(blueprint.subtests.map((s) => [s.code, s.itemCount * s.maxPerItem])),
  }
}

/** The opening's short test, if it has one. */
export async function shortTestFor(openingId: string, now = new Date()): Promise<ShortTestView | null> {
  return viewOf(await prisma.internshipShortTest.findUnique({ where: { openingId } }), now)
}

export type SaveShortTestInput = {
  openingId: string
  agencyIds: string[]
  parts: ShortTestPart[]
  durationMinutes: number
  opensAt: Date
  closesAt: Date
}

export type SaveShortTestResult = { ok: true } | { ok: false; error: 'notFound' | 'locked' } | { ok: false; error: 'invalid'; problems: ShortTestProblem[] }

/**
 * Adds or changes the short test of an agency's own opening: one transaction creates or updates
 * the online exam session and the link, with one audit row carrying the configuration. Refused
 * once any student has an attempt (their draw follows the configuration they started under).
 */
export async function saveShortTest(input: SaveShortTestInput, actor: AuditActor, now = new Date()): Promise<SaveShortTestResult> {
  const parts = usedParts(input.parts)
  const problems = shortTestProblems({ ...input, parts }, await bankInventory(), now)
  if (problems.length > 0) return { ok: false, error: 'invalid', problems }
  const blueprintCode = internshipBlueprintCode(parts)
  return audited(actor, async (tx, audit) => {
    const opening = await tx.internshipOpening.findFirst({ where: { id: input.openingId, agencyId: { in: input.agencyIds } } })
    if (!opening) return { ok: false as const, error: 'notFound' as const }
    // Two admins saving at once serialise on the opening row, so the opening gets one session.
    await tx.$executeRaw`SELECT id FROM "InternshipOpening" WHERE id = ${opening.id} FOR UPDATE`
    const link = await tx.internshipShortTest.findUnique({ where: { openingId: opening.id } })
    const config = { blueprintCode, durationMinutes: input.durationMinutes, startsAt: input.opensAt, closesAt: input.closesAt }
    if (link) {
      const before = await tx.examSession.findUniqueOrThrow({ where: { id: link.sessionId } })
      if (!shortTestEditable(await tx.examAttempt.count({ where: { sessionId: link.sessionId } }))) return { ok: false as const, error: 'locked' as const }
      await tx.examSession.update({ where: { id: link.sessionId }, data: config })
      await tx.internshipShortTest.update({ where: { openingId: opening.id }, data: { createdById: actor.actorId } })
      await audit({
        action: 'internship.short_test.update',
        entityType: 'InternshipOpening',
        entityId: opening.id,
        before: { blueprintCode: before.blueprintCode, durationMinutes: before.durationMinutes, opensAt: before.startsAt, closesAt: before.closesAt },
        after: { sessionId: link.sessionId, parts, ...config, opensAt: input.opensAt },
      })
      return { ok: true as const }
    }
    const session = await tx.examSession.create({
      data: {
        ...config,
        code: `MAGANG-${opening.id}`,
        siteId: null,
        periodId: null,
        // An online session has no seats; capacity counts nothing here.
        capacity: 0,
        isDemo: opening.isDemo,
      },
    })
    await tx.internshipShortTest.create({ data: { openingId: opening.id, sessionId: session.id, createdById: actor.actorId } })
    await audit({
      action: 'internship.short_test.create',
      entityType: 'InternshipOpening',
      entityId: opening.id,
      after: { sessionId: session.id, parts, ...config, opensAt: input.opensAt },
    })
    return { ok: true as const }
  })
}

export type StartShortTestResult =
  | { ok: true; attemptId: string }
  | { ok: false; error: 'notFound' | 'noTest' | 'notShortlisted' | 'upcoming' | 'closed' }

/**
 * The student's "Mulai tes" on /magang/saya: returns the attempt for the exam cookie, preparing it
 * first when the student has none — drawn with the CAT's draw (seed = session + application, so the
 * draw is reproducible for an auditor), marked checked in because the portal sign-in and the
 * ownership check below stand in for the proctor's check-in, in one transaction with its audit row.
 * The application is looked up with the student's id in the WHERE clause: another student's
 * application is simply not found.
 */
export async function startShortTest(input: { studentId: string; applicationId: string }, actor: AuditActor, now = new Date()): Promise<StartShortTestResult> {
  const application = await prisma.internshipApplication.findFirst({ where: { id: input.applicationId, studentId: input.studentId } })
  if (!application) return { ok: false, error: 'notFound' }
  const link = await prisma.internshipShortTest.findUnique({ where: { openingId: application.openingId } })
  if (!link) return { ok: false, error: 'noTest' }
  const existing = await prisma.examAttempt.findUnique({ where: { sessionId_applicationId: { sessionId: link.sessionId, applicationId: application.id } }, select: { id: true } })
  // Resume, or see the result: the exam page decides by the attempt's state.
  if (existing) return { ok: true, attemptId: existing.id }
  if (!mayTakeShortTest(application.status)) return { ok: false, error: 'notShortlisted' }
  const session = await prisma.examSession.findUniqueOrThrow({ where: { id: link.sessionId } })
  const window = shortTestWindow(session.startsAt, session.closesAt ?? session.startsAt, now)
  if (window !== 'open') return { ok: false, error: window }

  const blueprint = getBlueprint(session.blueprintCode)
  const seed = `${session.id}:${application.id}`
  const items = drawAttempt({ blueprint, pool: await drawPool(session.blueprintCode), seed })
  try {
    const attemptId = await audited(actor, async (tx, audit) => {
      const attempt = await tx.examAttempt.create({
        data: {
          sessionId: session.id,
          applicationId: application.id,
          periodId: null,
          roomId: null,
          seatNumber: null,
          participantNumber: `MG-${application.id.toUpperCase()}`,
          checkedInAt: now,
          items: { createMany: { data: items } },
        },
      })
      await audit({
        action: 'exam.attempt.prepareOnline',
        entityType: 'ExamAttempt',
        entityId: attempt.id,
        after: { sessionId: session.id, internshipApplicationId: application.id, blueprintCode: session.blueprintCode, items: items.length, seed, checkedIn: 'portal sign-in' },
      })
      return attempt.id
    })
    return { ok: true, attemptId }
  } catch (err) {
    // A double click: the other request prepared it (unique session + application).
    if (!isUniqueViolation(err)) throw err
    const raced = await prisma.examAttempt.findUniqueOrThrow({ where: { sessionId_applicationId: { sessionId: session.id, applicationId: application.id } }, select: { id: true } })
    return { ok: true, attemptId: raced.id }
  }
}

export type ShortTestScore = {
  outcome: ShortTestOutcome
  /** Per subtest, only once scored. */
  scores: Record<string, number> | null
  total: number | null
}

/**
 * The test outcome of each given application of the opening (agency shortlist, student page).
 * Reads the exam context's attempts of the opening's own session by application id.
 */
export async function shortTestScores(openingId: string, applicationIds: string[], now = new Date()): Promise<{ test: ShortTestView | null; byApplication: Record<string, ShortTestScore> }> {
  const test = await shortTestFor(openingId, now)
  if (!test) return { test: null, byApplication: {} }
  const attempts = await prisma.examAttempt.findMany({
    where: { sessionId: test.sessionId, applicationId: { in: applicationIds } },
    select: { applicationId: true, state: true, scores: true },
  })
  const attemptOf = new Map(attempts.map((a) => [a.applicationId, a]))
  const byApplication: Record<string, ShortTestScore> = {}
  for (const id of applicationIds) {
    const attempt = attemptOf.get(id)
    const outcome = shortTestOutcome(attempt?.state ?? null, test.window)
    const stored = outcome === 'scored' ? ((attempt?.scores ?? null) as Record<string, number> | null) : null
    const { total = null, ...scores } = stored ?? {}
    byApplication[id] = { outcome, scores: stored ? scores : null, total: stored ? total : null }
  }
  return { test, byApplication }
}

/** The student's tests, per application id (only applications whose opening has a short test). */
export async function studentShortTests(studentId: string, now = new Date()) {
  const applications = await prisma.internshipApplication.findMany({ where: { studentId }, select: { id: true, openingId: true, status: true } })
  const out: Record<string, { test: ShortTestView; score: ShortTestScore; mayStart: boolean }> = {}
  for (const a of applications) {
    const { test, byApplication } = await shortTestScores(a.openingId, [a.id], now)
    const score = byApplication[a.id]
    if (!test || !score) continue
    const started = score.outcome !== 'open' && score.outcome !== 'upcoming'
    out[a.id] = { test, score, mayStart: test.window === 'open' && (mayTakeShortTest(a.status) || started) && score.outcome !== 'absent' }
  }
  return out
}

/** The opening's id and title when it belongs to one of the agencies (the scope is in the query). */
export function agencyOpeningTitle(openingId: string, agencyIds: string[]) {
  return prisma.internshipOpening.findFirst({ where: { id: openingId, agencyId: { in: agencyIds } }, select: { id: true, title: true } })
}

/**
 * The agency's shortlist with each student's test outcome; `orderByTest` puts the highest total
 * first (students without a score after, in the order given).
 */
export async function withShortTest<T extends { id: string }>(openingId: string, applications: T[], orderByTest: boolean) {
  const { test, byApplication } = await shortTestScores(openingId, applications.map((a) => a.id))
  const rows = applications.map((a) => ({ ...a, testTotal: byApplication[a.id]?.total ?? null }))
  return { shortTest: test, testScores: byApplication, applications: orderByTest ? byTestTotal(rows) : rows }
}
