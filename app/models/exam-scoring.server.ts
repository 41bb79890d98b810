import crypto from 'node:crypto'
import { prisma, type Tx } from '~/utils/db.server'
import { Prisma } from '~/generated/prisma/client'
import { audited, writeAuditBatch, SYSTEM_ACTOR, type AuditActor, type AuditEntry } from '~/models/audit.server'
import { getActiveRules } from '~/models/period.server'
import { RULES_2024, type PeriodRules } from '~/domain/selection/rules'
import { getBlueprint, type TestKindCode } from '~/domain/exam/blueprints'
import { pppkResult, scoreItem, skdPassed, type KeyCorrection } from '~/domain/exam/scoring'
import type { ItemKey, SubtestCode } from '~/domain/exam/items'
import { PIN_CLOSES_MINUTES_BEFORE } from '~/domain/exam/sessions'
import { fromStates, nextState } from '~/domain/exam/attempt-state'
import { runPeriodically } from '~/utils/periodic.server'

/**
 * Closing and scoring attempts (issue 6; ADR 014). The sweeper is the server's clock at work: it
 * closes every attempt whose deadline passed with ONE set-based UPDATE, marks candidates without a
 * PIN absent (TH) once issuance closed, and scores closed attempts in batches with part A's
 * `scoreAttempt`, writing TestResult rows with one INSERT … ON CONFLICT per batch. Each transition
 * batch is audited (one audit row per session and batch, listing the attempts), since a row per
 * attempt at 25,000 time-outs would serialise on the audit chains.
 */

const SCORE_BATCH = Number(process.env.EXAM_SCORE_BATCH ?? 2500)
const SCORE_PARALLEL = Number(process.env.EXAM_SCORE_PARALLEL ?? 2)
/** Attempts closed and scored per transaction at the deadline (EXAM_CLOSE_BATCH). */
const CLOSE_BATCH = Number(process.env.EXAM_CLOSE_BATCH ?? SCORE_BATCH)

export type ScoredAttempt = {
  attemptId: string
  applicationId: string
  participantNumber: string
  kind: TestKindCode
  scores: Record<string, number>
  total: number
  passed: boolean | null
  previous: { scores: Record<string, number> | null; total: number | null; passed: boolean | null }
}

type AttemptMeta = {
  id: string
  applicationId: string
  periodId: string | null
  participantNumber: string
  blueprintCode: string
  formasiType: string | null
  state: string
  finishedAt: Date | null
  scores: Record<string, number> | null
  passed: boolean | null
}

/** The committee's key corrections in force, by item version (a short list: one per decided challenge). */
async function allCorrections(): Promise<Map<string, KeyCorrection>> {
  const rows = await prisma.examKeyCorrection.findMany()
  return new Map(rows.map((r) => [r.versionId, r.voided ? { voided: true as const } : { acceptedOptions: r.acceptedOptions }]))
}

type VersionKey = { key: ItemKey; optionIds: string[]; subtest: string }
/** Keys and option ids of item versions; a version never changes, so each is read once per process. */
const keyCache = new Map<string, VersionKey>()

async function keysOf(versionIds: readonly string[]): Promise<Map<string, VersionKey>> {
  const missing = versionIds.filter((id) => !keyCache.has(id))
  if (missing.length > 0) {
    const rows = await prisma.$queryRaw<{ id: string; key: ItemKey; options: { id: string }[]; subtest: string }[]>`
      SELECT v.id, v.key, v.options, q.subtest FROM "QuestionItemVersion" v JOIN "QuestionItem" q ON q.id = v."itemId"
      WHERE v.id = ANY(${missing}::text[])`
    for (const r of rows) keyCache.set(r.id, { key: r.key, optionIds: r.options.map((o) => o.id), subtest: r.subtest })
  }
  return new Map(versionIds.flatMap((id) => (keyCache.has(id) ? [[id, keyCache.get(id)!] as const] : [])))
}

let explained = false

/** How often each scoring statement ran in this process (the scoring test checks both are used). */
export const scoringStatements = { answered: 0, exact: 0 }

/**
 * The transaction-local settings of every scoring statement (a batch transaction of its own, or the
 * close's transaction):
 * - no parallel workers: the sweeper already scores two batches side by side, and each parallel
 *   worker repeats the statement's `last` step aggregation (measured: a batch cost three times the
 *   CPU of the serial plan on two cores);
 * - memory for its sorts and hashes (a batch of 2,500 × 40 answers is ~100,000 rows): with the
 *   default 4 MB they spilled to disk three times per batch (measured).
 */
