import crypto from 'node:crypto'
import { prisma, type Tx } from '~/utils/db.server'
import { audited, SYSTEM_ACTOR, type AuditActor, type AuditEntry } from '~/models/audit.server'
import { getActiveRules } from '~/models/period.server'
import { RULES_2024 } from '~/domain/selection/rules'
import { validateSkbWeights, type SkbTest, type SkbWeightViolation } from '~/domain/assessment/skb-weights'
import { assignEvenly, pairKey, pickAdjudicator } from '~/domain/assessment/assignment'
import { candidateCode } from '~/domain/assessment/codes'
import { DeclarationSchema, findConflicts, sameInstitution, worksForAgency, type CandidateFacts, type Declaration } from '~/domain/assessment/conflicts'
import {
  DEFAULT_ASSESSORS_PER_CANDIDATE,
  DEFAULT_GAP_THRESHOLD,
  finalScore,
  isEliminated,
  isFinalScoreRule,
  type FinalScoreRule,
} from '~/domain/assessment/final-score'
import { assessorTotal, defaultRubric, RubricSchema, type CompetencyScore, type Rubric } from '~/domain/assessment/rubric'
import { mayScoreFor, type panelScope, type SubjectKind } from '~/domain/assessment/panel'
import { StoredEducationSchema, WorkHistorySchema } from '~/domain/application/steps'

/**
 * The assessment context (issue 7): configuration of additional SKB tests, batches of candidates
 * known to assessors only by code, declarations of interest, assignment, blind scoring, correction
 * requests, adjudication and the final score written to AdditionalTestResult.
 *
 * Two kinds of callers, two kinds of filters, always in the query:
 * - the panel (agency admin of the agency, or the committee): `PanelScope`;
 * - an assessor: their own user id, and only rows they are a panel member / assignee of.
 * Nothing returned to an assessor carries a name, NIK, photo or application id.
 */
export type PanelScope = ReturnType<typeof panelScope>

const agencyFilter = (scope: PanelScope) => (scope.all ? {} : { agencyId: { in: scope.agencyIds } })
const num = (d: { toNumber(): number } | null | undefined) => (d === null || d === undefined ? null : d.toNumber())

/** Secure randomness for assignment order (Math.random is not for decisions people may contest). */
const secureRandom = () => crypto.randomInt(0, 2 ** 32) / 2 ** 32

// ─────────────────────────── configuration ───────────────────────────

export type TestConfigView = {
  type: string
  weight: number
  eliminating: boolean
  criterion: string | null
  rubric: Rubric
  assessorsPerCandidate: number
  gapThreshold: number
  finalScoreRule: FinalScoreRule
  passScore: number | null
}

function configOf(
  test: { type: string; weight: number; eliminating: boolean; criterion: string | null },
  row: { rubric: unknown; assessorsPerCandidate: number; gapThreshold: number; finalScoreRule: string; passScore: number | null } | undefined,
): TestConfigView {
  const rubric = RubricSchema.safeParse(row?.rubric)
  return {
    ...test,
    rubric: rubric.success ? rubric.data : defaultRubric(test.type),
    assessorsPerCandidate: row?.assessorsPerCandidate ?? DEFAULT_ASSESSORS_PER_CANDIDATE,
    gapThreshold: row?.gapThreshold ?? DEFAULT_GAP_THRESHOLD,
    finalScoreRule: row && isFinalScoreRule(row.finalScoreRule) ? row.finalScoreRule : 'MEAN_CLOSEST_TWO',
    passScore: row?.passScore ?? null,
  }
}

// ─────────────────────────── the subject of a batch ───────────────────────────

/**
 * A batch assesses recruitment applications (a position's additional SKB test, ADR 016) or
 * internship applications (an opening's interview, ADR 019 addendum). The engine — codes,
 * declarations, assignment, blind scoring, adjudication, corrections — is one; only these
 * functions differ by subject: where the configuration lives, who the candidates are (for the
 * panel and for conflict matching), and where a final score is written.
 */
type Db = Tx | typeof prisma
type BatchSubject = { subjectKind: SubjectKind; positionId: string | null; openingId: string | null; periodId: string | null; testType: string }

/** An internship interview carries no announced weight and does not eliminate by itself. */
const unweightedTest = (testType: string) => ({ type: testType, weight: 0, eliminating: false, criterion: null })

async function batchConfig(db: Db, batch: BatchSubject): Promise<TestConfigView> {
  if (batch.subjectKind === 'INTERNSHIP') {
    const row = await db.assessmentTestConfig.findUnique({ where: { openingId_testType: { openingId: batch.openingId!, testType: batch.testType } } })
    return configOf(unweightedTest(batch.testType), row ?? undefined)
  }
  // One after the other: `db` may be a transaction, whose one pg connection cannot run two queries at once.
  const row = await db.assessmentTestConfig.findUnique({ where: { positionId_testType: { positionId: batch.positionId!, testType: batch.testType } } })
  const test = await db.positionSkbTest.findUnique({ where: { positionId_type: { positionId: batch.positionId!, type: batch.testType } } })
  return configOf(test ?? unweightedTest(batch.testType), row ?? undefined)
}

/** What a batch is about, in words: the position (code, agency) or the internship opening (unit, agency). */
async function batchSubjectLabel(batch: BatchSubject) {
  if (batch.subjectKind === 'INTERNSHIP') {
    const opening = await prisma.internshipOpening.findUnique({ where: { id: batch.openingId! }, select: { title: true, unit: true, agencyId: true } })
    const agency = opening ? await prisma.agency.findUnique({ where: { id: opening.agencyId }, select: { name: true } }) : null
    return { name: opening?.title ?? '', code: opening?.unit ?? '', agencyName: agency?.name ?? '' }
  }
  const position = await prisma.position.findUnique({ where: { id: batch.positionId! }, select: { name: true, code: true, agency: { select: { name: true } } } })
  return { name: position?.name ?? '', code: position?.code ?? '', agencyName: position?.agency.name ?? '' }
}

