import pg from 'pg'
import { remember } from '@epic-web/remember'
import { getEnv } from '~/utils/env.server'
import { onShutdown } from '~/utils/shutdown.server'
import type { AttemptState } from '~/domain/exam/attempt-state'

/**
 * The answer save with GROUP COMMIT (issue 6 "Speed"; ADR 014, 2026-12-01 addendum).
 *
 * Every save is still durable and idempotent: a change is acknowledged only after the INSERT that
 * stored it committed (synchronous_commit stays on), and `(attemptId, seq)` makes a replay a no-op.
 * What changes is how many saves share a commit: saves that arrive while a commit is in flight (or
 * within `EXAM_SAVE_WINDOW_MS`, default 2 ms, of the first one) are written together in ONE
 * multi-row `INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`, one transaction, one WAL flush.
 * Each waiting request is answered from that statement's RETURNING rows after the commit. The
 * statement checks state, deadline (database clock), position and option for every row, exactly
 * as the one-request statement did. Saves bypass Prisma (a plain `pg` pool of its own) because the
 * hot path is dominated by per-query overhead, not by SQL.
 */

export type AnswerChange = { seq: number; position: number; optionId: string | null }

export type SaveError = 'deadline' | 'paused' | 'closed' | 'notStarted' | 'conflict' | 'invalid'
export type SaveOutcome = { ok: true; acked: number[] } | { ok: false; acked: number[]; error: SaveError }

const WINDOW_MS = Number(process.env.EXAM_SAVE_WINDOW_MS ?? 2)
/** Rows per statement: bounds a batch's latency and its parameter arrays. */
const MAX_BATCH_ROWS = 2000
/** Commits in flight at once per process; more saves wait for the next group. */
const MAX_INFLIGHT = Number(process.env.EXAM_SAVE_INFLIGHT ?? 3)

/** The exam hot path's own pool (saves, start reads): plain `pg`, no ORM in between. */
export const examPool = remember('exam-save-pool', () => {
  const p = new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: Number(process.env.EXAM_POOL_SIZE ?? 10), allowExitOnIdle: true })
  // An idle client whose server went away (PostgreSQL restart) must not crash the process; the pool
  // drops it and the next save connects again. The candidate's page replays what was not acked.
  p.on('error', (error) => console.error('Exam save pool: idle client error:', error.message))
  onShutdown(() => p.end())
  return p
})

/**
 * Runs `work` in one plain pg transaction on the hot path's pool (no Prisma interactive transaction:
 * its bookkeeping costs more CPU per exam start than the statements themselves). Rolled back on an
 * error; a client that failed mid-transaction may have lost its connection, so the pool drops it.
 */
export async function inExamTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await examPool.connect()
  let failed: Error | undefined
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    failed = error as Error
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release(failed)
  }
}

const INSERT_SQL = `
  INSERT INTO "ExamAnswerStep" ("attemptId", seq, position, "optionId")
  SELECT c.aid, c.seq, c.position, c.option
  FROM unnest($1::text[], $2::int[], $3::int[], $4::text[]) AS c(aid, seq, position, option)
  JOIN "ExamAttempt" a ON a.id = c.aid
  JOIN "ExamAttemptItem" it ON it."attemptId" = c.aid AND it.position = c.position
  WHERE a.state = 'IN_PROGRESS' AND a.deadline > now()
    AND (c.option IS NULL OR c.option = ANY(it."optionOrder"))
  -- One order for every batch, so two batches holding the same keys (a replay racing its
  -- original) wait on each other instead of deadlocking.
  ORDER BY c.aid, c.seq
  -- The share lock on the attempt row orders every save against the sweeper's close (an UPDATE of
  -- that row): a save that read IN_PROGRESS either commits before the close proceeds, so the score
  -- sees it, or waits for the close and is re-checked against the closed row and refused. Without
  -- it, a save that began a moment before the deadline could be acknowledged after scoring.
  FOR SHARE OF a
  ON CONFLICT DO NOTHING
  RETURNING "attemptId", seq, position, "optionId"`

type Waiting = { attemptId: string; changes: readonly AnswerChange[]; resolve: (o: SaveOutcome) => void; reject: (e: unknown) => void }
type StoredRow = { attemptId: string; seq: number; position: number; optionId: string | null }

const queue: Waiting[] = []
let queuedRows = 0
let inflight = 0
let timer: NodeJS.Timeout | null = null

/**
 * Appends answer steps; resolves after the commit that stored them. A replay of a stored step (same
 * seq, same answer) is acknowledged again without a second row; a seq reused with another answer
 * is a conflict (two PCs at once).
 */