function scoringSettings(db: Pick<Tx, '$executeRaw'>) {
  return [db.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`, db.$executeRaw`SELECT set_config('work_mem', '64MB', true)`]
}

/** Runs a scoring statement in a transaction of its own with `scoringSettings`. */
async function serially<T>(statement: Prisma.PrismaPromise<T>): Promise<T> {
  const results = await prisma.$transaction([...scoringSettings(prisma), statement])
  return results[results.length - 1] as T
}

/** Every version of the bank, once per process (a few thousand small rows), so the first batch is fast too. */
async function keysOfBank() {
  const rows = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM "QuestionItemVersion"`
  await keysOf(rows.map((r) => r.id))
}

/** Option ids in the score table for a blank answer and for an option the version does not have. */
const BLANK = ''
const OTHER = '*'

/**
 * The score of every possible answer of every version, from `scoreItem` (scoring.ts stays the one
 * rule): per version a row for each option, one for blank and one for any other value. The SQL
 * below only looks answers up in this small table and sums — it knows no scoring rule itself.
 */
function scoreTable(versions: Map<string, VersionKey>, corrections: Map<string, KeyCorrection>) {
  const vids: string[] = []
  const opts: string[] = []
  const scores: number[] = []
  for (const [vid, { key, optionIds }] of versions) {
    const correction = corrections.get(vid) ?? null
    const keyOptions = 'correct' in key ? [key.correct] : Object.keys(key.scores)
    const accepted = correction && 'acceptedOptions' in correction ? correction.acceptedOptions : []
    for (const opt of new Set([...optionIds, ...keyOptions, ...accepted])) {
      vids.push(vid)
      opts.push(opt)
      scores.push(scoreItem(key, opt, correction))
    }
    vids.push(vid, vid)
    opts.push(BLANK, OTHER)
    scores.push(scoreItem(key, null, correction), scoreItem(key, '\u0000not-an-option', correction))
  }
  return { vids, opts, scores }
}

/**
 * Scores the given attempts from their stored answer steps (the last step per position) against
 * the keys and the committee's corrections. Set-based: PostgreSQL joins each attempt's items with
 * its last step per position and the score table, capped per item at the blueprint's maximum, and
 * returns one sum per attempt and subtest (`subtestSums`); totals and pass/fail follow in TS
 * (`scoredFrom`: `skdPassed`, `pppkResult`). Nothing is written here, so a regrade's dry run is the
 * same call. `tests/integration/exam-scoring-sql.test.ts` proves it agrees with `scoreAttempt`.
 *
 * `reuseProvisional` (the close at the deadline only, inside its transaction after the row locks):
 * an attempt's sums are taken from its `ExamProvisionalScore` row where that provably equals a
 * re-score (`provisionalSums`); the others are scored from their steps as always. The regrade and
 * its dry run never pass it: they replay the steps.
 */
export async function computeScores(
  attemptIds: readonly string[],
  proposed?: ReadonlyMap<string, KeyCorrection>,
  tx?: Tx,
  opts: { reuseProvisional?: boolean } = {},
): Promise<ScoredAttempt[]> {
  if (attemptIds.length === 0) return []
  const ids = [...attemptIds]
  // Inside the close's transaction (`tx`, which holds the attempts' row locks and has already
  // turned parallel workers off) the steps are read after the locks, so a save that was
  // in flight at the deadline is either in them or was refused.
  const metas = await attemptMetas(tx ?? prisma, ids)
  const corrections = await correctionsWith(proposed)
  const sumsOf = opts.reuseProvisional && tx ? await provisionalSums(tx, metas, corrections) : new Map<string, SubtestSum[]>()
  const rest = ids.filter((id) => !sumsOf.has(id))
  for (const [id, sums] of await subtestSums(rest, corrections, capsOf(metas), tx)) sumsOf.set(id, sums)
  const rulesOf = await rulesOfPeriods(metas)
  return metas.map((meta) => scoredFrom(meta, sumsOf.get(meta.id) ?? [], rulesOf))
}

/** One attempt's sum in one subtest, as the scoring statements return it (`uncapped`: a subtest no blueprint of the batch has). */
type SubtestSum = { subtest: string; score: number; uncapped: boolean }

async function attemptMetas(db: Pick<Tx, '$queryRaw'>, ids: string[]): Promise<AttemptMeta[]> {
  return db.$queryRaw<AttemptMeta[]>`
    SELECT a.id, a."applicationId", a."periodId", a."participantNumber", s."blueprintCode", v."formasiTypeCode" AS "formasiType",
           a.state::text AS state, a."finishedAt", a.scores, a.passed
    FROM "ExamAttempt" a
    JOIN "ExamSession" s ON s.id = a."sessionId"
    LEFT JOIN "Application" ap ON ap.id = a."applicationId"
    LEFT JOIN "Vacancy" v ON v.id = ap."vacancyId"
    WHERE a.id = ANY(${ids}::text[])`
}

/**
 * The per-item cap of a subtest (scoreAttempt's Math.min) from the blueprints involved; a subtest
 * has one cap in every blueprint (its scoring type), which is what lets the SQL cap per subtest.
 */
function capsOf(metas: readonly Pick<AttemptMeta, 'blueprintCode'>[]): Map<string, number> {
  const caps = new Map<string, number>()
  for (const code of new Set(metas.map((m) => m.blueprintCode))) {
    for (const s of getBlueprint(code).subtests) {
      if ((caps.get(s.code) ?? s.maxPerItem) !== s.maxPerItem) throw new Error(`Subtest ${s.code} has different caps in different blueprints`)
      caps.set(s.code, s.maxPerItem)
    }
  }
  return caps
}

/** The corrections in force; a dry run scores with the committee's proposed ones on top. */
async function correctionsWith(proposed?: ReadonlyMap<string, KeyCorrection>): Promise<Map<string, KeyCorrection>> {
  const corrections = await allCorrections()
  for (const [versionId, correction] of proposed ?? []) corrections.set(versionId, correction)
  return corrections
}

/**
 * The sums of the given attempts from their steps (the SQL part of `computeScores`), by attempt.
 * With `tx` the statements run in the caller's transaction (which has applied `scoringSettings`),
 * otherwise each in a transaction of its own.
 */
async function subtestSums(ids: string[], corrections: Map<string, KeyCorrection>, caps: Map<string, number>, tx?: Tx): Promise<Map<string, SubtestSum[]>> {
  const sumsOf = new Map<string, SubtestSum[]>()
  if (ids.length === 0) return sumsOf
  const db = tx ?? prisma
  const run = <T,>(statement: Prisma.PrismaPromise<T>): Promise<T> => (tx ? statement : serially(statement))

  // The fast statement: the table's rows are already capped for the version's subtest, and only the
  // options and blank are in it, so each item costs one lookup. It reads only the ANSWERED items
  // (each attempt's last step per position, then that item by primary key) — at the deadline most
  // of the work is there, not in the 110 item rows of every attempt. An unanswered item scores what
  // `scoreItem` gives a blank: 0 by the rule, except where a correction says otherwise (a voided
  // item gives everyone full marks); those versions, if any, are added by a second part that
  // looks at the batch's unanswered items of just those versions. Any answered item it cannot
  // score (a version or an answer not in the table, another subtest than its version's) sends the
  // batch to the exact statement below.
  const fastSums = async (versions: Map<string, VersionKey>) => {
    const table = scoreTable(versions, corrections)
    const keep = table.opts.map((o, i) => (o === OTHER ? -1 : i)).filter((i) => i >= 0)
    const capOf = (i: number) => caps.get(versions.get(table.vids[i]!)!.subtest) ?? Number.MAX_SAFE_INTEGER
    const blanks = await blankScores(versions)
    if (!blanks) return null
    scoringStatements.answered++
    const statement = Prisma.sql`
      WITH last AS (
        -- Sorted by the ids' bytes (COLLATE "C"): the same groups, without a locale-aware string
        -- comparison per step of the sort (~100,000 steps per batch).
        SELECT DISTINCT ON ("attemptId" COLLATE "C", position) "attemptId", position, "optionId"
        FROM "ExamAnswerStep" WHERE "attemptId" = ANY(${ids}::text[]) ORDER BY "attemptId" COLLATE "C", position, seq DESC
      ), score AS (
        SELECT * FROM unnest(${keep.map((i) => table.vids[i]!)}::text[], ${keep.map((i) => table.opts[i]!)}::text[],
                             ${keep.map((i) => versions.get(table.vids[i]!)!.subtest)}::text[],
                             ${keep.map((i) => Math.min(capOf(i), table.scores[i]!))}::int[]) AS t(vid, opt, subtest, score)
      ), blank AS (
        SELECT * FROM unnest(${blanks.vids}::text[], ${blanks.scores}::int[]) AS b(vid, score)
      ), points AS (
        SELECT i."attemptId", i.subtest, hit.score, hit.vid IS NULL AS missed
        FROM last l
        -- The batch's ids again: without them the planner reads every attempt's items (a scan of
        -- the whole table per batch once tens of thousands of attempts are in it). The batch's
        -- items are hashed (one index search per attempt); looking each answered item up by
        -- primary key instead was slower (measured: 100,000 descents comparing text keys).
        JOIN "ExamAttemptItem" i ON i."attemptId" = l."attemptId" AND i.position = l.position AND i."attemptId" = ANY(${ids}::text[])
        LEFT JOIN score hit ON hit.vid = i."versionId" AND hit.opt = COALESCE(l."optionId", ${BLANK}) AND hit.subtest = i.subtest
        UNION ALL
        SELECT i."attemptId", i.subtest, LEAST(c.cap, b.score), c.cap IS NULL
        FROM "ExamAttemptItem" i
        JOIN blank b ON b.vid = i."versionId"
        LEFT JOIN unnest(${[...caps.keys()]}::text[], ${[...caps.values()]}::int[]) AS c(subtest, cap) ON c.subtest = i.subtest
        WHERE ${blanks.vids.length > 0} AND i."attemptId" = ANY(${ids}::text[])
          AND NOT EXISTS (SELECT 1 FROM last l WHERE l."attemptId" = i."attemptId" AND l.position = i.position)
      )
      SELECT "attemptId", subtest, COALESCE(sum(score), 0)::int AS score, bool_or(missed) AS missed
      FROM points GROUP BY "attemptId", subtest`
    // EXAM_SCORING_EXPLAIN (diagnostics, e.g. in bench:exam): log the plan of the first batch once.
    if (process.env.EXAM_SCORING_EXPLAIN && !explained) {
      explained = true
      const plan = await run(db.$queryRaw<{ 'QUERY PLAN': string }[]>`EXPLAIN (ANALYZE, BUFFERS) ${statement}`)
      console.log(plan.map((r) => r['QUERY PLAN']).join('\n'))
    }
    const rows = await run(db.$queryRaw<{ attemptId: string; subtest: string; score: number; missed: boolean }[]>(statement))
    return rows.some((r) => r.missed) ? null : rows.map((r) => ({ attemptId: r.attemptId, subtest: r.subtest, score: r.score, uncapped: !caps.has(r.subtest) }))
  }

  /**
   * The versions whose blank scores more than 0 (from `scoreItem`): none without corrections. Every
   * corrected version's key is loaded, so a voided item is never missed; null when a version the
   * process knows scores a blank without a correction (the rule changed: use the exact statement).
   */
  const blankScores = async (known: Map<string, VersionKey>) => {
    const vids: string[] = []
    const scores: number[] = []
    for (const [vid, { key }] of known) if (!corrections.has(vid) && scoreItem(key, null, null) !== 0) return null
    const corrected = await keysOf([...corrections.keys()])
    for (const [vid, correction] of corrections) {
      const version = corrected.get(vid)
      if (!version) continue // not in the bank any more: no attempt can hold it
      const score = scoreItem(version.key, null, correction)
      if (score !== 0) {
        vids.push(vid)
        scores.push(score)
      }
    }
    return { vids, scores }
  }

  const sumsWith = async (versions: Map<string, VersionKey>) => {
    const table = scoreTable(versions, corrections)
    scoringStatements.exact++
    return run(db.$queryRaw<{ attemptId: string; subtest: string; score: number; uncapped: boolean; unknown: boolean }[]>`
      WITH last AS (
        SELECT DISTINCT ON ("attemptId" COLLATE "C", position) "attemptId", position, "optionId"
        FROM "ExamAnswerStep" WHERE "attemptId" = ANY(${ids}::text[]) ORDER BY "attemptId" COLLATE "C", position, seq DESC
      ), score AS (
        SELECT * FROM unnest(${table.vids}::text[], ${table.opts}::text[], ${table.scores}::int[]) AS t(vid, opt, score)
      ), cap AS (
        SELECT * FROM unnest(${[...caps.keys()]}::text[], ${[...caps.values()]}::int[]) AS c(subtest, cap)
      )
      SELECT i."attemptId", i.subtest,
             COALESCE(sum(LEAST(c.cap, COALESCE(hit.score, other.score))), 0)::int AS score,
             bool_or(c.cap IS NULL) AS uncapped, bool_or(other.vid IS NULL) AS unknown
      FROM "ExamAttemptItem" i
      LEFT JOIN cap c ON c.subtest = i.subtest
      LEFT JOIN last l ON l."attemptId" = i."attemptId" AND l.position = i.position
      LEFT JOIN score hit ON hit.vid = i."versionId" AND hit.opt = COALESCE(l."optionId", ${BLANK})
      LEFT JOIN score other ON other.vid = i."versionId" AND other.opt = ${OTHER}
      WHERE i."attemptId" = ANY(${ids}::text[])
      GROUP BY i."attemptId", i.subtest`)
  }
  // First with the versions this process already knows (a session's attempts draw from one bank,
  // so after the first batch that is usually all of them); only when an item's version is not in
  // the table, read the batch's versions and score again.
  if (keyCache.size === 0) await keysOfBank()
  let sums: (SubtestSum & { attemptId: string })[] | null = await fastSums(new Map(keyCache))
  if (!sums) {
    const drawn = await db.$queryRaw<{ versionId: string }[]>`SELECT DISTINCT "versionId" FROM "ExamAttemptItem" WHERE "attemptId" = ANY(${ids}::text[])`
    const versionIds = drawn.map((r) => r.versionId)
    const versions = await keysOf(versionIds)
    for (const id of versionIds) if (!versions.has(id)) throw new Error(`Item version ${id} is missing`)
    sums = await sumsWith(versions)
  }
  for (const { attemptId, subtest, score, uncapped } of sums) {
    const list = sumsOf.get(attemptId)
    if (list) list.push({ subtest, score, uncapped })
    else sumsOf.set(attemptId, [{ subtest, score, uncapped }])
  }
  return sumsOf
}

async function rulesOfPeriods(metas: readonly AttemptMeta[]): Promise<Map<string, PeriodRules>> {
  const rulesOf = new Map<string, PeriodRules>()
  // An online internship session has no period (ADR 019 addendum), and no threshold to look up.
  for (const periodId of new Set(metas.flatMap((m) => (m.periodId ? [m.periodId] : [])))) {
    rulesOf.set(periodId, (await getActiveRules(periodId))?.rules ?? RULES_2024)
  }
  return rulesOf
}

/** An attempt's scores from its subtest sums: totals and pass/fail by the period's rules. */
function scoredFrom(meta: AttemptMeta, sums: readonly SubtestSum[], rulesOf: Map<string, PeriodRules>): ScoredAttempt {
  const blueprint = getBlueprint(meta.blueprintCode)
  const bySubtest = Object.fromEntries(blueprint.subtests.map((s) => [s.code, 0])) as Record<SubtestCode, number>
  let total = 0
  for (const row of sums) {
    // As in scoreAttempt: an item of a subtest the blueprint lacks is a draw bug, not a zero.
    if (row.uncapped || !(row.subtest in bySubtest)) throw new Error(`Attempt ${meta.id} has ${row.subtest} items, not in ${blueprint.code}`)
    bySubtest[row.subtest as SubtestCode] = row.score
    total += row.score
  }
  const scored = { bySubtest, total }
  const kind = blueprint.testKind
  const passed =
    kind === 'SKD' ? skdPassed(scored, meta.formasiType ?? 'UMUM', rulesOf.get(meta.periodId ?? '') ?? RULES_2024) : kind === 'PPPK' ? pppkResult(scored).passed : null
  return {
    attemptId: meta.id,
    applicationId: meta.applicationId,
    participantNumber: meta.participantNumber,
    kind,
    scores: scored.bySubtest as Record<string, number>,
    total: scored.total,
    passed,
    previous: {
      scores: meta.scores,
      total: meta.scores ? (meta.scores.total ?? null) : null,
      passed: meta.passed,
    },
  }
}

// ───────────────────────── scoring ahead of the deadline ─────────────────────────

/** How long before its deadline an attempt is scored ahead (EXAM_PRESCORE_SECONDS; 0 turns it off). */
const PRESCORE_SECONDS = Number(process.env.EXAM_PRESCORE_SECONDS ?? 180)
/** Attempts scored ahead per sweeper tick: ~0.4 s of one core, so a deadline that passes meanwhile waits at most that. */
const PRESCORE_BATCH = Number(process.env.EXAM_PRESCORE_BATCH ?? 1000)
/** A provisional score older than this is checked again (its step count), and re-scored if it changed. */
const PRESCORE_REFRESH_SECONDS = Number(process.env.EXAM_PRESCORE_REFRESH_SECONDS ?? 30)
const PRESCORE_LOCK = 0x455053 // "EPS": one pre-scoring at a time across every app process

/** How often the close took an attempt's sums from its provisional score (the tests check the path is taken). */
export const provisionalUse = { reused: 0, rescored: 0 }

/** A digest of the key corrections in force: a provisional score made under other corrections is never used. */
function correctionsDigest(corrections: ReadonlyMap<string, KeyCorrection>): string {
  const canonical = [...corrections]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([vid, c]) => [vid, 'voided' in c ? 'voided' : [...c.acceptedOptions].sort()])
  return crypto.createHash('sha256').update(JSON.stringify(canonical)).digest('base64url')
}