/** Names and numbers (registration number or NIM) of a batch's candidates — for the panel, never for an assessor. */
async function candidateIdentities(batch: BatchSubject, applicationIds: string[]): Promise<Map<string, { name: string; number: string | null }>> {
  if (batch.subjectKind === 'INTERNSHIP') {
    const apps = await prisma.internshipApplication.findMany({ where: { id: { in: applicationIds } }, select: { id: true, studentId: true } })
    const studentIds = apps.map((a) => a.studentId)
    const [users, profiles] = await Promise.all([
      prisma.user.findMany({ where: { id: { in: studentIds } }, select: { id: true, name: true } }),
      prisma.studentProfile.findMany({ where: { userId: { in: studentIds } }, select: { userId: true, studentNumber: true } }),
    ])
    return new Map(
      apps.map((a) => [a.id, { name: users.find((u) => u.id === a.studentId)?.name ?? '—', number: profiles.find((p) => p.userId === a.studentId)?.studentNumber ?? null }]),
    )
  }
  const apps = await prisma.application.findMany({ where: { id: { in: applicationIds } }, select: { id: true, registrationNumber: true, userId: true } })
  const names = await prisma.applicantIdentity.findMany({ where: { userId: { in: apps.map((a) => a.userId) } }, select: { userId: true, fullName: true } })
  return new Map(apps.map((a) => [a.id, { name: names.find((n) => n.userId === a.userId)?.fullName ?? '—', number: a.registrationNumber }]))
}

/**
 * Where a final score goes: recruitment → the `AdditionalTestResult` contract row ranking reads;
 * internship → the application's interview score, which orders the agency's shortlist.
 */
async function writeFinalResult(tx: Tx, batch: BatchSubject, applicationId: string, result: { score: number; eliminated: boolean; at: Date }) {
  if (batch.subjectKind === 'INTERNSHIP') {
    await tx.internshipApplication.update({ where: { id: applicationId }, data: { interviewScore: result.score } })
    return
  }
  await tx.additionalTestResult.upsert({
    where: { applicationId_testType: { applicationId, testType: batch.testType } },
    update: { score: result.score, eliminated: result.eliminated, finalisedAt: result.at, periodId: batch.periodId! },
    create: { applicationId, periodId: batch.periodId!, testType: batch.testType, score: result.score, eliminated: result.eliminated, finalisedAt: result.at },
  })
}

/** A reopened submission withdraws the final score wherever it was written. */
async function withdrawFinalResult(tx: Tx, batch: BatchSubject, applicationId: string) {
  if (batch.subjectKind === 'INTERNSHIP') {
    await tx.internshipApplication.update({ where: { id: applicationId }, data: { interviewScore: null } })
    return
  }
  await tx.additionalTestResult.deleteMany({ where: { applicationId, testType: batch.testType } })
}

/** Positions of the panel's agencies in a period, with their additional tests and batches. */
export async function listPanelPositions(scope: PanelScope, periodId: string) {
  const positions = await prisma.position.findMany({
    where: { periodId, isActive: true, ...agencyFilter(scope) },
    select: {
      id: true,
      code: true,
      name: true,
      catWeight: true,
      agency: { select: { name: true, kind: true } },
      skbTests: { select: { type: true, weight: true, eliminating: true }, orderBy: { type: 'asc' } },
    },
    orderBy: [{ agencyId: 'asc' }, { code: 'asc' }],
    take: 500,
  })
  const batches = await prisma.assessmentBatch.findMany({
    where: { positionId: { in: positions.map((p) => p.id) } },
    select: { id: true, positionId: true, testType: true, name: true, status: true, _count: { select: { candidates: true } } },
  })
  return positions.map((p) => ({ ...p, batches: batches.filter((b) => b.positionId === p.id) }))
}

export async function getPositionConfig(positionId: string, scope: PanelScope) {
  const position = await prisma.position.findFirst({
    where: { id: positionId, ...agencyFilter(scope) },
    select: {
      id: true,
      code: true,
      name: true,
      periodId: true,
      catWeight: true,
      agency: { select: { id: true, name: true, kind: true } },
      skbTests: { select: { type: true, weight: true, eliminating: true, criterion: true }, orderBy: { type: 'asc' } },
    },
  })
  if (!position) return null
  const [positionConfig, rows, active] = await Promise.all([
    prisma.assessmentPositionConfig.findUnique({ where: { positionId } }),
    prisma.assessmentTestConfig.findMany({ where: { positionId } }),
    getActiveRules(position.periodId),
  ])
  return {
    position,
    highlyTechnical: positionConfig?.highlyTechnical ?? false,
    limits: (active?.rules ?? RULES_2024).skbWeightLimits,
    tests: position.skbTests.map((t) => configOf(t, rows.find((r) => r.testType === t.type))),
  }
}

export type PositionConfigInput = {
  catWeight: number
  highlyTechnical: boolean
  tests: {
    type: string
    weight: number
    eliminating: boolean
    passScore: number | null
    rubric: Rubric
    assessorsPerCandidate: number
    gapThreshold: number
    finalScoreRule: FinalScoreRule
  }[]
}

export type SaveConfigResult = { ok: true } | { ok: false; violations: SkbWeightViolation[] } | { ok: false; error: string }

/**
 * Saves a position's additional tests, checked against the period's rules (domain.md §5) with the
 * broken rules returned by name. The weights live on the selection context's Position and
 * PositionSkbTest (they are announced with the formation); this is the one place that changes
 * them after publication (ADR 016). A test with a batch already scoring cannot be removed.
 */
