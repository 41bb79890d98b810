import { prisma, type Tx } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { audited, SYSTEM_ACTOR, type AuditActor } from '~/models/audit.server'
import { getActiveRules } from '~/models/period.server'
import { defineJob } from '~/utils/queue.server'
import { sendMail } from '~/utils/mail.server'
import { rankingResultEmail } from '~/utils/mail-templates-ranking.server'
import { RULES_2024, type PeriodRules } from '~/domain/selection/rules'
import { equipercentile } from '~/domain/ranking/normalisation'
import { canObject, objectionTimeline } from '~/domain/verification/objection'
import { decideObjection, fileObjection, ObjectionRefused } from '~/models/objection.server'
import {
  approvalRefusal,
  contentHash,
  histogram,
  resignationOutcome,
  type PublishedLine,
} from '~/domain/ranking/publication'
import {
  finalIntegrationStatement,
  optimalisationOtherUnitsStatement,
  optimalisationSameLocationStatement,
  pppkRankingStatement,
  skdRankingStatement,
  type RankingStatement,
  type StepShare,
} from './ranking-sql.server'

/**
 * The ranking context (issue 8; domain.md §4, §6, §7). A run is a background job that executes
 * the set-based statements of `ranking-sql.server.ts` one step at a time, each step in one audited
 * transaction, and leaves a DRAFT. Publication takes two different committee members; a published
 * list is immutable (database triggers) and identified by its content hash; a correction is a new
 * version that supersedes the old one.
 */

export type RankingStage = 'SKD' | 'FINAL' | 'PPPK'
export const RANKING_JOB = 'ranking.run'
export const RANKING_NOTIFY_JOB = 'ranking.notify'
/** Applicants e-mailed per notification job; each job queues the next batch. */
export const NOTIFY_BATCH = 200
/** A national run writes millions of rows: a step may take minutes, not Prisma's default 5 s. */
const STEP_TIMEOUT_MS = 30 * 60 * 1000

export function stagesFor(kind: 'CPNS' | 'PPPK'): RankingStage[] {
  return kind === 'PPPK' ? ['PPPK'] : ['SKD', 'FINAL']
}

async function rulesOf(periodId: string): Promise<PeriodRules> {
  return (await getActiveRules(periodId))?.rules ?? RULES_2024
}

async function isCommittee(userId: string | null, db: Tx | typeof prisma = prisma) {
  if (!userId) return false
  return (await db.userRole.count({ where: { userId, role: 'COMMITTEE' } })) > 0
}

class Refusal extends Error {
  constructor(readonly code: string) {
    super(code)
  }
}

async function refusing<T>(work: () => Promise<T>): Promise<T | { ok: false; error: string }> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: err.code }
    throw err
  }
}

// ───────────────────────── runs ─────────────────────────

export type StartRunResult = { ok: true; runId: string } | { ok: false; error: string }

/**
 * Queues a ranking run of a whole period at one stage. FINAL integrates the P/L candidates of the
 * SKD list in force (the published one, else the newest draft). `correctsId` + `reason` make it a
 * correction of a published list.
 */
export async function startRankingRun(
  input: { periodId: string; stage: RankingStage; correctsId?: string | null; reason?: string | null; normalisation?: 'NONE' | 'EQUIPERCENTILE' },
  actor: AuditActor,
  opts: { now?: Date } = {},
): Promise<StartRunResult> {
  const normalisation = input.normalisation ?? 'NONE'
  const result = await refusing(() =>
    audited(actor, async (tx, audit) => {
      const period = await tx.selectionPeriod.findUnique({ where: { id: input.periodId }, select: { id: true, kind: true } })
      if (!period) throw new Refusal('notFound')
      if (!stagesFor(period.kind).includes(input.stage)) throw new Refusal('wrongStage')
      if (!(await isCommittee(actor.actorId, tx))) throw new Refusal('notCommittee')
      // One run per period and stage at a time (a second click, two committee members at once).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`ranking:${input.periodId}:${input.stage}`}))`
      const busy = await tx.rankingRun.count({ where: { periodId: input.periodId, stage: input.stage, status: { in: ['QUEUED', 'RUNNING'] } } })
      if (busy) throw new Refusal('busy')
      let sourceRunId: string | null = null
      if (input.stage === 'FINAL') {
        const source = await sourceSkdRun(tx, input.periodId)
        if (!source) throw new Refusal('noSkdRun')
        sourceRunId = source
      }
      if (normalisation !== 'NONE') {
        // Beyond the national rule (ADR 017): only for SKD, and only once the committee has had a
        // raw run of the period to review, where each position shows raw and normalised side by side.
        if (input.stage !== 'SKD') throw new Refusal('wrongStage')
        const reviewed = await tx.rankingRun.count({ where: { periodId: input.periodId, stage: 'SKD', normalisation: 'NONE', status: 'DRAFT' } })
        if (!reviewed) throw new Refusal('normalisationNotReviewed')
      }
      if (input.correctsId) {
        const corrected = await tx.rankingPublication.findFirst({ where: { id: input.correctsId, periodId: input.periodId, stage: input.stage, status: 'PUBLISHED' } })
        if (!corrected) throw new Refusal('notCorrectable')
        if (!input.reason?.trim()) throw new Refusal('reasonRequired')
      }
      const run = await tx.rankingRun.create({
        data: {
          periodId: input.periodId,
          stage: input.stage,
          sourceRunId,
          correctsId: input.correctsId ?? null,
          correctionReason: input.reason?.trim() || null,
          createdById: actor.actorId!,
          normalisation,
          normalisationChosenById: normalisation === 'NONE' ? null : actor.actorId,
          normalisationChosenAt: normalisation === 'NONE' ? null : (opts.now ?? new Date()),
        },
      })
      await audit({
        action: 'ranking.run.queued',
        entityType: 'RankingRun',
        entityId: run.id,
        after: { stage: run.stage, periodId: run.periodId, sourceRunId, correctsId: run.correctsId, normalisation, normalisationChosenById: run.normalisationChosenById },
      })
      return { ok: true as const, runId: run.id }
    }),
  )
  // After the commit (queue.server.ts: never enqueue inside a transaction).
  if (result.ok) await rankingJob.enqueue({ runId: result.runId }, { jobId: `${RANKING_JOB}:${result.runId}` })
  return result
}