export function saveAnswers(attemptId: string, changes: readonly AnswerChange[]): Promise<SaveOutcome> {
  if (changes.length === 0) return Promise.resolve({ ok: true, acked: [] })
  return new Promise((resolve, reject) => {
    queue.push({ attemptId, changes, resolve, reject })
    queuedRows += changes.length
    if (queuedRows >= MAX_BATCH_ROWS) flush()
    else if (!timer && inflight < MAX_INFLIGHT) timer = setTimeout(flush, WINDOW_MS)
  })
}

function flush() {
  if (timer) {
    clearTimeout(timer)
    timer = null
  }
  if (inflight >= MAX_INFLIGHT || queue.length === 0) return
  const batch: Waiting[] = []
  let rows = 0
  while (queue.length > 0 && (batch.length === 0 || rows + queue[0]!.changes.length <= MAX_BATCH_ROWS)) {
    const next = queue.shift()!
    rows += next.changes.length
    batch.push(next)
  }
  queuedRows -= rows
  inflight++
  void writeGroup(batch).finally(() => {
    inflight--
    // What queued up during this commit goes at once: it already waited one commit.
    if (queue.length > 0) flush()
  })
  // Another commit may start in parallel when enough is waiting.
  if (queuedRows >= MAX_BATCH_ROWS) flush()
}

async function writeGroup(batch: Waiting[]) {
  const aids: string[] = []
  const seqs: number[] = []
  const positions: number[] = []
  const options: (string | null)[] = []
  for (const w of batch) {
    for (const c of w.changes) {
      aids.push(w.attemptId)
      seqs.push(c.seq)
      positions.push(c.position)
      options.push(c.optionId)
    }
  }
  let stored: StoredRow[]
  try {
    stored = await insertWithRetry([aids, seqs, positions, options])
  } catch (error) {
    for (const w of batch) w.reject(error)
    return
  }
  const byKey = new Map(stored.map((r) => [`${r.attemptId}\u0000${r.seq}`, r]))
  for (const w of batch) {
    // Acked only when the row this statement stored is this request's change (two requests in one
    // group may carry the same seq with different answers: only the stored one is acknowledged).
    const fresh = new Set<number>()
    for (const c of w.changes) {
      const row = byKey.get(`${w.attemptId}\u0000${c.seq}`)
      if (row && row.position === c.position && row.optionId === c.optionId) fresh.add(c.seq)
    }
    if (fresh.size === w.changes.length) w.resolve({ ok: true, acked: w.changes.map((c) => c.seq) })
    else explainShortfall(w.attemptId, w.changes, fresh).then(w.resolve, w.reject)
  }
}

async function insertWithRetry(params: unknown[]): Promise<StoredRow[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await examPool.query<StoredRow>(INSERT_SQL, params)).rows
    } catch (error) {
      // Deadlock or serialisation failure: nothing was written; try the same group again.
      const code = (error as { code?: string }).code
      if (attempt < 3 && (code === '40P01' || code === '40001')) continue
      throw error
    }
  }
}

/** The slow path, only when some change was not inserted: replays, refusals and conflicts. */
async function explainShortfall(attemptId: string, changes: readonly AnswerChange[], inserted: Set<number>): Promise<SaveOutcome> {
  const { rows: stored } = await examPool.query<StoredRow>(
    `SELECT seq, position, "optionId" FROM "ExamAnswerStep" WHERE "attemptId" = $1 AND seq = ANY($2::int[])`,
    [attemptId, changes.map((c) => c.seq)],
  )
  const bySeq = new Map(stored.map((s) => [s.seq, s]))
  const acked: number[] = []
  let conflict = false
  let missing = false
  for (const c of changes) {
    const s = bySeq.get(c.seq)
    if (inserted.has(c.seq)) acked.push(c.seq)
    else if (s && s.position === c.position && s.optionId === c.optionId) acked.push(c.seq)
    else if (s) conflict = true
    else missing = true
  }
  if (!missing && !conflict) return { ok: true, acked }
  if (conflict) return { ok: false, acked, error: 'conflict' }
  const { rows } = await examPool.query<{ state: AttemptState; open: boolean }>(
    `SELECT state::text AS state, (deadline > now()) AS open FROM "ExamAttempt" WHERE id = $1`,
    [attemptId],
  )
  const row = rows[0]
  if (!row) return { ok: false, acked, error: 'invalid' }
  if (row.state === 'PAUSED') return { ok: false, acked, error: 'paused' }
  if (row.state === 'NOT_STARTED') return { ok: false, acked, error: 'notStarted' }
  if (row.state !== 'IN_PROGRESS') return { ok: false, acked, error: 'closed' }
  if (!row.open) return { ok: false, acked, error: 'deadline' }
  return { ok: false, acked, error: 'invalid' }
}