export async function savePositionConfig(
  positionId: string,
  scope: PanelScope,
  input: PositionConfigInput,
  actor: AuditActor,
): Promise<SaveConfigResult | null> {
  const current = await getPositionConfig(positionId, scope)
  if (!current) return null
  const tests: SkbTest[] = input.tests.map((t) => ({ type: t.type, weight: t.weight, eliminating: t.eliminating }))
  const violations = validateSkbWeights(
    { agencyKind: current.position.agency.kind, catWeight: input.catWeight, tests, highlyTechnical: input.highlyTechnical },
    current.limits,
  )
  if (violations.length) return { ok: false, violations }
  const kept = new Set(input.tests.map((t) => t.type))
  const removedWithBatch = await prisma.assessmentBatch.findFirst({
    where: { positionId, testType: { notIn: [...kept] } },
    select: { testType: true },
  })
  if (removedWithBatch) return { ok: false, error: 'assessment.errors.testHasBatch' }

  await audited(actor, async (tx, audit) => {
    await tx.position.update({ where: { id: positionId }, data: { catWeight: input.catWeight } })
    await tx.positionSkbTest.deleteMany({ where: { positionId, type: { notIn: [...kept] } } })
    await tx.assessmentTestConfig.deleteMany({ where: { positionId, testType: { notIn: [...kept] } } })
    for (const t of input.tests) {
      const criterion = t.eliminating && t.passScore !== null ? `Nilai minimal ${t.passScore}` : null
      await tx.positionSkbTest.upsert({
        where: { positionId_type: { positionId, type: t.type } },
        update: { weight: t.weight, eliminating: t.eliminating, criterion },
        create: { positionId, type: t.type, weight: t.weight, eliminating: t.eliminating, criterion },
      })
      const data = {
        rubric: t.rubric,
        assessorsPerCandidate: t.assessorsPerCandidate,
        gapThreshold: t.gapThreshold,
        finalScoreRule: t.finalScoreRule,
        passScore: t.eliminating ? t.passScore : null,
        updatedById: actor.actorId,
      }
      await tx.assessmentTestConfig.upsert({
        where: { positionId_testType: { positionId, testType: t.type } },
        update: data,
        create: { positionId, testType: t.type, ...data },
      })
    }
    await tx.assessmentPositionConfig.upsert({
      where: { positionId },
      update: { highlyTechnical: input.highlyTechnical, updatedById: actor.actorId },
      create: { positionId, highlyTechnical: input.highlyTechnical, updatedById: actor.actorId },
    })
    await audit({
      action: 'assessment.configSaved',
      entityType: 'Position',
      entityId: positionId,
      before: { catWeight: current.position.catWeight, tests: current.tests.map((t) => ({ type: t.type, weight: t.weight, eliminating: t.eliminating })) },
      after: { catWeight: input.catWeight, highlyTechnical: input.highlyTechnical, tests: input.tests },
    })
  })
  return { ok: true }
}

/** Additional tests of a position as the announcement shows them (types, weights, eliminating criteria). */
export async function announcedTests(positionId: string) {
  const position = await prisma.position.findUnique({
    where: { id: positionId },
    select: { catWeight: true, skbTests: { select: { type: true, weight: true, eliminating: true, criterion: true }, orderBy: { type: 'asc' } } },
  })
  if (!position) return null
  const rows = await prisma.assessmentTestConfig.findMany({ where: { positionId }, select: { testType: true, finalScoreRule: true, gapThreshold: true } })
  return {
    catWeight: position.catWeight,
    tests: position.skbTests.map((t) => ({ ...t, rule: rows.find((r) => r.testType === t.type)?.finalScoreRule ?? 'MEAN_CLOSEST_TWO' })),
  }
}

// ─────────────────────────── batches (panel) ───────────────────────────

async function newCode(tx: Tx, batchId: string, testType: string) {
  for (;;) {
    const code = candidateCode(testType, crypto.randomBytes(8))
    const taken = await tx.assessmentCandidate.findFirst({ where: { batchId, code }, select: { id: true } })
    if (!taken) return code
  }
}

export type CreateBatchResult = { ok: true; batchId: string } | { ok: false; error: string; params?: Record<string, string> }

/**
 * A batch of a position's candidates for one test: every application of the position with status
 * MS, or the registration numbers the panel lists (each must be an MS application of the position).
 */
export async function createBatch(
  input: { positionId: string; testType: string; registrationNumbers?: string[] },
  scope: PanelScope,
  actor: AuditActor,
): Promise<CreateBatchResult | null> {
  const position = await prisma.position.findFirst({
    where: { id: input.positionId, ...agencyFilter(scope) },
    select: { id: true, name: true, periodId: true, agencyId: true, skbTests: { select: { type: true } }, vacancies: { select: { id: true } } },
  })
  if (!position) return null
  if (!position.skbTests.some((t) => t.type === input.testType)) return { ok: false, error: 'assessment.errors.unknownTest' }
  const exists = await prisma.assessmentBatch.findUnique({ where: { positionId_testType: { positionId: position.id, testType: input.testType } } })
  if (exists) return { ok: false, error: 'assessment.errors.batchExists' }
  const applications = await prisma.application.findMany({
    where: {
      status: 'VERIFIED_MS',
      vacancyId: { in: position.vacancies.map((v) => v.id) },
      ...(input.registrationNumbers?.length ? { registrationNumber: { in: input.registrationNumbers } } : {}),
    },
    select: { id: true, registrationNumber: true },
  })
  if (input.registrationNumbers?.length) {
    const found = new Set(applications.map((a) => a.registrationNumber))
    const missing = input.registrationNumbers.filter((n) => !found.has(n))
    if (missing.length) return { ok: false, error: 'assessment.errors.notMsCandidates', params: { numbers: missing.join(', ') } }
  }
  if (!applications.length) return { ok: false, error: 'assessment.errors.noCandidates' }

  const batch = await audited(
    actor,
    async (tx, audit) => {
      const batch = await tx.assessmentBatch.create({
        data: {
          periodId: position.periodId,
          agencyId: position.agencyId,
          positionId: position.id,
          testType: input.testType,
          name: `${position.name} — ${input.testType}`,
          createdById: actor.actorId,
        },
      })
      for (const a of applications) {
        await tx.assessmentCandidate.create({ data: { batchId: batch.id, applicationId: a.id, code: await newCode(tx, batch.id, input.testType) } })
      }
      await audit({ action: 'assessment.batchCreated', entityType: 'AssessmentBatch', entityId: batch.id, after: { positionId: position.id, testType: input.testType, candidates: applications.length } })
      return batch
    },
    { timeoutMs: 30_000 },
  )
  return { ok: true, batchId: batch.id }
}

export type AddAssessorResult = { ok: true } | { ok: false; error: string }

/**
 * Puts an assessor on a batch's panel. They must hold the ASSESSOR role (for this agency or any)
 * and no other role in the agency under assessment (independence, domain.md §5).
 */