async function sourceSkdRun(db: Tx | typeof prisma, periodId: string) {
  const published = await db.rankingPublication.findFirst({ where: { periodId, stage: 'SKD', status: 'PUBLISHED' }, select: { runId: true } })
  if (published) return published.runId
  const draft = await db.rankingRun.findFirst({ where: { periodId, stage: 'SKD', status: 'DRAFT' }, orderBy: { createdAt: 'desc' }, select: { id: true } })
  return draft?.id ?? null
}

/** How many shares each step is split into, each on its own connection (2 cores → 2). */
export function rankingWorkers() {
  return getEnv().RANKING_WORKERS
}

type RunForSteps = { id: string; periodId: string; stage: RankingStage; sourceRunId: string | null; normalisation: 'NONE' | 'EQUIPERCENTILE' }
type StepBuilder = { name: string; inserts: boolean; build: (share: StepShare) => RankingStatement }

function stepsFor(run: RunForSteps, rules: PeriodRules): StepBuilder[] {
  const step = (name: string, inserts: boolean, build: (share: StepShare) => RankingStatement) => ({ name, inserts, build })
  const normalised = run.normalisation === 'EQUIPERCENTILE'
  if (run.stage === 'SKD') return [step('skd', true, (s) => skdRankingStatement(run.id, run.periodId, rules, s, { normalised }))]
  if (run.stage === 'PPPK') return [step('pppk', true, (s) => pppkRankingStatement(run.id, run.periodId, s))]
  return [
    step('integration', true, (s) => finalIntegrationStatement(run.id, run.sourceRunId!, rules, s)),
    step('optimalisasi-1', false, (s) => optimalisationSameLocationStatement(run.id, run.periodId, rules, s)),
    step('optimalisasi-2', false, (s) => optimalisationOtherUnitsStatement(run.id, run.periodId, rules, s)),
  ]
}

/** The run's own table: filled while the run works, attached to "RankingEntry" as its partition at the end. */
export function runTable(runId: string) {
  if (!/^[a-z0-9]+$/i.test(runId)) throw new Error(`unexpected run id: ${runId}`)
  return `RankingEntry_${runId}`
}

/**
 * Runs `work` on `n` connections at once (one transaction each) and returns their results in order.
 * Waits for every share before failing, so no share still holds the run's table when the failed
 * run drops it.
 */
async function onConnections<T>(n: number, work: (tx: Tx, k: number) => Promise<T>): Promise<T[]> {
  const settled = await Promise.allSettled(
    Array.from({ length: n }, (_, k) =>
      prisma.$transaction(
        async (tx) => {
          // Sort memory per share: each share sorts its part of the period once, in memory (the
          // bench's SKD share spilled 210 MB to disk with 256 MB).
          await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${getEnv().RANKING_WORK_MEM}'`)
          // The share predicate is a hash expression without statistics: the planner guesses 0.5 %
          // of the rows and picks index nested loops over millions (bench: 3.2 M page reads into
          // TestResult in the SKD step). Every step is a set operation over the period: hash joins.
          await tx.$executeRawUnsafe('SET LOCAL enable_nestloop = off')
          return work(tx, k)
        },
        { timeout: STEP_TIMEOUT_MS, maxWait: 60_000 },
      ),
    ),
  )
  const failed = settled.find((r) => r.status === 'rejected')
  if (failed) throw failed.reason
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value)
}

/**
 * The `ranking.run` job (ADR 017). The run's rows are built in the run's own table, which no
 * reader sees: each step is split into `rankingWorkers()` disjoint shares run at the same time on
 * separate connections, and audited when all shares are done; the table's indexes are built after
 * the bulk load; then ONE audited transaction attaches the table as the run's partition of
 * "RankingEntry" and makes the run a DRAFT. So the list appears whole or not at all. Idempotent: a
 * run already finished is left alone, and a retry after a crash starts again from an empty table.
 */
