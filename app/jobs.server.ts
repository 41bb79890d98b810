/**
 * The background work of a process: every module that defines a queue job (imported for its
 * `defineJob` side effect) and the timers beside the queue. Both places that run jobs load this
 * one list — `entry.server.tsx` (web processes with RUN_WORKERS, and `npm start`'s job process,
 * which loads the build) and `scripts/worker.ts` (`npm run worker`) — so a new job module added
 * here cannot be missing from either. `tests/integration/jobs.test.ts` fails when a module under
 * app/ calls `defineJob` and is not reached from here.
 */
import { startWorkers } from '~/utils/queue.server'
import { startExamSweeper } from '~/models/exam-scoring.server'
import { startExamStorageCleanup } from '~/models/exam-storage.server'
import { startOfferExpirySweeper } from '~/models/internship.server'
// email.send
import '~/utils/mail.server'
// ranking.run, ranking.notify (issue 8)
import '~/models/ranking.server'
// internship.offer-expiry (issue 9): imported above for its sweeper
// exam.plan: allocation runs and attempt preparation (ADR 020 addendum)
import '~/models/exam-planning.server'

export type BackgroundWork = {
  /** Settles when the queue workers run (rejects when the queue cannot start). */
  started: Promise<void>
  /** Stops the timers; the queue is stopped by `stopQueues` (a shutdown hook). */
  stop: () => void
}

/**
 * Starts processing every defined job, the exam sweeper (deadlines are the server's, ADR 014),
 * hourly the cleanup of prepared exam starts (ADR 014 addendum 2026-12-02), and every minute the
 * backstop of internship offer expiry (ADR 019 addendum 2026-12-02).
 */
export function startBackgroundWork(): BackgroundWork {
  const started = startWorkers()
  const stops = [startExamSweeper(), startExamStorageCleanup(), startOfferExpirySweeper()]
  return {
    started,
    stop: () => {
      for (const stop of stops) stop()
    },
  }
}