export async function addPanelMember(batchId: string, userId: string, scope: PanelScope, actor: AuditActor): Promise<AddAssessorResult | null> {
  const batch = await prisma.assessmentBatch.findFirst({ where: { id: batchId, ...agencyFilter(scope) }, select: { id: true, agencyId: true, subjectKind: true } })
  if (!batch) return null
  const roles = await prisma.userRole.findMany({ where: { userId } })
  const eligible = mayScoreFor(roles, batch.agencyId, batch.subjectKind)
  if (!eligible.ok) return eligible
  const already = await prisma.assessmentPanelMember.findUnique({ where: { batchId_userId: { batchId, userId } } })
  if (already) return { ok: false, error: 'assessment.errors.alreadyMember' }
  await audited(actor, async (tx, audit) => {
    const member = await tx.assessmentPanelMember.create({ data: { batchId, userId, universityId: eligible.universityId, addedById: actor.actorId } })
    await audit({ action: 'assessment.memberAdded', entityType: 'AssessmentBatch', entityId: batchId, after: { memberId: member.id, userId } })
  })
  return { ok: true }
}

/** The whole batch as the panel sees it: names and codes, every score, progress and distribution. */
export async function getBatchForPanel(batchId: string, scope: PanelScope) {
  const batch = await prisma.assessmentBatch.findFirst({
    where: { id: batchId, ...agencyFilter(scope) },
    include: {
      candidates: { orderBy: { code: 'asc' }, include: { assignments: true, conflicts: true } },
      members: { orderBy: { addedAt: 'asc' } },
    },
  })
  if (!batch) return null
  const [identities, users, universities, subject, config, corrections] = await Promise.all([
    candidateIdentities(batch, batch.candidates.map((c) => c.applicationId)),
    prisma.user.findMany({ where: { id: { in: batch.members.map((m) => m.userId) } }, select: { id: true, name: true, email: true } }),
    prisma.university.findMany({ where: { id: { in: batch.members.map((m) => m.universityId).filter((x): x is string => !!x) } }, select: { id: true, name: true } }),
    batchSubjectLabel(batch),
    batchConfig(prisma, batch),
    prisma.assessmentCorrectionRequest.findMany({
      where: { assignment: { batchId }, status: 'PENDING' },
      include: { assignment: { select: { userId: true, candidate: { select: { code: true } }, total: true } } },
      orderBy: { requestedAt: 'asc' },
    }),
  ])
  const userName = (id: string) => users.find((u) => u.id === id)?.name ?? id

  const assignments = batch.candidates.flatMap((c) => c.assignments)
  const submitted = assignments.filter((a) => a.submittedAt)
  return {
    batch: { id: batch.id, name: batch.name, testType: batch.testType, status: batch.status, assignedAt: batch.assignedAt, periodId: batch.periodId, agencyId: batch.agencyId, subjectKind: batch.subjectKind, openingId: batch.openingId },
    position: subject,
    config,
    members: batch.members.map((m) => ({
      id: m.id,
      userId: m.userId,
      name: userName(m.userId),
      email: users.find((u) => u.id === m.userId)?.email ?? '',
      institution: universities.find((u) => u.id === m.universityId)?.name ?? null,
      declaredAt: m.declaredAt,
      assigned: assignments.filter((a) => a.userId === m.userId).length,
      submitted: submitted.filter((a) => a.userId === m.userId).length,
      // Per-assessor totals, for the distribution chart: a harsh or lenient assessor shows up.
      totals: submitted.filter((a) => a.userId === m.userId).map((a) => num(a.total)!),
    })),
    candidates: batch.candidates.map((c) => {
      const identity = identities.get(c.applicationId)
      return {
        id: c.id,
        code: c.code,
        name: identity?.name ?? '—',
        registrationNumber: identity?.number ?? null,
        finalScore: num(c.finalScore),
        eliminated: c.eliminated,
        sessionStartsAt: c.sessionStartsAt,
        sessionPlace: c.sessionPlace,
        sessionLink: c.sessionLink,
        conflicts: c.conflicts.map((x) => ({ assessor: userName(x.userId), reason: x.reason })),
        assignments: c.assignments
          .sort((a, b) => (a.role === b.role ? a.createdAt.getTime() - b.createdAt.getTime() : a.role === 'PRIMARY' ? -1 : 1))
          .map((a) => ({ id: a.id, assessor: userName(a.userId), role: a.role, total: num(a.total), submittedAt: a.submittedAt })),
      }
    }),
    progress: { assignments: assignments.length, submitted: submitted.length, candidates: batch.candidates.length, final: batch.candidates.filter((c) => c.finalisedAt).length },
    corrections: corrections.map((r) => ({ id: r.id, code: r.assignment.candidate.code, assessor: userName(r.assignment.userId), total: num(r.assignment.total), reason: r.reason, requestedAt: r.requestedAt })),
  }
}

/** Batches of the panel's agencies, newest first. */
export function listPanelBatches(scope: PanelScope) {
  return prisma.assessmentBatch.findMany({
    where: agencyFilter(scope),
    select: { id: true, name: true, testType: true, status: true, assignedAt: true, _count: { select: { candidates: true, members: true } } },
    orderBy: { createdAt: 'desc' },
    take: 200,
  })
}

export type AssignResult = { ok: true; assigned: number; short: number } | { ok: false; error: string }

/**
 * Spreads the candidates over the declared assessors (even, random, never a conflicted pair).
 * Runs again safely: existing assignments stay, only missing ones are added.
 */
export async function assignBatch(batchId: string, scope: PanelScope | { system: true }, actor: AuditActor): Promise<AssignResult | null> {
  return audited(actor, async (tx, audit) => {
    const where = 'system' in scope ? { id: batchId } : { id: batchId, ...agencyFilter(scope) }
    const batch = await tx.assessmentBatch.findFirst({ where, include: { members: true, candidates: { include: { conflicts: true, assignments: true } } } })
    if (!batch) return null
    // One assignment run at a time per batch.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'assessment-assign:' + batch.id}))`
    const declared = batch.members.filter((m) => m.declaredAt).map((m) => m.userId)
    if (!declared.length) return { ok: false as const, error: 'assessment.errors.noDeclaredAssessors' }
    const perCandidate = (await batchConfig(tx, batch)).assessorsPerCandidate
    const conflicts = new Set(batch.candidates.flatMap((c) => c.conflicts.map((x) => pairKey(c.id, x.userId))))
    const { pairs, short } = assignEvenly({
      candidates: batch.candidates.map((c) => c.id),
      assessors: declared,
      perCandidate,
      conflicts,
      existing: batch.candidates.flatMap((c) => c.assignments.filter((a) => a.role === 'PRIMARY').map((a) => ({ candidateId: c.id, assessorId: a.userId }))),
      random: secureRandom,
    })
    if (pairs.length) {
      await tx.assessmentAssignment.createMany({ data: pairs.map((p) => ({ batchId: batch.id, candidateId: p.candidateId, userId: p.assessorId, role: 'PRIMARY' as const })) })
    }
    await tx.assessmentBatch.update({ where: { id: batch.id }, data: { assignedAt: new Date() } })
    await audit({ action: 'assessment.assigned', entityType: 'AssessmentBatch', entityId: batch.id, after: { assigned: pairs.length, short: short.length, assessors: declared.length } })
    return { ok: true as const, assigned: pairs.length, short: short.length }
  })
}