export async function executeRankingRun(runId: string, actor: AuditActor = SYSTEM_ACTOR, opts: { workers?: number } = {}) {
  const run = await prisma.rankingRun.findUnique({ where: { id: runId } })
  if (!run || run.status === 'DRAFT') return null
  const rules = await rulesOf(run.periodId)
  const steps = stepsFor(run, rules)
  const workers = opts.workers ?? rankingWorkers()
  const table = runTable(runId)
  const timings: Record<string, number> = {}
  try {
    await prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS "${table}"`)
    await prisma.rankingRun.update({ where: { id: runId }, data: { status: 'RUNNING', progress: 0, progressStep: steps[0]!.name, error: null } })
    // Same columns as the parent; the CHECK lets ATTACH skip its validation scan.
    await prisma.$executeRawUnsafe(`CREATE TABLE "${table}" (LIKE "RankingEntry" INCLUDING DEFAULTS, CONSTRAINT "${table}_run" CHECK ("runId" = '${runId}'))`)
    let entryCount = 0
    for (const [i, step] of steps.entries()) {
      await prisma.rankingRun.update({ where: { id: runId }, data: { progress: Math.round((i / (steps.length + 1)) * 100), progressStep: step.name } })
      const started = Date.now()
      const counts = await onConnections(workers, (tx, k) => {
        const statement = step.build({ table, workers, worker: k })
        return tx.$executeRawUnsafe(statement.sql, ...statement.params)
      })
      const rows = counts.reduce((a, b) => a + b, 0)
      // Fresh statistics for the next step: planned on statistics that have never seen this
      // run's rows, the optimalisasi joins became nested loops (minutes instead of seconds).
      if (step.inserts) {
        await prisma.$executeRawUnsafe(`ANALYZE "${table}"`)
        entryCount += rows
      }
      await audited(actor, (_tx, audit) => audit({ action: 'ranking.run.step', entityType: 'RankingRun', entityId: runId, after: { step: step.name, rows, workers } }))
      timings[step.name] = Date.now() - started
      timings[`${step.name}.rows`] = rows
    }
    await prisma.rankingRun.update({ where: { id: runId }, data: { progress: Math.round((steps.length / (steps.length + 1)) * 100), progressStep: 'index' } })
    let started = Date.now()
    // The parent's two indexes, built once over the loaded table (each on its own connection);
    // ATTACH adopts them instead of building new ones. The key must be a PRIMARY KEY constraint,
    // not just a unique index, or ATTACH builds the parent's key a second time (bench: 8 s).
    await Promise.all([
      prisma.$executeRawUnsafe(`ALTER TABLE "${table}" ADD CONSTRAINT "${table}_pkey" PRIMARY KEY ("runId", "applicationId")`),
      prisma.$executeRawUnsafe(`CREATE INDEX "${table}_position" ON "${table}" ("runId", "positionId")`),
    ])
    timings['index'] = Date.now() - started
    started = Date.now()
    await audited(
      actor,
      async (tx, audit) => {
        await tx.$executeRawUnsafe(`ALTER TABLE "RankingEntry" ATTACH PARTITION "${table}" FOR VALUES IN ('${runId}')`)
        timings['attach'] = Date.now() - started
        await tx.rankingRun.update({ where: { id: runId }, data: { status: 'DRAFT', progress: 100, progressStep: 'done', entryCount, timings, finishedAt: new Date() } })
        await audit({ action: 'ranking.run.drafted', entityType: 'RankingRun', entityId: runId, after: { entryCount, timings } })
      },
      { timeoutMs: STEP_TIMEOUT_MS },
    )
    return timings
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    await audited(actor, async (tx, audit) => {
      // Never attached (the attach is the last statement of the run), so nobody has read it.
      await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS "${table}"`)
      await tx.rankingRun.update({ where: { id: runId }, data: { status: 'FAILED', error: message.slice(0, 2000), finishedAt: new Date() } })
      await audit({ action: 'ranking.run.failed', entityType: 'RankingRun', entityId: runId, after: { error: message.slice(0, 500) } })
    })
    throw err
  }
}

export const rankingJob = defineJob<{ runId: string }>(RANKING_JOB, async ({ runId }) => {
  await executeRankingRun(runId)
}, { attempts: 2 })

export async function listRuns(periodId: string) {
  return prisma.rankingRun.findMany({
    where: { periodId },
    orderBy: { createdAt: 'desc' },
    take: 50,
    include: { publications: { orderBy: { version: 'desc' } } },
  })
}

export async function getRun(runId: string) {
  const run = await prisma.rankingRun.findUnique({ where: { id: runId }, include: { publications: { orderBy: { version: 'desc' } } } })
  if (!run) return null
  const period = await prisma.selectionPeriod.findUniqueOrThrow({ where: { id: run.periodId }, select: { id: true, code: true, name: true, kind: true, year: true } })
  const names = await userNames([run.createdById, run.normalisationChosenById, ...run.publications.flatMap((p) => [p.preparedById, p.approvedById])])
  return { ...run, period, names: Object.fromEntries(names) }
}

async function userNames(ids: (string | null)[]) {
  const unique = [...new Set(ids.filter((x): x is string => Boolean(x)))]
  const users = unique.length ? await prisma.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } }) : []
  return new Map(users.map((u) => [u.id, u.name]))
}

/** Counts per code in a run, and the positions with their counts, a page at a time. */
export async function runOverview(runId: string, opts: { page?: number; search?: string } = {}) {
  const pageSize = 25
  const page = Math.max(1, opts.page ?? 1)
  const codes = await prisma.rankingEntry.groupBy({ by: ['code'], where: { runId }, _count: { _all: true } })
  const search = opts.search?.trim() ? `%${opts.search.trim()}%` : null
  const positions = await prisma.$queryRaw<
    { positionId: string; code: string; name: string; unit: string; agency: string; candidates: bigint; passed: bigint; vacancies: bigint }[]
  >`
    SELECT p.id AS "positionId", p.code, p.name, p.unit, ag.name AS agency, count(*) AS candidates,
      count(*) FILTER (WHERE e.code IN ('P/L', 'L', 'L-1', 'L-2')) AS passed,
      (SELECT COALESCE(sum(v.count), 0) FROM "Vacancy" v WHERE v."positionId" = p.id AND v."isActive") AS vacancies
    FROM "RankingEntry" e JOIN "Position" p ON p.id = e."positionId" JOIN "Agency" ag ON ag.id = p."agencyId"
    WHERE e."runId" = ${runId} AND (${search}::text IS NULL OR p.name ILIKE ${search} OR p.code ILIKE ${search})
    GROUP BY p.id, ag.name ORDER BY ag.name, p.name, p.id
    LIMIT ${pageSize + 1} OFFSET ${(page - 1) * pageSize}`
  return {
    codes: Object.fromEntries(codes.map((c) => [c.code, c._count._all])),
    positions: positions.slice(0, pageSize).map((p) => ({ ...p, candidates: Number(p.candidates), passed: Number(p.passed), vacancies: Number(p.vacancies) })),
    page,
    hasNext: positions.length > pageSize,
  }
}

/**
 * The committee's review of one position in a run: per vacancy the list, the quota or count, the
 * boundary (last rank inside), the candidates tied at the boundary, a score histogram, and the
 * equipercentile-normalised SKD totals beside the raw ones when the scores come from several sessions.
 */