/**
 * What a provisional score's sums depend on besides the steps: the corrections (digest first, so
 * the pre-scoring can tell a correction changed) and the per-item caps of the attempt's blueprint.
 * The keys are not in it: an item version never changes. The items are not either: an attempt's
 * items are only redrawn before it starts (a move), and only attempts in progress are scored ahead.
 */
function provisionalFingerprint(digest: string, blueprintCode: string): string {
  return `${digest}|${getBlueprint(blueprintCode).subtests.map((s) => `${s.code}:${s.maxPerItem}`).join(',')}`
}

/**
 * The close's reuse of provisional scores: the sums of those attempts whose provisional row was
 * made with the same fingerprint and from exactly as many steps as the attempt has now. Steps are
 * only ever inserted (never updated or deleted), so the same count means the same set of steps —
 * a count, not the highest seq: seq comes from the browser, and a late replay from a failed PC can
 * add a step with a lower seq that is still the last of its position. Called after the close's
 * row locks, so no save adds a step to these attempts any more; the count is read in one statement.
 */
async function provisionalSums(tx: Tx, metas: readonly AttemptMeta[], corrections: ReadonlyMap<string, KeyCorrection>): Promise<Map<string, SubtestSum[]>> {
  const digest = correctionsDigest(corrections)
  const rows = await tx.$queryRaw<{ attemptId: string; sums: SubtestSum[] }[]>`
    SELECT p."attemptId", p.sums
    FROM unnest(${metas.map((m) => m.id)}::text[], ${metas.map((m) => provisionalFingerprint(digest, m.blueprintCode))}::text[]) AS f(id, fingerprint)
    JOIN "ExamProvisionalScore" p ON p."attemptId" = f.id AND p.corrections = f.fingerprint
    WHERE p.steps = (SELECT count(*) FROM "ExamAnswerStep" s WHERE s."attemptId" = p."attemptId")`
  provisionalUse.reused += rows.length
  provisionalUse.rescored += metas.length - rows.length
  return new Map(rows.map((r) => [r.attemptId, r.sums]))
}