export async function scheduleSession(
  batchId: string,
  candidateId: string,
  input: { startsAt: Date; place: string | null; link: string | null },
  scope: PanelScope,
  actor: AuditActor,
) {
  const candidate = await prisma.assessmentCandidate.findFirst({ where: { id: candidateId, batchId, batch: agencyFilter(scope) }, select: { id: true, code: true } })
  if (!candidate) return null
  await audited(actor, async (tx, audit) => {
    await tx.assessmentCandidate.update({ where: { id: candidate.id }, data: { sessionStartsAt: input.startsAt, sessionPlace: input.place, sessionLink: input.link } })
    await audit({ action: 'assessment.sessionScheduled', entityType: 'AssessmentCandidate', entityId: candidate.id, after: { code: candidate.code, ...input } })
  })
  return true
}

// ─────────────────────────── final score ───────────────────────────

/**
 * Re-evaluates one candidate after a submission (inside its transaction): adds an adjudicator when
 * the gap is too wide, or writes the final score to the candidate and to AdditionalTestResult.
 * Returns the internship opening whose interview score it just wrote (see `afterSettled`).
 */
async function settleCandidate(
  tx: Tx,
  candidateId: string,
  audit: (e: { action: string; entityType: string; entityId: string; after?: unknown }) => Promise<unknown>,
): Promise<{ internshipOpeningId: string | null }> {
  const candidate = await tx.assessmentCandidate.findUniqueOrThrow({ where: { id: candidateId }, include: { batch: { include: { members: true } }, assignments: true, conflicts: true } })
  const batch = candidate.batch
  const config = await batchConfig(tx, batch)
  const primary = candidate.assignments.filter((a) => a.role === 'PRIMARY')
  const adjudicator = candidate.assignments.find((a) => a.role === 'ADJUDICATOR')
  const outcome = finalScore({
    rule: config.finalScoreRule,
    gapThreshold: config.gapThreshold,
    expectedPrimary: Math.max(primary.length, 1),
    primary: primary.filter((a) => a.submittedAt).map((a) => num(a.total)!),
    adjudicator: adjudicator?.submittedAt ? num(adjudicator.total) : null,
  })
  if (outcome.status === 'pending') {
    if (outcome.waitingFor === 'adjudicator' && !adjudicator) {
      const load = new Map<string, number>()
      const all = await tx.assessmentAssignment.groupBy({ by: ['userId'], where: { batchId: batch.id }, _count: true })
      for (const row of all) load.set(row.userId, row._count)
      const chosen = pickAdjudicator({
        candidateId,
        assessors: batch.members.filter((m) => m.declaredAt).map((m) => m.userId),
        alreadyAssigned: candidate.assignments.map((a) => a.userId),
        conflicts: new Set(candidate.conflicts.map((c) => pairKey(candidateId, c.userId))),
        load,
        random: secureRandom,
      })
      if (chosen) {
        const created = await tx.assessmentAssignment.create({ data: { batchId: batch.id, candidateId, userId: chosen, role: 'ADJUDICATOR' } })
        await audit({ action: 'assessment.adjudicationAssigned', entityType: 'AssessmentAssignment', entityId: created.id, after: { code: candidate.code, assessorId: chosen } })
      } else {
        await audit({ action: 'assessment.adjudicationUnassigned', entityType: 'AssessmentCandidate', entityId: candidateId, after: { code: candidate.code, reason: 'noFreeAssessor' } })
      }
    }
    return { internshipOpeningId: null }
  }
  const eliminated = isEliminated(outcome.score, config.eliminating, config.passScore)
  const now = new Date()
  await tx.assessmentCandidate.update({ where: { id: candidateId }, data: { finalScore: outcome.score, eliminated, finalisedAt: now } })
  await writeFinalResult(tx, batch, candidate.applicationId, { score: outcome.score, eliminated, at: now })
  await audit({ action: 'assessment.finalised', entityType: 'AssessmentCandidate', entityId: candidateId, after: { code: candidate.code, score: outcome.score, eliminated, adjudicated: outcome.adjudicated, rule: config.finalScoreRule } })
  return { internshipOpeningId: batch.subjectKind === 'INTERNSHIP' ? batch.openingId : null }
}

/**
 * After the commit of a settlement that wrote an internship interview score: a freed place that
 * waited for the interviews goes to the next candidate now (`offerFreedPlaces`, which checks that
 * none is pending any more). Imported when needed: the internship model imports this one.
 */
async function afterSettled(settled: { internshipOpeningId: string | null } | null) {
  if (!settled?.internshipOpeningId) return
  const { offerFreedPlaces } = await import('~/models/internship.server')
  // The automatic offer is the system's act, not the interviewer's.
  await offerFreedPlaces(settled.internshipOpeningId, SYSTEM_ACTOR)
}

// ─────────────────────────── assessors ───────────────────────────

/** The batches an assessor sits on; candidate counts only once they have declared. */
export async function listAssessorBatches(userId: string) {
  const members = await prisma.assessmentPanelMember.findMany({
    where: { userId },
    include: { batch: { select: { id: true, name: true, testType: true, status: true } } },
    orderBy: { addedAt: 'desc' },
  })
  const counts = await prisma.assessmentAssignment.groupBy({ by: ['batchId'], where: { userId }, _count: true })
  const open = await prisma.assessmentAssignment.groupBy({ by: ['batchId'], where: { userId, submittedAt: null }, _count: true })
  return members.map((m) => ({
    id: m.batch.id,
    name: m.batch.name,
    testType: m.batch.testType,
    status: m.batch.status,
    declared: Boolean(m.declaredAt),
    assigned: m.declaredAt ? (counts.find((c) => c.batchId === m.batchId)?._count ?? 0) : null,
    open: m.declaredAt ? (open.find((c) => c.batchId === m.batchId)?._count ?? 0) : null,
  }))
}