export async function positionReview(runId: string, positionId: string) {
  const run = await prisma.rankingRun.findUnique({ where: { id: runId }, select: { id: true, periodId: true, stage: true } })
  if (!run) return null
  const position = await prisma.position.findFirst({ where: { id: positionId, periodId: run.periodId }, include: { agency: { select: { name: true } }, vacancies: { where: { isActive: true }, orderBy: [{ formasiTypeCode: 'asc' }, { location: 'asc' }] } } })
  if (!position) return null
  const rules = await rulesOf(run.periodId)
  const entries = await prisma.rankingEntry.findMany({ where: { runId, positionId }, orderBy: [{ vacancyId: 'asc' }, { rank: { sort: 'asc', nulls: 'last' } }, { code: 'asc' }] })
  const people = await candidateLabels(entries.map((e) => e.applicationId))
  const vacancyLabel = new Map(position.vacancies.map((v) => [v.id, `${v.formasiTypeCode} · ${v.location}`]))
  const assignedLabels = await vacancyLabels(entries.map((e) => e.assignedVacancyId).filter((x): x is string => Boolean(x) && !vacancyLabel.has(x!)))
  for (const [k, v] of assignedLabels) vacancyLabel.set(k, v)
  const normalised = new Map(
    equipercentile(entries.filter((e) => e.skdTotal !== null && e.session).map((e) => ({ id: e.applicationId, session: e.session!, score: e.skdTotal! }))).map((n) => [n.id, n]),
  )
  const sessions = new Set(entries.map((e) => e.session).filter(Boolean)).size
  const groups = position.vacancies.map((v) => {
    const list = entries.filter((e) => e.vacancyId === v.id)
    const limit = run.stage === 'SKD' ? v.count * rules.skbQuotaMultiplier : v.count
    const inside = list.filter((e) => e.rank !== null && e.rank <= limit)
    const boundaryRank = inside.length ? Math.max(...inside.map((e) => e.rank!)) : null
    const boundaryScore = inside.length ? inside[inside.length - 1]!.score : null
    const ties = boundaryScore === null ? [] : list.filter((e) => e.rank === boundaryRank || (run.stage === 'SKD' && e.score?.equals(boundaryScore) && e.rank !== null))
    return {
      vacancyId: v.id,
      formasiTypeCode: v.formasiTypeCode,
      location: v.location,
      count: v.count,
      limit,
      boundaryRank,
      tiedAtBoundary: run.stage === 'SKD' ? list.filter((e) => e.rank !== null && e.rank === boundaryRank).length : 0,
      exceededBy: run.stage === 'SKD' ? Math.max(0, list.filter((e) => e.code === 'P/L').length - limit) : 0,
      ties: ties.length,
      histogram: histogram(list.filter((e) => e.score !== null).map((e) => Number(e.score)), 10),
      entries: list.map((e) => ({
        applicationId: e.applicationId,
        registrationNumber: people.get(e.applicationId)?.registrationNumber ?? '—',
        name: people.get(e.applicationId)?.name ?? '—',
        rank: e.rank,
        code: e.code,
        score: e.score?.toString() ?? null,
        twk: e.twk,
        tiu: e.tiu,
        tkp: e.tkp,
        skdTotal: e.skdTotal,
        skb100: e.skb100?.toString() ?? null,
        technical: e.technical,
        managerialSocio: e.managerialSocio,
        interview: e.interview,
        priorityGroup: e.priorityGroup,
        session: e.session,
        normalised: normalised.get(e.applicationId)?.normalised ?? null,
        assignedTo: e.assignedVacancyId && e.assignedVacancyId !== e.vacancyId ? (vacancyLabel.get(e.assignedVacancyId) ?? e.assignedVacancyId) : null,
      })),
    }
  })
  return { run, position: { id: position.id, code: position.code, name: position.name, unit: position.unit, agency: position.agency.name }, sessions, groups }
}

async function candidateLabels(applicationIds: string[]) {
  if (!applicationIds.length) return new Map<string, { registrationNumber: string; name: string }>()
  const rows = await prisma.$queryRaw<{ id: string; registrationNumber: string | null; name: string | null }[]>`
    SELECT a.id, a."registrationNumber", ai."fullName" AS name FROM "Application" a
    LEFT JOIN "ApplicantIdentity" ai ON ai."userId" = a."userId" WHERE a.id = ANY(${applicationIds})`
  return new Map(rows.map((r) => [r.id, { registrationNumber: r.registrationNumber ?? r.id, name: r.name ?? '—' }]))
}

async function vacancyLabels(ids: string[]) {
  if (!ids.length) return new Map<string, string>()
  const rows = await prisma.vacancy.findMany({ where: { id: { in: ids } }, select: { id: true, formasiTypeCode: true, location: true, position: { select: { code: true, unit: true } } } })
  return new Map(rows.map((v) => [v.id, `${v.position.code} (${v.position.unit}) · ${v.formasiTypeCode} · ${v.location}`]))
}

// ───────────────────────── publication ─────────────────────────

/** Every line of a run's list, in registration-number order (for the hash, exports and pages). */
export async function runLines(runId: string, opts: { positionId?: string; limit?: number; offset?: number } = {}): Promise<PublishedLine[]> {
  const rows = await prisma.$queryRaw<
    { registrationNumber: string | null; applicationId: string; name: string | null; positionCode: string; formasiTypeCode: string; location: string; rank: number | null; score: string | null; code: string; assignedTo: string | null }[]
  >`
    SELECT a."registrationNumber", e."applicationId", ai."fullName" AS name, p.code AS "positionCode", e."formasiTypeCode", e.location,
      e.rank, e.score::text AS score, e.code,
      CASE WHEN e."assignedVacancyId" IS NOT NULL AND e."assignedVacancyId" <> e."vacancyId"
        THEN ap.code || ' · ' || av."formasiTypeCode" || ' · ' || av.location END AS "assignedTo"
    FROM "RankingEntry" e
    JOIN "Application" a ON a.id = e."applicationId"
    LEFT JOIN "ApplicantIdentity" ai ON ai."userId" = a."userId"
    JOIN "Position" p ON p.id = e."positionId"
    LEFT JOIN "Vacancy" av ON av.id = e."assignedVacancyId"
    LEFT JOIN "Position" ap ON ap.id = av."positionId"
    WHERE e."runId" = ${runId} AND (${opts.positionId ?? null}::text IS NULL OR e."positionId" = ${opts.positionId ?? null})
    ORDER BY p.code, e."formasiTypeCode", e.location, e.rank NULLS LAST, a."registrationNumber"
    LIMIT ${opts.limit ?? 10_000_000} OFFSET ${opts.offset ?? 0}`
  return rows.map((r) => ({
    registrationNumber: r.registrationNumber ?? r.applicationId,
    name: r.name ?? '—',
    positionCode: r.positionCode,
    formasiTypeCode: r.formasiTypeCode,
    location: r.location,
    rank: r.rank,
    score: r.score,
    code: r.code,
    assignedTo: r.assignedTo,
  }))
}