/**
 * Scores ahead of the deadline (ADR 014 addendum "scoring ahead"): attempts in progress whose
 * deadline is within `windowSeconds` get their sums stored in `ExamProvisionalScore`, so the close
 * re-scores only those whose steps changed since. First the attempts without a provisional score
 * (or with one made under other corrections), then those whose score is older than
 * `refreshSeconds` and whose step count changed; an unchanged one is marked checked. At most
 * `batchSize` attempts are scored per call (one sweeper tick).
 *
 * One REPEATABLE READ transaction, so the step counts and the sums come from the same snapshot.
 * It takes no attempt row lock (saves take their attempt FOR SHARE, the close FOR NO KEY UPDATE):
 * it writes only its own table. Returns how many attempts it scored.
 */
export async function prescoreDue(
  opts: { windowSeconds?: number; batchSize?: number; refreshSeconds?: number } = {},
): Promise<number> {
  const windowSeconds = opts.windowSeconds ?? PRESCORE_SECONDS
  const batchSize = Math.trunc(opts.batchSize ?? PRESCORE_BATCH)
  if (!(windowSeconds > 0) || !(batchSize > 0)) return 0
  const refreshSeconds = opts.refreshSeconds ?? PRESCORE_REFRESH_SECONDS
  const corrections = await correctionsWith()
  const digest = correctionsDigest(corrections)
  return prisma.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(${PRESCORE_LOCK}::int) AS ok`
      if (!lock?.ok) return 0
      for (const setting of scoringSettings(tx)) await setting
      // Candidates, with their step count now: first those never scored ahead (or under other
      // corrections), then — if the batch has room — the longest unchecked, up to four times the
      // room: counting an attempt's ~40 steps costs far less than scoring it.
      const candidates = (fresh: boolean, limit: number) => tx.$queryRaw<{ id: string; had: number | null; steps: number }[]>`
        SELECT c.id, c.had, (SELECT count(*)::int FROM "ExamAnswerStep" s WHERE s."attemptId" = c.id) AS steps
        FROM (
          SELECT a.id, p.steps AS had
          FROM "ExamAttempt" a LEFT JOIN "ExamProvisionalScore" p ON p."attemptId" = a.id
          WHERE a.state = 'IN_PROGRESS' AND a.deadline > now() AND a.deadline <= now() + make_interval(secs => ${windowSeconds}::float8)
            AND (p."attemptId" IS NULL OR split_part(p.corrections, '|', 1) <> ${digest}) = ${fresh}
            AND (${fresh} OR p."scoredAt" <= now() - make_interval(secs => ${refreshSeconds}::float8))
          ORDER BY p."scoredAt" NULLS FIRST, a.deadline
          LIMIT ${limit}
        ) c`
      const fresh = await candidates(true, batchSize)
      const stale = fresh.length < batchSize ? await candidates(false, (batchSize - fresh.length) * 4) : []
      const changed = [...fresh, ...stale.filter((c) => c.had !== c.steps).slice(0, batchSize - fresh.length)]
      const unchanged = stale.filter((c) => c.had === c.steps).map((c) => c.id)
      // Still equal to a re-score now: checked, so it waits another interval.
      if (unchanged.length > 0) await tx.$executeRaw`UPDATE "ExamProvisionalScore" SET "scoredAt" = now() WHERE "attemptId" = ANY(${unchanged}::text[])`
      if (changed.length === 0) return 0
      const ids = changed.map((c) => c.id)
      const metas = await attemptMetas(tx, ids)
      const sumsOf = await subtestSums(ids, corrections, capsOf(metas), tx)
      const stepsOf = new Map(changed.map((c) => [c.id, c.steps]))
      await tx.$executeRaw`
        INSERT INTO "ExamProvisionalScore" ("attemptId", sums, steps, corrections, "scoredAt")
        SELECT u.id, u.sums::jsonb, u.steps, u.fingerprint, now()
        FROM unnest(${metas.map((m) => m.id)}::text[], ${metas.map((m) => JSON.stringify(sumsOf.get(m.id) ?? []))}::text[],
                    ${metas.map((m) => stepsOf.get(m.id)!)}::int[], ${metas.map((m) => provisionalFingerprint(digest, m.blueprintCode))}::text[])
             AS u(id, sums, steps, fingerprint)
        ON CONFLICT ("attemptId") DO UPDATE SET sums = EXCLUDED.sums, steps = EXCLUDED.steps, corrections = EXCLUDED.corrections, "scoredAt" = EXCLUDED."scoredAt"`
      return metas.length
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 60_000, maxWait: 5_000 },
  )
}

/**
 * Stores scores inside the caller's transaction: attempt → SCORED (from `from`) with ONE UPDATE per
 * batch and one TestResult per application with one INSERT … ON CONFLICT. Returns the attempts it
 * changed (a row no longer in `from` — scored by a concurrent sweeper, disqualified — is left alone).
 * `finishedAt` is kept when set and is the deadline otherwise: the close at the deadline passes
 * IN_PROGRESS rows here, so closing and scoring is one row version, not two.
 */
async function storeScores(tx: Tx, scored: ScoredAttempt[], from: readonly string[]) {
  if (scored.length === 0) return []
  const ids = scored.map((s) => s.attemptId)
  const scoresJson = scored.map((s) => JSON.stringify({ ...s.scores, total: s.total }))
  const passed = scored.map((s) => s.passed)
  const sub = (s: ScoredAttempt, code: string) => (s.scores[code] ?? null) as number | null
  const updated = await tx.$queryRaw<{ id: string; sessionId: string }[]>`
    UPDATE "ExamAttempt" a SET state = 'SCORED', "finishedAt" = COALESCE(a."finishedAt", a.deadline), "scoredAt" = now(),
      scores = u.scores::jsonb, passed = u.passed
    FROM unnest(${ids}::text[], ${scoresJson}::text[], ${passed}::boolean[]) AS u(id, scores, passed)
    WHERE a.id = u.id AND a.state::text = ANY(${[...from]}::text[]) RETURNING a.id, a."sessionId"`
  const sessionOf = new Map(updated.map((r) => [r.id, r.sessionId]))
  const scoredNow = scored.filter((s) => sessionOf.has(s.attemptId)).map((s) => ({ ...s, sessionId: sessionOf.get(s.attemptId)! }))
  // An internship short test (MAGANG, ADR 019 addendum) is no selection test: its score stays
  // on the attempt, and the ranking's TestResult table gets no row.
  const rows = scoredNow.filter((s) => s.kind !== 'MAGANG')
  if (rows.length > 0) await tx.$executeRaw`
    INSERT INTO "TestResult" (id, "applicationId", "periodId", kind, attendance, twk, tiu, tkp, technical, managerial,
      "socioCultural", interview, total, passed, "attemptId", "takenAt", version, "updatedAt")
    SELECT gen_random_uuid()::text, a."applicationId", a."periodId", u.kind::"TestKind", 'PRESENT', u.twk, u.tiu, u.tkp, u.technical, u.managerial,
      u.socio, u.interview, u.total, u.passed, a.id, a."startedAt", 1, now()
    FROM unnest(${rows.map((s) => s.attemptId)}::text[],
                ${rows.map((s) => s.kind)}::text[], ${rows.map((s) => sub(s, 'TWK'))}::int[], ${rows.map((s) => sub(s, 'TIU'))}::int[],
                ${rows.map((s) => sub(s, 'TKP'))}::int[], ${rows.map((s) => sub(s, 'TEKNIS'))}::int[],
                ${rows.map((s) => sub(s, 'MANAJERIAL'))}::int[], ${rows.map((s) => sub(s, 'SOSIOKULTURAL'))}::int[],
                ${rows.map((s) => sub(s, 'WAWANCARA'))}::int[], ${rows.map((s) => s.total)}::int[], ${rows.map((s) => s.passed)}::boolean[])
         AS u(aid, kind, twk, tiu, tkp, technical, managerial, socio, interview, total, passed)
    JOIN "ExamAttempt" a ON a.id = u.aid
    ON CONFLICT ("applicationId", kind) DO UPDATE SET attendance = 'PRESENT', twk = EXCLUDED.twk, tiu = EXCLUDED.tiu,
      tkp = EXCLUDED.tkp, technical = EXCLUDED.technical, managerial = EXCLUDED.managerial,
      "socioCultural" = EXCLUDED."socioCultural", interview = EXCLUDED.interview, total = EXCLUDED.total,
      passed = EXCLUDED.passed, "attemptId" = EXCLUDED."attemptId", "takenAt" = EXCLUDED."takenAt",
      version = "TestResult".version + 1, "updatedAt" = now()`
  return scoredNow
}

/** The audit entry of a scoring or regrade batch (what an auditor reads per attempt: total and pass/fail). */
function scoreEntry(scoredNow: ScoredAttempt[], action: 'exam.attempts.score' | 'exam.attempts.regrade', reason?: string): AuditEntry {
  return {
    action,
    entityType: 'ExamAttempt',
    entityId: scoredNow[0]!.attemptId,
    before: action === 'exam.attempts.regrade' ? scoredNow.map((s) => ({ attemptId: s.attemptId, ...s.previous })) : undefined,
    after: { reason, attempts: scoredNow.map((s) => ({ attemptId: s.attemptId, total: s.total, passed: s.passed })) },
  }
}

/** Writes the scores of closed attempts: attempt → SCORED and one TestResult per application, one audit row per batch. */
async function writeScores(scored: ScoredAttempt[], actor: AuditActor, action: 'exam.attempts.score' | 'exam.attempts.regrade', reason?: string) {
  if (scored.length === 0) return
  await audited(
    actor,
    async (tx, audit) => {
      const scoredNow = await storeScores(tx, scored, action === 'exam.attempts.score' ? fromStates('score') : fromStates('regrade'))
      if (scoredNow.length > 0) await audit(scoreEntry(scoredNow, action, reason))
    },
    { timeoutMs: 60_000 },
  )
}

/** Scores closed attempts (FINISHED / AUTO_SUBMITTED) in batches. */
export async function scoreClosedAttempts(attemptIds: readonly string[], actor: AuditActor = SYSTEM_ACTOR) {
  const batches: string[][] = []
  for (let i = 0; i < attemptIds.length; i += SCORE_BATCH) batches.push(attemptIds.slice(i, i + SCORE_BATCH))
  // Two batches at a time: PostgreSQL's work per batch is one backend, so this uses a second core.
  const next = () => batches.shift()
  await Promise.all(Array.from({ length: SCORE_PARALLEL }, async () => {
    for (let batch = next(); batch; batch = next()) await scoreBatch(batch, actor)
  }))
}

async function scoreBatch(batch: string[], actor: AuditActor) {
  const t0 = performance.now()
  const scored = await computeScores(batch)
  const t1 = performance.now()
  await writeScores(scored, actor, 'exam.attempts.score')
  if (process.env.EXAM_SWEEP_TIMING) console.log(`  scored ${batch.length}: computed in ${Math.round(t1 - t0)} ms, written in ${Math.round(performance.now() - t1)} ms`)
}

/**
 * Closes and scores one batch of attempts past their deadline in ONE transaction (ADR 014,
 * addendum 2026-12-02): the rows are locked first (`FOR NO KEY UPDATE SKIP LOCKED`), so a save in
 * flight at the deadline — it holds its attempt row `FOR SHARE` until it commits — is either
 * committed and scored, or its attempt is skipped and closed by the next batch or tick (it is
 * then refused: the deadline has passed). Two sweepers, or two batches of one sweeper, never take
 * the same attempt. The scores are computed from the stored steps under those locks, and each row
 * is written once: IN_PROGRESS → SCORED with `finishedAt = deadline`. Both transitions of the
 * state machine are audited, as when they were two statements: per session an auto-submit row
 * listing the attempts (IN_PROGRESS → AUTO_SUBMITTED) and a scoring row (AUTO_SUBMITTED → SCORED,
 * total and pass/fail per attempt), written together by `writeAuditBatch` (one chain lock, one INSERT).
 * Returns how many attempts it closed; 0 when none is left (or all that are left are locked).
 */
async function closeAndScoreBatch(actor: AuditActor): Promise<number> {
  const closedState = nextState('autoSubmit', 'IN_PROGRESS')
  const scoredState = nextState('score', closedState)
  const t0 = performance.now()
  let computedMs = 0
  const closed = await prisma.$transaction(
    async (tx) => {
      for (const setting of scoringSettings(tx)) await setting
      // Prisma's timeout below ends the transaction but not a statement still running in it, which
      // would keep the batch's rows locked: PostgreSQL cancels it first.
      await tx.$executeRaw`SELECT set_config('statement_timeout', '50s', true)`
      const due = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "ExamAttempt" WHERE state = 'IN_PROGRESS' AND deadline <= now()
        ORDER BY deadline LIMIT ${CLOSE_BATCH} FOR NO KEY UPDATE SKIP LOCKED`
      if (due.length === 0) return 0
      const t1 = performance.now()
      // Provisional scores where they provably equal a re-score; the rest from their steps.
      const scored = await computeScores(
        due.map((r) => r.id),
        undefined,
        tx,
        { reuseProvisional: true },
      )
      computedMs = performance.now() - t1
      const scoredNow = await storeScores(tx, scored, fromStates('autoSubmit'))
      const entries: AuditEntry[] = []
      for (const [sessionId, list] of groupBy(scoredNow, (s) => s.sessionId)) {
        entries.push(
          autoSubmitEntry(sessionId, list.map((s) => s.attemptId)),
          {
            action: 'exam.attempts.score',
            entityType: 'ExamAttempt',
            entityId: list[0]!.attemptId,
            before: { state: closedState },
            after: { state: scoredState, reason: 'deadline', attempts: list.map((s) => ({ attemptId: s.attemptId, total: s.total, passed: s.passed })) },
          },
        )
      }
      await writeAuditBatch(tx, actor, entries)
      return scoredNow.length
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
  if (closed > 0 && process.env.EXAM_SWEEP_TIMING) {
    console.log(`  closed and scored ${closed}: computed in ${Math.round(computedMs)} ms, all in ${Math.round(performance.now() - t0)} ms`)
  }
  return closed
}

