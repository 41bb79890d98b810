import path from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres, databaseUrl } from './lib/postgres.ts'

/**
 * The start's statements one by one (ADR 014 addendum "starts, second pass"), on the database a
 * `bench:exam` run left in .data/bench-exam-pg: 1,000 of its attempts are put back to NOT_STARTED
 * inside a transaction, each statement runs 15 times to a savepoint that is rolled back, and the
 * median is printed; the transaction is rolled back at the end, so the database is unchanged.
 * Compares the batched read with and without the name's subqueries and the step aggregate, the
 * start UPDATE with and without the state change (non-HOT vs HOT-able), and the audit INSERT of
 * one row per start vs one row for the batch. `npx tsx scripts/bench-exam-statements.ts` under
 * the heavy lock, after `BENCH_PHASES=start npm run bench:exam`.
 */
const embedded = await startEmbeddedPostgres(path.join('.data', 'bench-exam-pg'), { quiet: true })
const url = databaseUrl(embedded.adminUrl, 'bench')
process.env.DATABASE_URL = url
process.env.SESSION_SECRET ??= 'x'.repeat(40)
const { writeAuditBatchPg } = await import('../app/models/audit.server.ts')
const db = new pg.Client({ connectionString: url })
await db.connect()

const ids = (await db.query<{ id: string }>(`SELECT "attemptId" AS id FROM "ExamPreparedStart" ORDER BY 1 LIMIT 1000`)).rows.map((r) => r.id)
const LOOKED_UP_NAME = `COALESCE(
  (SELECT i."fullName" FROM "Application" ap JOIN "ApplicantIdentity" i ON i."userId" = ap."userId" WHERE ap.id = a."applicationId" LIMIT 1),
  (SELECT u.name FROM "InternshipApplication" ia JOIN "User" u ON u.id = ia."studentId" WHERE ia.id = a."applicationId" LIMIT 1))`
const STEPS = `(SELECT string_agg(st.seq || ',' || st.position || ',' || COALESCE(st."optionId", ''), ';') FROM "ExamAnswerStep" st WHERE st."attemptId" = a.id)`
const snapshot = (name: string, steps: string) => `
  SELECT a.id, a.state::text AS state, a."participantNumber", a."applicationId", a."extraMinutes", a."checkedInAt",
         a."agreedAt", a."startedAt", a.deadline, s."blueprintCode", s.code AS "sessionCode", s."startsAt",
         s."durationMinutes", s."closesAt", now() AS now, ${name} AS "fullName",
         CASE WHEN a.state = 'NOT_STARTED' THEN p.items END AS "preparedItems",
         CASE WHEN a.state = 'NOT_STARTED' THEN p."bundleHash" END AS "bundleHash", ${steps} AS steps
  FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId"
  LEFT JOIN "ExamPreparedStart" p ON p."attemptId" = a.id
  WHERE a.id = ANY($1::text[])`

async function time(label: string, sql: string, params: unknown[], reps = 15) {
  const ms: number[] = []
  for (let i = 0; i < reps; i++) {
    await db.query('SAVEPOINT t')
    const t = performance.now()
    await db.query(sql, params)
    ms.push(performance.now() - t)
    await db.query('ROLLBACK TO SAVEPOINT t')
  }
  ms.sort((a, b) => a - b)
  console.log(`${label.padEnd(62)} median ${ms[ms.length >> 1]!.toFixed(2)} ms, min ${ms[0]!.toFixed(2)} ms`)
}

try {
  await db.query('BEGIN')
  await db.query(`UPDATE "ExamAttempt" SET state = 'NOT_STARTED', "agreedAt" = NULL, "startedAt" = NULL, deadline = NULL WHERE id = ANY($1)`, [ids])
  const batch = ids.slice(0, 200)
  await time('read of 200 NOT_STARTED: name looked up, steps aggregated', snapshot(LOOKED_UP_NAME, STEPS), [batch])
  await time('read of 200 NOT_STARTED: stored name, no steps (this addendum)', snapshot(`COALESCE(p."candidateName", ${LOOKED_UP_NAME})`, `CASE WHEN a.state <> 'NOT_STARTED' THEN ${STEPS} END`), [batch])
  const update = (set: string) => `
    UPDATE "ExamAttempt" a SET ${set}"agreedAt" = now(), "startedAt" = now(), deadline = now() + make_interval(mins => u.minutes)
    FROM unnest($1::text[], $2::int[]) AS u(id, minutes) WHERE a.id = u.id AND a.state = 'NOT_STARTED' RETURNING a.id, a."startedAt", a.deadline`
  await time(`start UPDATE of ${ids.length} (state changes: not HOT)`, update(`state = 'IN_PROGRESS', `), [ids, ids.map(() => 100)])
  await time(`the same UPDATE without the state change (HOT-able)`, update(''), [ids, ids.map(() => 100)])
  // The audit INSERT exactly as the start writes it, captured from writeAuditBatchPg.
  let insert = { sql: '', params: [] as unknown[] }
  const capture = {
    query: async (sql: string, params?: unknown[]) => {
      if (sql.includes('INSERT')) insert = { sql, params: params ?? [] }
      return { rows: [] }
    },
  }
  const now = new Date()
  await writeAuditBatchPg(
    capture,
    { actorId: null, actorRole: 'SYSTEM', ip: null, userAgent: null },
    ids.map((id) => ({
      actor: { actorId: null, actorRole: 'CANDIDATE', ip: '127.0.0.1', userAgent: 'bench-exam' },
      action: 'exam.attempt.start',
      entityType: 'ExamAttempt',
      entityId: id,
      before: { state: 'NOT_STARTED' },
      after: { state: 'IN_PROGRESS', startedAt: now, deadline: now, integrityAgreement: true },
    })),
  )
  insert.params[0] = 999 // a chain of its own: no clash with the bench's rows
  await time(`audit INSERT of ${ids.length} start rows`, insert.sql, insert.params)
  await time(`the same arrays, one row kept (one row per batch)`, insert.sql.replace('ORDER BY t.seq', 'ORDER BY t.seq LIMIT 1'), insert.params)
} finally {
  await db.query('ROLLBACK').catch(() => {})
  await db.end()
  await embedded.stop()
}