export type PublicationResult = { ok: true; publicationId: string } | { ok: false; error: string }

/** The first committee member prepares a DRAFT run for publication (version n+1 of its stage). */
export async function preparePublication(runId: string, actor: AuditActor): Promise<PublicationResult> {
  return refusing(() =>
    audited(actor, async (tx, audit) => {
      if (!(await isCommittee(actor.actorId, tx))) throw new Refusal('notCommittee')
      const run = await tx.rankingRun.findUnique({ where: { id: runId } })
      if (!run) throw new Refusal('notFound')
      if (run.status !== 'DRAFT') throw new Refusal('notDraft')
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`ranking:${run.periodId}:${run.stage}`}))`
      if (await tx.rankingPublication.count({ where: { periodId: run.periodId, stage: run.stage, status: 'PENDING' } })) throw new Refusal('pendingExists')
      const current = await tx.rankingPublication.findFirst({ where: { periodId: run.periodId, stage: run.stage, status: 'PUBLISHED' } })
      if (current && !run.correctsId) throw new Refusal('correctionNeeded')
      if (current && current.runId === run.id) throw new Refusal('alreadyPublished')
      const last = await tx.rankingPublication.findFirst({ where: { periodId: run.periodId, stage: run.stage }, orderBy: { version: 'desc' }, select: { version: true } })
      const publication = await tx.rankingPublication.create({
        data: {
          runId,
          periodId: run.periodId,
          stage: run.stage,
          version: (last?.version ?? 0) + 1,
          reason: run.correctionReason,
          preparedById: actor.actorId!,
          lineCount: run.entryCount,
        },
      })
      await audit({ action: 'ranking.publication.prepared', entityType: 'RankingPublication', entityId: publication.id, after: { runId, version: publication.version, reason: publication.reason } })
      return { ok: true as const, publicationId: publication.id }
    }),
  )
}

/**
 * The second committee member approves: the list is hashed and published, the previous version
 * (if any) becomes SUPERSEDED, and applicants are e-mailed in batches after the commit.
 * Two-person rule enforced here, whatever the page shows.
 */
export async function approvePublication(publicationId: string, actor: AuditActor, opts: { now?: Date } = {}): Promise<PublicationResult> {
  const now = opts.now ?? new Date()
  const result = await refusing(() =>
    audited(
      actor,
      async (tx, audit) => {
        const publication = await tx.rankingPublication.findUnique({ where: { id: publicationId } })
        if (!publication) throw new Refusal('notFound')
        if (publication.status !== 'PENDING') throw new Refusal('notPending')
        const refusal = approvalRefusal(
          { userId: publication.preparedById, isCommittee: await isCommittee(publication.preparedById, tx) },
          { userId: actor.actorId ?? '', isCommittee: await isCommittee(actor.actorId, tx) },
        )
        if (refusal) throw new Refusal(refusal)
        const period = await tx.selectionPeriod.findUniqueOrThrow({ where: { id: publication.periodId }, select: { code: true } })
        const lines = await runLines(publication.runId)
        const hash = contentHash({ period: period.code, stage: publication.stage, version: publication.version }, lines)
        const previous = await tx.rankingPublication.findFirst({ where: { periodId: publication.periodId, stage: publication.stage, status: 'PUBLISHED' } })
        if (previous) {
          await tx.rankingPublication.update({ where: { id: previous.id }, data: { status: 'SUPERSEDED', supersededById: publication.id, supersededAt: now } })
          await audit({ action: 'ranking.publication.superseded', entityType: 'RankingPublication', entityId: previous.id, after: { by: publication.id, reason: publication.reason } })
        }
        await tx.rankingPublication.update({
          where: { id: publicationId },
          data: { status: 'PUBLISHED', approvedById: actor.actorId, publishedAt: now, contentHash: hash, lineCount: lines.length },
        })
        await audit({ action: 'ranking.publication.published', entityType: 'RankingPublication', entityId: publicationId, after: { contentHash: hash, lines: lines.length, version: publication.version } })
        return { ok: true as const, publicationId }
      },
      { timeoutMs: STEP_TIMEOUT_MS },
    ),
  )
  if (result.ok) await notifyJob.enqueue({ publicationId, after: '' }, { jobId: `${RANKING_NOTIFY_JOB}:${publicationId}:` })
  return result
}

export async function withdrawPublication(publicationId: string, actor: AuditActor): Promise<PublicationResult> {
  return refusing(() =>
    audited(actor, async (tx, audit) => {
      if (!(await isCommittee(actor.actorId, tx))) throw new Refusal('notCommittee')
      const updated = await tx.rankingPublication.updateMany({ where: { id: publicationId, status: 'PENDING' }, data: { status: 'WITHDRAWN' } })
      if (!updated.count) throw new Refusal('notPending')
      await audit({ action: 'ranking.publication.withdrawn', entityType: 'RankingPublication', entityId: publicationId })
      return { ok: true as const, publicationId }
    }),
  )
}

/**
 * `ranking.notify`: e-mails the applicants of a published list, NOTIFY_BATCH at a time in
 * application-id order, then queues the next batch. Each batch is its own job, so a national list
 * never holds one job for hours and a retry re-sends at most one batch.
 */
export async function notifyBatch(publicationId: string, after: string) {
  const publication = await prisma.rankingPublication.findUnique({ where: { id: publicationId } })
  if (!publication || publication.status !== 'PUBLISHED') return null
  const period = await prisma.selectionPeriod.findUniqueOrThrow({ where: { id: publication.periodId }, select: { name: true } })
  const rows = await prisma.$queryRaw<{ applicationId: string; code: string; email: string; name: string | null; position: string }[]>`
    SELECT e."applicationId", e.code, u.email, ai."fullName" AS name, p.name AS position
    FROM "RankingEntry" e JOIN "Application" a ON a.id = e."applicationId" JOIN "User" u ON u.id = a."userId"
    LEFT JOIN "ApplicantIdentity" ai ON ai."userId" = a."userId" JOIN "Position" p ON p.id = e."positionId"
    WHERE e."runId" = ${publication.runId} AND e."applicationId" > ${after}
    ORDER BY e."applicationId" LIMIT ${NOTIFY_BATCH}`
  for (const r of rows) {
    await sendMail({ to: r.email, ...rankingResultEmail({ name: r.name ?? r.email, period: period.name, position: r.position, stage: publication.stage, code: r.code, version: publication.version }), template: 'ranking-result' })
  }
  await prisma.rankingPublication.update({ where: { id: publicationId }, data: { notifiedCount: { increment: rows.length } } })
  const last = rows.at(-1)?.applicationId
  if (rows.length === NOTIFY_BATCH && last) await notifyJob.enqueue({ publicationId, after: last }, { jobId: `${RANKING_NOTIFY_JOB}:${publicationId}:${last}` })
  return rows.length
}

export const notifyJob = defineJob<{ publicationId: string; after: string }>(RANKING_NOTIFY_JOB, async ({ publicationId, after }) => {
  await notifyBatch(publicationId, after)
})

/** Re-computes a published list's hash from its stored entries (the public page's check). */
export async function verifyPublication(publicationId: string) {
  const publication = await prisma.rankingPublication.findUnique({ where: { id: publicationId } })
  if (!publication?.contentHash) return null
  const period = await prisma.selectionPeriod.findUniqueOrThrow({ where: { id: publication.periodId }, select: { code: true } })
  const hash = contentHash({ period: period.code, stage: publication.stage, version: publication.version }, await runLines(publication.runId))
  return { stored: publication.contentHash, computed: hash, ok: hash === publication.contentHash }
}

// ───────────────────────── public pages ─────────────────────────

export async function publicPublications(periodCode: string) {
  const period = await prisma.selectionPeriod.findUnique({ where: { code: periodCode }, select: { id: true, code: true, name: true, kind: true } })
  if (!period) return null
  const publications = await prisma.rankingPublication.findMany({
    where: { periodId: period.id, status: { in: ['PUBLISHED', 'SUPERSEDED'] } },
    orderBy: [{ stage: 'asc' }, { version: 'desc' }],
  })
  return { period, publications }
}

/** A published (or superseded) list: header, positions in it, and one position's lines. */
export async function publicPublication(publicationId: string, opts: { positionId?: string | null } = {}) {
  const publication = await prisma.rankingPublication.findFirst({ where: { id: publicationId, status: { in: ['PUBLISHED', 'SUPERSEDED'] } } })
  if (!publication) return null
  const period = await prisma.selectionPeriod.findUniqueOrThrow({ where: { id: publication.periodId }, select: { code: true, name: true } })
  const positions = await prisma.$queryRaw<{ id: string; code: string; name: string; agency: string; n: bigint }[]>`
    SELECT p.id, p.code, p.name, ag.name AS agency, count(*) AS n FROM "RankingEntry" e
    JOIN "Position" p ON p.id = e."positionId" JOIN "Agency" ag ON ag.id = p."agencyId"
    WHERE e."runId" = ${publication.runId} GROUP BY p.id, ag.name ORDER BY ag.name, p.name LIMIT 500`
  const positionId = opts.positionId && positions.some((p) => p.id === opts.positionId) ? opts.positionId : (positions[0]?.id ?? null)
  const lines = positionId ? await runLines(publication.runId, { positionId, limit: 1000 }) : []
  const rules = await rulesOf(publication.periodId)
  const resignations = await prisma.resignation.findMany({ where: { publicationId, status: 'APPROVED' } })
  const replacementLabels = await candidateLabels(resignations.flatMap((r) => [r.applicationId, r.replacementApplicationId].filter((x): x is string => Boolean(x))))
  const superseding = publication.supersededById ? await prisma.rankingPublication.findUnique({ where: { id: publication.supersededById }, select: { id: true, version: true, reason: true } }) : null
  return {
    publication,
    period,
    positions: positions.map((p) => ({ ...p, n: Number(p.n) })),
    positionId,
    lines,
    superseding,
    objectionWindow:
      publication.publishedAt && publication.stage !== 'SKD'
        ? (({ objectionOpensAt, objectionClosesAt }) => ({ opensAt: objectionOpensAt, closesAt: objectionClosesAt }))(finalObjectionTimeline(publication.publishedAt, rules))
        : null,
    resignations: resignations.map((r) => ({
      id: r.id,
      afterNip: r.afterNip,
      resigned: replacementLabels.get(r.applicationId)?.registrationNumber ?? r.applicationId,
      replacement: r.replacementApplicationId ? (replacementLabels.get(r.replacementApplicationId)?.registrationNumber ?? null) : null,
      bannedUntilYear: r.bannedUntilYear,
    })),
  }
}

// ───────────────────────── the applicant ─────────────────────────

/**
 * The applicant's results: for each stage, their line in the list in force (and in a superseded
 * one if it changed), whether they may still object, and resignation/replacement status.
 */
export async function applicantResults(userId: string, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date()
  const application = await prisma.application.findFirst({ where: { userId, status: 'VERIFIED_MS' }, select: { id: true, periodId: true } })
  if (!application) return []
  const publications = await prisma.rankingPublication.findMany({ where: { periodId: application.periodId, status: 'PUBLISHED' }, orderBy: { stage: 'asc' } })
  const rules = await rulesOf(application.periodId)
  const out = []
  for (const p of publications) {
    const entry = await prisma.rankingEntry.findUnique({ where: { runId_applicationId: { runId: p.runId, applicationId: application.id } } })
    if (!entry) continue
    const objection = await prisma.objection.findUnique({ where: { applicationId_stage: { applicationId: application.id, stage: 'FINAL_RESULT' } } })
    const resignation = await prisma.resignation.findFirst({ where: { publicationId: p.id, applicationId: application.id } })
    const replacing = await prisma.resignation.findFirst({ where: { publicationId: p.id, replacementApplicationId: application.id, status: 'APPROVED' } })
    const timeline = p.stage !== 'SKD' && p.publishedAt ? finalObjectionTimeline(p.publishedAt, rules) : null
    const check = canObject({ stage: 'FINAL_RESULT', inList: true, alreadyObjected: Boolean(objection), window: timeline, now })
    out.push({
      publicationId: p.id,
      stage: p.stage,
      version: p.version,
      publishedAt: p.publishedAt,
      contentHash: p.contentHash,
      code: replacing ? 'L' : entry.code,
      replacement: Boolean(replacing),
      rank: entry.rank,
      score: entry.score?.toString() ?? null,
      objectionClosesAt: timeline?.objectionClosesAt ?? null,
      canObject: check.ok,
      objection: objection ? { text: objection.reason, status: objection.status, answer: objection.decisionReason } : null,
      resignation: resignation ? { status: resignation.status, afterNip: resignation.afterNip, bannedUntilYear: resignation.bannedUntilYear } : null,
    })
  }
  return out
}

// ───────────────────────── objections (sanggah) on final results ─────────────────────────

/** The objection timeline of a published list: the shared rule (23:59 WIB of the 3rd day, ADR 012). */
function finalObjectionTimeline(publishedAt: Date, rules: PeriodRules) {
  return objectionTimeline(publishedAt, rules.objection)
}

/**
 * An applicant objects to a published final (or PPPK) list through the one objection mechanism
 * (stage FINAL_RESULT, `objection.server.ts`): within the window by the server's clock, once,
 * only for their own line of the list in force.
 */
export async function fileFinalObjection(input: { userId: string; publicationId: string; text: string }, actor: AuditActor, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date()
  const text = input.text.trim()
  if (text.length < 10 || text.length > 2000) return { ok: false as const, error: 'textLength' }
  return refusing(() =>
    audited(actor, async (tx, audit) => {
      const publication = await tx.rankingPublication.findFirst({ where: { id: input.publicationId, status: 'PUBLISHED', stage: { in: ['FINAL', 'PPPK'] } } })
      if (!publication?.publishedAt) throw new Refusal('notFound')
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Application" WHERE "userId" = ${input.userId} AND "periodId" = ${publication.periodId} AND status = 'VERIFIED_MS' LIMIT 1 FOR UPDATE`
      const applicationId = rows[0]?.id
      if (!applicationId) throw new Refusal('notFound')
      const entry = await tx.rankingEntry.findUnique({ where: { runId_applicationId: { runId: publication.runId, applicationId } } })
      if (!entry) throw new Refusal('notFound')
      const position = await tx.position.findUniqueOrThrow({ where: { id: entry.positionId }, select: { agencyId: true } })
      try {
        const objection = await fileObjection(tx, audit, {
          stage: 'FINAL_RESULT',
          applicationId,
          subject: { publicationId: publication.id },
          agencyId: position.agencyId,
          positionId: entry.positionId,
          inList: true,
          window: finalObjectionTimeline(publication.publishedAt, await rulesOf(publication.periodId)),
          reason: text,
          actorId: actor.actorId,
          now,
        })
        return { ok: true as const, objectionId: objection.id }
      } catch (err) {
        if (err instanceof ObjectionRefused) throw new Refusal(err.reason === 'alreadyObjected' ? 'duplicate' : err.reason === 'windowClosed' ? 'closed' : err.reason)
        throw err
      }
    }),
  )
}