/**
 * Closes and scores every attempt past its deadline, SCORE_PARALLEL batches at a time (one per
 * core). If scoring fails (an attempt with items its blueprint lacks, a missing version), the
 * batch rolls back whole; the attempts are then closed without scores as before the merge
 * (`closeOnly`), so the deadline still holds for everyone, and the scoring step of the sweep
 * retries them and reports the error.
 */
async function closeAndScoreDue(actor: AuditActor): Promise<number> {
  let total = 0
  const reusedBefore = provisionalUse.reused
  try {
    await Promise.all(
      Array.from({ length: SCORE_PARALLEL }, async () => {
        for (let n = await closeAndScoreBatch(actor); n > 0; n = await closeAndScoreBatch(actor)) total += n
      }),
    )
  } catch (error) {
    console.error('Exam sweeper: closing and scoring failed, closing without scores:', error)
    total += await closeOnly(actor)
  }
  if (total > 0 && process.env.EXAM_SWEEP_TIMING) console.log(`  of the ${total} closed, ${provisionalUse.reused - reusedBefore} had their score from ahead of the deadline`)
  return total
}

/** The audit entry of a session's attempts closed at their deadline (IN_PROGRESS → AUTO_SUBMITTED). */
function autoSubmitEntry(sessionId: string, attemptIds: string[]): AuditEntry {
  return {
    action: 'exam.attempts.autoSubmit',
    entityType: 'ExamSession',
    entityId: sessionId,
    before: { state: 'IN_PROGRESS' },
    after: { state: nextState('autoSubmit', 'IN_PROGRESS'), attempts: attemptIds },
  }
}