/**
 * One batch for one assessor. Before the declaration nothing about candidates is returned; after
 * it, only their own tasks by code — never a name, another assessor or another score.
 */
export async function getAssessorBatch(batchId: string, userId: string) {
  const member = await prisma.assessmentPanelMember.findUnique({
    where: { batchId_userId: { batchId, userId } },
    include: { batch: { select: { id: true, name: true, testType: true, status: true, positionId: true, openingId: true, periodId: true, subjectKind: true, agencyId: true } } },
  })
  if (!member) return null
  const [subject, config] = await Promise.all([batchSubjectLabel(member.batch), batchConfig(prisma, member.batch)])
  const base = {
    batch: { id: member.batch.id, name: member.batch.name, testType: member.batch.testType, status: member.batch.status, subjectKind: member.batch.subjectKind },
    positionName: subject.name,
    agencyName: subject.agencyName,
    config: { finalScoreRule: config.finalScoreRule, gapThreshold: config.gapThreshold, rubric: config.rubric },
    declaredAt: member.declaredAt,
  }
  if (!member.declaredAt) return { ...base, tasks: [] as { code: string; role: 'PRIMARY' | 'ADJUDICATOR'; submittedAt: Date | null; session: Date | null; correction: string | null }[] }
  const tasks = await prisma.assessmentAssignment.findMany({
    where: { batchId, userId },
    select: {
      role: true,
      submittedAt: true,
      candidate: { select: { code: true, sessionStartsAt: true } },
      corrections: { select: { status: true }, orderBy: { requestedAt: 'desc' }, take: 1 },
    },
  })
  return {
    ...base,
    tasks: tasks
      .map((t) => ({ code: t.candidate.code, role: t.role, submittedAt: t.submittedAt, session: t.candidate.sessionStartsAt, correction: t.corrections[0]?.status ?? null }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  }
}

export type DeclareResult = { ok: true; conflicts: number } | { ok: false; error: string }

type Facts = CandidateFacts & { universityId?: string }

/** Candidate facts for conflict matching; read here, never returned to the assessor. */
async function candidateFacts(tx: Tx, batch: BatchSubject & { id: string }, candidateIds?: string[]): Promise<Facts[]> {
  const candidates = await tx.assessmentCandidate.findMany({ where: { batchId: batch.id, ...(candidateIds ? { id: { in: candidateIds } } : {}) }, select: { id: true, applicationId: true } })
  if (batch.subjectKind === 'INTERNSHIP') {
    // A student has no NIK, KK or work history on file: the name, the university and the study
    // programme are what can be matched, plus the interviewer's own university (SAME_INSTITUTION).
    const apps = await tx.internshipApplication.findMany({ where: { id: { in: candidates.map((c) => c.applicationId) } }, select: { id: true, studentId: true, universityId: true, studyProgramCode: true } })
    const users = await tx.user.findMany({ where: { id: { in: apps.map((a) => a.studentId) } }, select: { id: true, name: true } })
    const universities = await tx.university.findMany({ where: { id: { in: apps.map((a) => a.universityId) } }, select: { id: true, name: true } })
    return candidates.map((c) => {
      const app = apps.find((a) => a.id === c.applicationId)
      return {
        candidateId: c.id,
        nik: '',
        kk: '',
        fullName: users.find((u) => u.id === app?.studentId)?.name ?? '',
        education: app ? { university: universities.find((u) => u.id === app.universityId)?.name ?? '', studyProgramCode: app.studyProgramCode } : null,
        workHistory: [],
        universityId: app?.universityId,
      }
    })
  }
  const apps = await tx.application.findMany({ where: { id: { in: candidates.map((c) => c.applicationId) } }, select: { id: true, userId: true, education: true, workHistory: true } })
  const ids = await tx.applicantIdentity.findMany({ where: { userId: { in: apps.map((a) => a.userId) } }, select: { userId: true, nik: true, kk: true, fullName: true } })
  return candidates.map((c) => {
    const app = apps.find((a) => a.id === c.applicationId)
    const identity = ids.find((i) => i.userId === app?.userId)
    const education = StoredEducationSchema.safeParse(app?.education)
    const work = WorkHistorySchema.safeParse(app?.workHistory)
    return {
      candidateId: c.id,
      nik: identity?.nik ?? '',
      kk: identity?.kk ?? '',
      fullName: identity?.fullName ?? '',
      education: education.success ? { university: education.data.university, studyProgramCode: education.data.studyProgramCode } : null,
      workHistory: work.success ? work.data : [],
    }
  })
}

/** Conflict pairs of one assessor's declaration with some of a batch's candidates (declared or automatic). */
async function conflictRows(tx: Tx, batch: BatchSubject & { id: string }, userId: string, declaration: Declaration, facts: Facts[], now: Date) {
  const rows = facts.flatMap((c) => findConflicts(declaration, c, now).map((reason) => ({ batchId: batch.id, candidateId: c.candidateId, userId, reason })))
  if (batch.subjectKind === 'INTERNSHIP') {
    const roles = await tx.userRole.findMany({ where: { userId, universityId: { not: null } }, select: { universityId: true } })
    const universities = roles.map((r) => r.universityId!)
    for (const c of facts) {
      if (c.universityId && sameInstitution(universities, c.universityId)) rows.push({ batchId: batch.id, candidateId: c.candidateId, userId, reason: 'SAME_INSTITUTION' })
    }
  }
  return rows
}

/**
 * Adds applications to an open batch inside the caller's transaction (an internship's shortlist
 * grows one student at a time). Each new candidate gets a code, and the declarations already made
 * on the batch are matched against them at once, so a declared conflict holds for candidates who
 * arrive later too. Assignment follows with `assignBatch` after the commit.
 */
export async function enrolCandidates(tx: Tx, audit: (e: AuditEntry) => Promise<unknown>, batchId: string, applicationIds: string[]) {
  const batch = await tx.assessmentBatch.findUniqueOrThrow({ where: { id: batchId }, include: { members: true } })
  const existing = await tx.assessmentCandidate.findMany({ where: { batchId, applicationId: { in: applicationIds } }, select: { applicationId: true } })
  const fresh = applicationIds.filter((id) => !existing.some((e) => e.applicationId === id))
  if (!fresh.length) return []
  const created = []
  for (const applicationId of fresh) {
    created.push(await tx.assessmentCandidate.create({ data: { batchId, applicationId, code: await newCode(tx, batchId, batch.testType) } }))
  }
  const facts = await candidateFacts(tx, batch, created.map((c) => c.id))
  const now = new Date()
  let conflicts = 0
  for (const member of batch.members.filter((m) => m.declaredAt)) {
    const declaration = DeclarationSchema.safeParse(member.declaration)
    if (!declaration.success) continue
    const rows = await conflictRows(tx, batch, member.userId, declaration.data, facts, now)
    if (rows.length) await tx.assessmentConflict.createMany({ data: rows, skipDuplicates: true })
    conflicts += rows.length
  }
  await audit({ action: 'assessment.candidatesEnrolled', entityType: 'AssessmentBatch', entityId: batchId, after: { codes: created.map((c) => c.code), conflicts } })
  return created.map((c) => c.code)
}

/**
 * The declaration of interests for one batch, before any candidate is shown. Conflicts found are
 * stored as pairs that assignment never makes; the assessor learns only how many there are. When
 * every panel member has declared and the batch was not assigned yet, the candidates are assigned.
 */
export async function declareInterests(batchId: string, userId: string, declaration: Declaration, actor: AuditActor): Promise<DeclareResult | null> {
  const result = await audited(actor, async (tx, audit) => {
    const member = await tx.assessmentPanelMember.findUnique({ where: { batchId_userId: { batchId, userId } }, include: { batch: true } })
    if (!member) return null
    if (member.declaredAt) return { ok: false as const, error: 'assessment.errors.alreadyDeclared' }
    const agency = await tx.agency.findUnique({ where: { id: member.batch.agencyId }, select: { name: true } })
    // Independence from the agency is a rule of the ASN selection; an internship interview may be
    // held by the agency's own staff (ADR 019 addendum).
    if (member.batch.subjectKind === 'RECRUITMENT' && agency && worksForAgency(declaration, agency.name)) return { ok: false as const, error: 'assessment.errors.worksForAgency' }
    const now = new Date()
    const facts = await candidateFacts(tx, member.batch)
    const conflicts = await conflictRows(tx, member.batch, userId, declaration, facts, now)
    if (conflicts.length) await tx.assessmentConflict.createMany({ data: conflicts, skipDuplicates: true })
    await tx.assessmentPanelMember.update({ where: { id: member.id }, data: { declaredAt: now, declaration } })
    // The audit row records that a declaration was made and how many pairs it excluded, not whom.
    await audit({ action: 'assessment.declared', entityType: 'AssessmentPanelMember', entityId: member.id, after: { batchId, conflicts: conflicts.length, persons: declaration.persons.length } })
    const undeclared = await tx.assessmentPanelMember.count({ where: { batchId, declaredAt: null } })
    return { ok: true as const, conflicts: conflicts.length, assignNow: undeclared === 0 && !member.batch.assignedAt }
  })
  if (!result) return null
  if (result.ok && result.assignNow) await assignBatch(batchId, { system: true }, actor)
  return result.ok ? { ok: true, conflicts: result.conflicts } : result
}

/** One task of an assessor by candidate code; null (404) for a code not assigned to them. */
export async function getAssessorTask(batchId: string, code: string, userId: string) {
  const member = await prisma.assessmentPanelMember.findUnique({ where: { batchId_userId: { batchId, userId } }, select: { declaredAt: true } })
  if (!member?.declaredAt) return null
  const assignment = await prisma.assessmentAssignment.findFirst({
    where: { batchId, userId, candidate: { code } },
    select: {
      id: true,
      role: true,
      scores: true,
      total: true,
      submittedAt: true,
      reopenedAt: true,
      candidate: { select: { code: true, sessionStartsAt: true, sessionPlace: true, sessionLink: true } },
      corrections: { select: { id: true, status: true, reason: true, decisionNote: true, requestedAt: true }, orderBy: { requestedAt: 'desc' } },
      batch: { select: { name: true, testType: true, positionId: true, openingId: true, periodId: true, subjectKind: true } },
    },
  })
  if (!assignment) return null
  const config = await batchConfig(prisma, assignment.batch)
  return {
    id: assignment.id,
    code: assignment.candidate.code,
    role: assignment.role,
    batchName: assignment.batch.name,
    testType: assignment.batch.testType,
    rubric: config.rubric,
    scores: (assignment.scores as CompetencyScore[] | null) ?? null,
    total: num(assignment.total),
    submittedAt: assignment.submittedAt,
    reopenedAt: assignment.reopenedAt,
    session: assignment.candidate.sessionStartsAt ? { startsAt: assignment.candidate.sessionStartsAt, place: assignment.candidate.sessionPlace, link: assignment.candidate.sessionLink } : null,
    corrections: assignment.corrections,
  }
}

export type SubmitResult = { ok: true } | { ok: false; error: string }

/** A submission is final: the row is claimed with `submittedAt IS NULL`, so a second post changes nothing. */
export async function submitScores(batchId: string, code: string, userId: string, scores: CompetencyScore[], actor: AuditActor): Promise<SubmitResult | null> {
  const task = await getAssessorTask(batchId, code, userId)
  if (!task) return null
  const keys = task.rubric.map((c) => c.key).sort().join(',')
  if (scores.map((s) => s.key).sort().join(',') !== keys) return { ok: false, error: 'assessment.errors.rubricChanged' }
  const total = assessorTotal(scores)
  const result = await audited(actor, async (tx, audit) => {
    const claimed = await tx.assessmentAssignment.updateMany({ where: { id: task.id, submittedAt: null }, data: { scores, total, submittedAt: new Date() } })
    if (claimed.count === 0) return { ok: false as const, error: 'assessment.errors.locked' }
    const assignment = await tx.assessmentAssignment.findUniqueOrThrow({ where: { id: task.id }, select: { candidateId: true } })
    await audit({ action: 'assessment.submitted', entityType: 'AssessmentAssignment', entityId: task.id, after: { code, role: task.role, total, scores } })
    return { ok: true as const, settled: await settleCandidate(tx, assignment.candidateId, audit) }
  })
  if (!result.ok) return result
  await afterSettled(result.settled)
  return { ok: true }
}

/**
 * An assessor who recognises a candidate only on seeing them (e.g. at the interview) withdraws
 * before submitting: the pair becomes a RECUSED conflict and another conflict-free assessor takes
 * the task (a primary through assignment, an adjudicator through the settlement rule).
 */
export async function recuse(batchId: string, code: string, userId: string, reason: string, actor: AuditActor): Promise<SubmitResult | null> {
  const task = await getAssessorTask(batchId, code, userId)
  if (!task) return null
  if (task.submittedAt) return { ok: false, error: 'assessment.errors.locked' }
  const { role, settled } = await audited(actor, async (tx, audit) => {
    const assignment = await tx.assessmentAssignment.findUniqueOrThrow({ where: { id: task.id } })
    await tx.assessmentConflict.create({ data: { batchId, candidateId: assignment.candidateId, userId, reason: 'RECUSED' } })
    await tx.assessmentAssignment.delete({ where: { id: assignment.id } })
    await audit({ action: 'assessment.recused', entityType: 'AssessmentAssignment', entityId: assignment.id, after: { code, role: assignment.role, reason } })
    const settled = assignment.role === 'ADJUDICATOR' ? await settleCandidate(tx, assignment.candidateId, audit) : null
    return { role: assignment.role, settled }
  })
  if (role === 'PRIMARY') await assignBatch(batchId, { system: true }, actor)
  await afterSettled(settled)
  return { ok: true }
}

export async function requestCorrection(batchId: string, code: string, userId: string, reason: string, actor: AuditActor): Promise<SubmitResult | null> {
  const task = await getAssessorTask(batchId, code, userId)
  if (!task) return null
  if (!task.submittedAt) return { ok: false, error: 'assessment.errors.notSubmitted' }
  if (task.corrections.some((c) => c.status === 'PENDING')) return { ok: false, error: 'assessment.errors.correctionPending' }
  await audited(actor, async (tx, audit) => {
    const row = await tx.assessmentCorrectionRequest.create({ data: { assignmentId: task.id, reason } })
    await audit({ action: 'assessment.correctionRequested', entityType: 'AssessmentAssignment', entityId: task.id, after: { requestId: row.id, code, reason } })
  })
  return { ok: true }
}

/**
 * The panel decides a correction request. Approval reopens the submission; a final score that
 * depended on it is withdrawn (candidate and AdditionalTestResult) until the corrected one is in.
 */
export async function decideCorrection(requestId: string, approve: boolean, note: string, scope: PanelScope, actor: AuditActor) {
  const request = await prisma.assessmentCorrectionRequest.findFirst({
    where: { id: requestId, status: 'PENDING', assignment: { batch: agencyFilter(scope) } },
    include: { assignment: { include: { candidate: true, batch: true } } },
  })
  if (!request) return null
  await audited(actor, async (tx, audit) => {
    const now = new Date()
    await tx.assessmentCorrectionRequest.update({ where: { id: request.id }, data: { status: approve ? 'APPROVED' : 'REJECTED', decidedById: actor.actorId, decidedAt: now, decisionNote: note } })
    const { assignment } = request
    if (approve) {
      await tx.assessmentAssignment.update({ where: { id: assignment.id }, data: { submittedAt: null, reopenedAt: now } })
      if (assignment.candidate.finalisedAt) {
        await tx.assessmentCandidate.update({ where: { id: assignment.candidateId }, data: { finalScore: null, eliminated: null, finalisedAt: null } })
        await withdrawFinalResult(tx, assignment.batch, assignment.candidate.applicationId)
      }
    }
    await audit({
      action: approve ? 'assessment.correctionApproved' : 'assessment.correctionRejected',
      entityType: 'AssessmentAssignment',
      entityId: assignment.id,
      before: { total: num(assignment.total), scores: assignment.scores, finalScore: num(assignment.candidate.finalScore) },
      after: { requestId: request.id, code: assignment.candidate.code, note },
    })
  })
  return true
}

// ─────────────────────────── candidates ───────────────────────────

/** The applicant's own assessment sessions (their dashboard): schedule only, never scores in progress. */
export async function sessionsForApplicant(userId: string) {
  const apps = await prisma.application.findMany({ where: { userId }, select: { id: true } })
  if (!apps.length) return []
  const rows = await prisma.assessmentCandidate.findMany({
    where: { applicationId: { in: apps.map((a) => a.id) }, sessionStartsAt: { not: null }, batch: { subjectKind: 'RECRUITMENT' } },
    select: { sessionStartsAt: true, sessionPlace: true, sessionLink: true, batch: { select: { testType: true, positionId: true } } },
    orderBy: { sessionStartsAt: 'asc' },
  })
  const positions = await prisma.position.findMany({ where: { id: { in: rows.map((r) => r.batch.positionId!) } }, select: { id: true, name: true, agency: { select: { name: true } } } })
  return rows.map((r) => {
    const p = positions.find((x) => x.id === r.batch.positionId)
    return { testType: r.batch.testType, startsAt: r.sessionStartsAt!, place: r.sessionPlace, link: r.sessionLink, positionName: p?.name ?? '', agencyName: p?.agency.name ?? '' }
  })
}

/**
 * Users who may score for an agency (the panel's "add assessor" list): independent assessors, and
 * for an internship interview also the agency's mentors (`mayScoreFor`).
 */
export async function assessorsAvailableFor(agencyId: string, subjectKind: SubjectKind = 'RECRUITMENT') {
  const roles = await prisma.userRole.findMany({
    where: subjectKind === 'INTERNSHIP' ? { OR: [{ role: 'ASSESSOR', agencyId: null }, { role: { in: ['ASSESSOR', 'MENTOR'] }, agencyId }] } : { role: 'ASSESSOR', OR: [{ agencyId: null }, { agencyId }] },
    select: { userId: true, role: true, user: { select: { name: true, email: true, roles: { select: { role: true, agencyId: true, universityId: true } } } }, university: { select: { name: true } } },
    orderBy: { user: { name: 'asc' } },
  })
  const seen = new Set<string>()
  return roles
    .filter((r) => mayScoreFor(r.user.roles, agencyId, subjectKind).ok && !seen.has(r.userId) && seen.add(r.userId))
    .map((r) => ({ userId: r.userId, name: r.user.name, email: r.user.email, institution: r.university?.name ?? null, internal: r.role === 'MENTOR' }))
}

export async function findUserIdByEmail(email: string) {
  return (await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } }))?.id ?? null
}