/** The final-result objections to one publication, with each one's status history. */
export async function listObjections(publicationId: string) {
  const rows = await prisma.objection.findMany({ where: { stage: 'FINAL_RESULT', publicationId }, orderBy: { submittedAt: 'asc' }, include: { events: { orderBy: { at: 'asc' } } } })
  const labels = await candidateLabels(rows.map((r) => r.applicationId))
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    text: r.reason,
    createdAt: r.submittedAt,
    answer: r.decisionReason,
    answeredAt: r.decidedAt,
    history: r.events.map((e) => ({ status: e.status, at: e.at })),
    registrationNumber: labels.get(r.applicationId)?.registrationNumber ?? r.applicationId,
    name: labels.get(r.applicationId)?.name ?? '—',
  }))
}

/**
 * The committee answers a final-result objection: accepted (a correction run follows) or
 * rejected, with a reason, until the panel window closes (the shared rule).
 */
export async function answerObjection(
  input: { objectionId: string; decision: 'ACCEPTED' | 'REJECTED'; reason: string },
  actor: AuditActor,
  opts: { now?: Date } = {},
) {
  const text = input.reason.trim()
  if (!text) return { ok: false as const, error: 'answerRequired' }
  const now = opts.now ?? new Date()
  return refusing(() =>
    audited(actor, async (tx, audit) => {
      if (!(await isCommittee(actor.actorId, tx))) throw new Refusal('notCommittee')
      try {
        await decideObjection(tx, audit, {
          objectionId: input.objectionId,
          scope: { stage: 'FINAL_RESULT' },
          decision: input.decision,
          reason: text,
          panelClosesAt: async (o) => {
            const publication = await tx.rankingPublication.findUniqueOrThrow({ where: { id: o.publicationId! } })
            return publication.publishedAt ? finalObjectionTimeline(publication.publishedAt, await rulesOf(publication.periodId)).panelClosesAt : null
          },
          actorId: actor.actorId,
          now,
        })
      } catch (err) {
        if (err instanceof ObjectionRefused) throw new Refusal(err.reason === 'alreadyDecided' ? 'notOpen' : err.reason)
        throw err
      }
      return { ok: true as const }
    }),
  )
}