/** The close alone (IN_PROGRESS → AUTO_SUBMITTED, `finishedAt = deadline`), audited per session; the fallback above. */
async function closeOnly(actor: AuditActor): Promise<number> {
  return audited(actor, async (tx, audit) => {
    const rows = await tx.$queryRaw<{ id: string; sessionId: string }[]>`
      UPDATE "ExamAttempt" SET state = 'AUTO_SUBMITTED', "finishedAt" = deadline
      WHERE state = 'IN_PROGRESS' AND deadline <= now() RETURNING id, "sessionId"`
    for (const [sessionId, list] of groupBy(rows, (r) => r.sessionId)) {
      await audit(autoSubmitEntry(sessionId, list.map((r) => r.id)))
    }
    return rows.length
  }, { timeoutMs: 60_000 })
}

/**
 * Marks no-shows absent (TH), audited per session: at a site, a candidate without a PIN once PIN
 * issuance closed (with a TestResult row `ABSENT`); in an online session (no check-in, ADR 019
 * addendum), an attempt never started by the window's close (no TestResult: online sessions are
 * not selection tests). One statement and one audit path for both.
 */
async function markAbsent(actor: AuditActor): Promise<number> {
  return audited(actor, async (tx, audit) => {
    const rows = await tx.$queryRaw<{ id: string; sessionId: string; applicationId: string; periodId: string | null; blueprintCode: string; online: boolean }[]>`
      UPDATE "ExamAttempt" a SET state = 'ABSENT'
      FROM "ExamSession" s
      WHERE s.id = a."sessionId" AND a.state = 'NOT_STARTED'
        AND ((s."siteId" IS NOT NULL AND a."checkedInAt" IS NULL AND s."startsAt" - make_interval(mins => ${PIN_CLOSES_MINUTES_BEFORE}::int) <= now())
          OR (s."siteId" IS NULL AND s."closesAt" <= now()))
      RETURNING a.id, a."sessionId", a."applicationId", a."periodId", s."blueprintCode", s."siteId" IS NULL AS online`
    if (rows.length === 0) return 0
    const atSite = rows.filter((r) => !r.online)
    if (atSite.length > 0) await tx.$executeRaw`
      INSERT INTO "TestResult" (id, "applicationId", "periodId", kind, attendance, "attemptId", "updatedAt")
      SELECT gen_random_uuid()::text, u.app, u.period, u.kind::"TestKind", 'ABSENT', u.aid, now()
      FROM unnest(${atSite.map((r) => r.applicationId)}::text[], ${atSite.map((r) => r.periodId)}::text[],
                  ${atSite.map((r) => getBlueprint(r.blueprintCode).testKind)}::text[], ${atSite.map((r) => r.id)}::text[]) AS u(app, period, kind, aid)
      ON CONFLICT ("applicationId", kind) DO NOTHING`
    for (const [sessionId, list] of groupBy(rows, (r) => r.sessionId)) {
      await audit({
        action: 'exam.attempts.absent',
        entityType: 'ExamSession',
        entityId: sessionId,
        before: { state: 'NOT_STARTED' },
        after: { state: nextState('markAbsent', 'NOT_STARTED'), attendance: 'TH', ...(list[0]!.online ? { online: true } : {}), attempts: list.map((r) => r.id) },
      })
    }
    return rows.length
  }, { timeoutMs: 60_000 })
}

