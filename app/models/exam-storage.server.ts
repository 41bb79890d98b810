import { prisma } from '~/utils/db.server'
import { CLOSED_STATES } from '~/domain/exam/attempt-state'
import { runPeriodically } from '~/utils/periodic.server'

/**
 * Drops what `prepareStarts` stored once nobody can use it (ADR 014 addendum 2026-12-02): the
 * `ExamPreparedStart` row of a closed attempt (finished, closed at the deadline, scored, absent,
 * disqualified) whose session ended more than a day ago by the server's clock, then every
 * `ExamBundle` no prepared start names any more. ~0.35 GB per 25,000-candidate day otherwise.
 *
 * Both are derived from the audited draw and carry no audit row of their own, so deleting them
 * writes none either: an attempt's items stay in `ExamAttemptItem`, and a bundle asked for again
 * is built from them (the bundle endpoint's fallback). Runs in statements of `batchSize` rows, each
 * its own short transaction, never in the close: a batch locks only the rows it deletes, which no
 * exam request touches any more.
 */
export const STORAGE_CLEANUP_BATCH = 5_000
/** How long after its session ended a closed attempt keeps its prepared start (support, reprints). */
export const KEEP_AFTER_SESSION_MS = 24 * 60 * 60 * 1000

export type StorageCleanup = { preparedStarts: number; bundles: number; provisionalScores: number }

export async function cleanupExamStorage(opts: { now?: Date; batchSize?: number } = {}): Promise<StorageCleanup> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - KEEP_AFTER_SESSION_MS)
  const batchSize = Math.max(1, Math.trunc(opts.batchSize ?? STORAGE_CLEANUP_BATCH))
  const closed = [...CLOSED_STATES]
  const result: StorageCleanup = { preparedStarts: 0, bundles: 0, provisionalScores: 0 }
  for (;;) {
    // A session ends at its start plus its duration, an online one at its window's close
    // (`closesAt`), whichever is later. Driven from the prepared starts, which the cleanup keeps
    // small, not from the ever-growing attempts.
    const deleted = await prisma.$executeRaw`
      DELETE FROM "ExamPreparedStart" WHERE "attemptId" IN (
        SELECT p."attemptId" FROM "ExamPreparedStart" p
          JOIN "ExamAttempt" a ON a.id = p."attemptId"
          JOIN "ExamSession" s ON s.id = a."sessionId"
         WHERE a.state::text = ANY(${closed}::text[])
           AND GREATEST(s."startsAt" + make_interval(mins => s."durationMinutes"), COALESCE(s."closesAt", s."startsAt")) < ${cutoff}
         LIMIT ${batchSize})`
    result.preparedStarts += deleted
    if (deleted < batchSize) break
  }
  for (;;) {
    // `prepareStarts` inserts a bundle and the starts naming it in one transaction, so a new bundle
    // is never seen here unnamed. A preparation that reuses a bundle deleted in between finds it
    // missing at the first request and builds it from the items (as before preparation existed).
    const deleted = await prisma.$executeRaw`
      DELETE FROM "ExamBundle" WHERE hash IN (
        SELECT b.hash FROM "ExamBundle" b
         WHERE NOT EXISTS (SELECT 1 FROM "ExamPreparedStart" p WHERE p."bundleHash" = b.hash)
         LIMIT ${batchSize})`
    result.bundles += deleted
    if (deleted < batchSize) break
  }
  for (;;) {
    // The scores made ahead of the deadline (ExamProvisionalScore) are of no use once the attempt
    // is closed: the close used them or not, and the regrade replays the steps. Deleted here, in
    // short statements of their own, rather than in the timed close; no day's grace needed.
    const deleted = await prisma.$executeRaw`
      DELETE FROM "ExamProvisionalScore" WHERE "attemptId" IN (
        SELECT p."attemptId" FROM "ExamProvisionalScore" p JOIN "ExamAttempt" a ON a.id = p."attemptId"
         WHERE a.state::text = ANY(${closed}::text[])
         LIMIT ${batchSize})`
    result.provisionalScores += deleted
    if (deleted < batchSize) break
  }
  return result
}

const CLEANUP_LOCK = 0x455354 // "EST": one cleanup at a time across every app process

/**
 * Runs `cleanupExamStorage` a minute after start-up and then every `intervalMs` (an hour), in
 * whichever process gets the advisory lock (`runPeriodically`). Started beside the exam sweeper
 * (`app/jobs.server.ts`), not in it.
 */
export function startExamStorageCleanup(intervalMs = Number(process.env.EXAM_STORAGE_CLEANUP_INTERVAL_MS ?? 3_600_000)) {
  return runPeriodically({
    name: 'Exam storage cleanup',
    lockKey: CLEANUP_LOCK,
    intervalMs,
    firstAfterMs: Math.min(60_000, intervalMs),
    timeoutMs: 600_000,
    work: async () => {
      const done = await cleanupExamStorage()
      if (done.preparedStarts || done.bundles || done.provisionalScores) {
        console.log(`Exam storage cleanup: ${done.preparedStarts} prepared start(s), ${done.bundles} bundle(s), ${done.provisionalScores} provisional score(s) deleted.`)
      }
    },
  })
}