// ───────────────────────── resignation and replacement ─────────────────────────

/** The committee records a passed candidate's resignation (with the letter's reason). */
export async function recordResignation(input: { publicationId: string; registrationNumber: string; afterNip: boolean; reason: string }, actor: AuditActor) {
  if (!input.reason.trim()) return { ok: false as const, error: 'reasonRequired' }
  return refusing(() =>
    audited(actor, async (tx, audit) => {
      if (!(await isCommittee(actor.actorId, tx))) throw new Refusal('notCommittee')
      const publication = await tx.rankingPublication.findFirst({ where: { id: input.publicationId, status: 'PUBLISHED', stage: { in: ['FINAL', 'PPPK'] } } })
      if (!publication) throw new Refusal('notFound')
      const application = await tx.application.findFirst({ where: { registrationNumber: input.registrationNumber.trim(), periodId: publication.periodId }, select: { id: true } })
      if (!application) throw new Refusal('unknownCandidate')
      const entry = await tx.rankingEntry.findUnique({ where: { runId_applicationId: { runId: publication.runId, applicationId: application.id } } })
      const replacement = await tx.resignation.count({ where: { publicationId: publication.id, replacementApplicationId: application.id, status: 'APPROVED' } })
      if (!entry || (!['L', 'L-1', 'L-2'].includes(entry.code) && !replacement)) throw new Refusal('notPassed')
      if (await tx.resignation.count({ where: { publicationId: publication.id, applicationId: application.id } })) throw new Refusal('duplicate')
      const row = await tx.resignation.create({ data: { publicationId: publication.id, applicationId: application.id, afterNip: input.afterNip, reason: input.reason.trim(), recordedById: actor.actorId! } })
      await audit({ action: 'ranking.resignation.recorded', entityType: 'Resignation', entityId: row.id, after: { applicationId: application.id, afterNip: input.afterNip } })
      return { ok: true as const, resignationId: row.id }
    }),
  )
}