export type SweepResult = { closed: number; scored: number; absent: number }

/**
 * One pass of the sweeper (Moodle `update_overdue_attempts`, set-based): close and score what is
 * past its deadline, mark no-shows absent, score what was closed otherwise (a candidate's finish).
 * Safe to run from several processes at once: the close skips rows another one holds, and every
 * write is conditional on the state it leaves.
 */
export async function sweepExams(actor: AuditActor = SYSTEM_ACTOR): Promise<SweepResult> {
  const t0 = performance.now()
  const closed = await closeAndScoreDue(actor)
  const absent = await markAbsent(actor)
  const t1 = performance.now()
  // Finished by the candidate (the finish route scores at once; this catches what that missed).
  const toScore = await prisma.examAttempt.findMany({
    where: { state: { in: [...fromStates('score')] } },
    select: { id: true },
    orderBy: { finishedAt: 'asc' },
  })
  await scoreClosedAttempts(toScore.map((a) => a.id), actor)
  const t2 = performance.now()
  // Last, and bounded (one batch): a deadline passing meanwhile is closed by the next tick. A failure
  // here costs only speed (the close scores those attempts from their steps), so it never fails the sweep.
  const prescored = await prescoreDue().catch((error) => {
    console.error('Exam sweeper: scoring ahead failed:', error)
    return 0
  })
  if (closed + absent + toScore.length + prescored > 0) {
    const ms = (t: number) => Math.round(performance.now() - t)
    console.log(
      `Exam sweeper: ${closed} closed and scored, ${absent} absent in ${Math.round(t1 - t0)} ms; ${toScore.length} finished scored in ${Math.round(t2 - t1)} ms; ` +
        `${prescored} scored ahead in ${ms(t2)} ms`,
    )
  }
  return { closed, scored: closed + toScore.length, absent }
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = map.get(k)
    if (list) list.push(row)
    else map.set(k, [row])
  }
  return map
}

// ───────────────────────── the interval ─────────────────────────

const SWEEPER_LOCK = 0x45584d // "EXM": one sweeper at a time across every app process
let stopSweeper: (() => void) | undefined

/**
 * Runs the sweeper every `intervalMs` in this process (once per process), in whichever process
 * holds the advisory lock for that tick (`runPeriodically`).
 */
export function startExamSweeper(intervalMs = Number(process.env.EXAM_SWEEP_INTERVAL_MS ?? 1000)) {
  if (stopSweeper) return () => {}
  // The bank's keys now, not in the first batch after a deadline (a version added later is read
  // when a batch meets it).
  void keysOfBank().catch((error) => console.error('Exam sweeper: loading the keys failed:', error))
  const stop = runPeriodically({
    name: 'Exam sweeper',
    lockKey: SWEEPER_LOCK,
    intervalMs,
    timeoutMs: 120_000,
    work: async () => {
      await sweepExams()
    },
  })
  stopSweeper = stop
  return () => {
    stop()
    stopSweeper = undefined
  }
}