/**
 * Approval of a resignation (domain.md §6): before the NIP, the next-ranked candidate of the same
 * vacancy who has not passed, resigned or already replaced someone takes the seat; after the NIP,
 * the 2-budget-year ban is recorded. The published entries are not touched (they are immutable):
 * the replacement is its own record, shown beside the list.
 */
export async function approveResignation(resignationId: string, actor: AuditActor) {
  return refusing(() =>
    audited(actor, async (tx, audit) => {
      if (!(await isCommittee(actor.actorId, tx))) throw new Refusal('notCommittee')
      const resignation = await tx.resignation.findFirst({ where: { id: resignationId, status: 'REQUESTED' } })
      if (!resignation) throw new Refusal('notFound')
      const publication = await tx.rankingPublication.findUniqueOrThrow({ where: { id: resignation.publicationId } })
      const period = await tx.selectionPeriod.findUniqueOrThrow({ where: { id: publication.periodId }, select: { year: true } })
      const outcome = resignationOutcome(resignation.afterNip, period.year)
      let replacementApplicationId: string | null = null
      if (outcome.replace) {
        const own = await tx.rankingEntry.findUniqueOrThrow({ where: { runId_applicationId: { runId: publication.runId, applicationId: resignation.applicationId } } })
        const seat = own.assignedVacancyId ?? own.vacancyId
        const next = await tx.$queryRaw<{ applicationId: string }[]>`
          SELECT e."applicationId" FROM "RankingEntry" e
          WHERE e."runId" = ${publication.runId} AND e."vacancyId" = ${seat} AND e.code = 'TL' AND e.rank IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM "Resignation" r WHERE r."publicationId" = ${publication.id}
              AND (r."replacementApplicationId" = e."applicationId" OR r."applicationId" = e."applicationId"))
          ORDER BY e.rank LIMIT 1`
        replacementApplicationId = next[0]?.applicationId ?? null
      }
      await tx.resignation.update({
        where: { id: resignationId },
        data: { status: 'APPROVED', approvedById: actor.actorId, approvedAt: new Date(), replacementApplicationId, bannedUntilYear: outcome.bannedUntilYear },
      })
      await audit({ action: 'ranking.resignation.approved', entityType: 'Resignation', entityId: resignationId, after: { replacementApplicationId, bannedUntilYear: outcome.bannedUntilYear } })
      return { ok: true as const, replacementApplicationId, bannedUntilYear: outcome.bannedUntilYear }
    }),
  )
}

export async function listResignations(publicationId: string) {
  const rows = await prisma.resignation.findMany({ where: { publicationId }, orderBy: { createdAt: 'asc' } })
  const labels = await candidateLabels(rows.flatMap((r) => [r.applicationId, r.replacementApplicationId].filter((x): x is string => Boolean(x))))
  return rows.map((r) => ({
    ...r,
    registrationNumber: labels.get(r.applicationId)?.registrationNumber ?? r.applicationId,
    name: labels.get(r.applicationId)?.name ?? '—',
    replacement: r.replacementApplicationId ? (labels.get(r.replacementApplicationId) ?? null) : null,
  }))
}

// ───────────────────────── PPPK priority facts ─────────────────────────

/** Imports PPPK priority facts (BKN non-ASN database, THK-II list) for applications, upserting. */
export async function importPppkPriorities(
  rows: { applicationId: string; exThk2: boolean; nonAsnYears: number | null; nonAsnAgencyId: string | null; teacherPriority: boolean }[],
  source: string,
  actor: AuditActor,
) {
  return audited(actor, async (tx, audit) => {
    for (const r of rows) {
      await tx.pppkPriority.upsert({ where: { applicationId: r.applicationId }, update: { ...r, source, importedAt: new Date() }, create: { ...r, source } })
    }
    await audit({ action: 'ranking.pppkPriority.imported', entityType: 'PppkPriority', entityId: source, after: { rows: rows.length } })
    return rows.length
  })
}

/** A published (or superseded) list with everything its downloads need; null otherwise. */
export async function downloadablePublication(publicationId: string) {
  const publication = await prisma.rankingPublication.findFirst({ where: { id: publicationId, status: { in: ['PUBLISHED', 'SUPERSEDED'] } } })
  if (!publication?.contentHash || !publication.publishedAt) return null
  const period = await prisma.selectionPeriod.findUniqueOrThrow({ where: { id: publication.periodId }, select: { code: true, name: true } })
  return { publication: { ...publication, contentHash: publication.contentHash, publishedAt: publication.publishedAt }, period, lines: await runLines(publication.runId) }
}