// ───────────────────────── key corrections and regrade ─────────────────────────

export type RegradeChange = { attemptId: string; participantNumber: string; before: number | null; after: number; passedBefore: boolean | null; passedAfter: boolean | null }

/** Scored attempts that showed any of these item versions. */
async function scoredAttemptsWith(versionIds: string[]): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT a.id FROM "ExamAttempt" a JOIN "ExamAttemptItem" i ON i."attemptId" = a.id
    WHERE a.state = 'SCORED' AND i."versionId" = ANY(${versionIds}::text[])`
  return rows.map((r) => r.id)
}

/**
 * The dry run of a regrade (Moodle `regrade_question`): re-scores every scored attempt that showed
 * the versions by replaying its answer steps against the keys, the corrections in force and the
 * proposed ones, and lists each changed score. Writes nothing but its audit row.
 */
export async function regradeDryRun(proposed: ReadonlyMap<string, KeyCorrection>, actor: AuditActor): Promise<RegradeChange[]> {
  const changes: RegradeChange[] = []
  const versionIds = [...proposed.keys()]
  const ids = await scoredAttemptsWith(versionIds)
  for (let i = 0; i < ids.length; i += SCORE_BATCH) {
    for (const s of await computeScores(ids.slice(i, i + SCORE_BATCH), proposed)) {
      if (s.previous.total !== s.total || s.previous.passed !== s.passed) {
        changes.push({ attemptId: s.attemptId, participantNumber: s.participantNumber, before: s.previous.total, after: s.total, passedBefore: s.previous.passed, passedAfter: s.passed })
      }
    }
  }
  await audited(actor, async (_tx, audit) => {
    await audit({ action: 'exam.regrade.dryRun', entityType: 'QuestionItemVersion', entityId: versionIds.join(','), after: { attempts: ids.length, changed: changes.length, changes } })
  })
  return changes
}

/** The regrade itself: the same replay, written (TestResult version + 1), one audit row per batch with before/after. */
export async function regrade(versionIds: string[], actor: AuditActor, reason: string): Promise<{ attempts: number }> {
  const ids = await scoredAttemptsWith(versionIds)
  for (let i = 0; i < ids.length; i += SCORE_BATCH) {
    await writeScores(await computeScores(ids.slice(i, i + SCORE_BATCH)), actor, 'exam.attempts.regrade', reason)
  }
  return { attempts: ids.length }
}

export type ChallengeResult = { ok: true } | { ok: false; error: 'closed' | 'notFound' | 'reason' | 'duplicate' }

/** A candidate contests an item of their own scored attempt during the key-challenge window. */
export async function challengeItem(attemptId: string, position: number, reason: string, actor: AuditActor): Promise<ChallengeResult> {
  if (reason.trim().length < 10) return { ok: false, error: 'reason' }
  const rows = await prisma.$queryRaw<{ itemId: string; open: boolean }[]>`
    SELECT i."itemId", (s."challengeClosesAt" IS NOT NULL AND s."challengeClosesAt" > now()) AS open
    FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId" JOIN "ExamAttemptItem" i ON i."attemptId" = a.id AND i.position = ${position}
    WHERE a.id = ${attemptId} AND a.state = 'SCORED'`
  const row = rows[0]
  if (!row) return { ok: false, error: 'notFound' }
  if (!row.open) return { ok: false, error: 'closed' }
  return audited(actor, async (tx, audit) => {
    const created = await tx.examKeyChallenge.createMany({ data: [{ attemptId, itemId: row.itemId, reason: reason.trim() }], skipDuplicates: true })
    if (created.count === 0) return { ok: false as const, error: 'duplicate' as const }
    await audit({ action: 'exam.keyChallenge.create', entityType: 'ExamAttempt', entityId: attemptId, after: { itemId: row.itemId, position } })
    return { ok: true as const }
  })
}

/**
 * The committee's decision on an item version: void it (full marks to everyone) or accept further
 * options; the challenges of that item are closed and every scored attempt that showed the version
 * is regraded at once.
 */
export async function decideKeyCorrection(
  input: { versionId: string; voided: boolean; acceptedOptions: string[]; reason: string; upheld: boolean },
  actor: AuditActor,
): Promise<{ ok: true; regraded: number } | { ok: false; error: 'notFound' | 'reason' }> {
  if (input.reason.trim().length < 5) return { ok: false, error: 'reason' }
  const version = await prisma.questionItemVersion.findUnique({ where: { id: input.versionId }, select: { itemId: true } })
  if (!version) return { ok: false, error: 'notFound' }
  await audited(actor, async (tx, audit) => {
    if (input.upheld) {
      await tx.examKeyCorrection.upsert({
        where: { versionId: input.versionId },
        update: { voided: input.voided, acceptedOptions: input.acceptedOptions, reason: input.reason.trim(), decidedById: actor.actorId },
        create: { versionId: input.versionId, voided: input.voided, acceptedOptions: input.acceptedOptions, reason: input.reason.trim(), decidedById: actor.actorId },
      })
    }
    await tx.examKeyChallenge.updateMany({ where: { itemId: version.itemId, status: 'OPEN' }, data: { status: input.upheld ? 'UPHELD' : 'REJECTED' } })
    await audit({
      action: 'exam.keyCorrection.decide',
      entityType: 'QuestionItemVersion',
      entityId: input.versionId,
      after: { upheld: input.upheld, voided: input.voided, acceptedOptions: input.acceptedOptions, reason: input.reason.trim() },
    })
  })
  if (!input.upheld) return { ok: true, regraded: 0 }
  const { attempts } = await regrade([input.versionId], actor, `Key correction: ${input.reason.trim()}`)
  return { ok: true, regraded: attempts }
}

/** Open key challenges grouped by item version, for the committee. */
export async function listOpenChallenges() {
  return prisma.$queryRaw<{ itemId: string; versionId: string; subtest: string; count: number; reasons: string[] }[]>`
    SELECT c."itemId", i."versionId", i.subtest, count(*)::int AS count, array_agg(c.reason ORDER BY c."createdAt") AS reasons
    FROM "ExamKeyChallenge" c JOIN "ExamAttemptItem" i ON i."attemptId" = c."attemptId" AND i."itemId" = c."itemId"
    WHERE c.status = 'OPEN'
    GROUP BY c."itemId", i."versionId", i.subtest ORDER BY count(*) DESC`
}
