import { prepareDatabase } from './lib/prepare.ts'

/**
 * `npm run worker`: runs the background jobs and the exam sweeper in their own process (set RUN_WORKERS=false on the
 * web processes). Needs REDIS_URL to share the queue with the web processes.
 */
if (!process.env.REDIS_URL) {
  console.error('npm run worker needs REDIS_URL: without Redis, jobs run inside the web process.')
  process.exit(2)
}
const { embedded } = await prepareDatabase({ seed: false })
await import('../app/utils/mail.server.ts')
await import('../app/models/ranking.server.ts')
await import('../app/models/internship.server.ts')
// Defines the exam.plan job: allocation runs and attempt preparation (ADR 020 addendum).
await import('../app/models/exam-planning.server.ts')
const { startWorkers, stopQueues } = await import('../app/utils/queue.server.ts')
startWorkers()
// With RUN_WORKERS=false the web processes do not sweep: exam deadlines are closed and scored here
// (ADR 014). Safe beside other sweepers: one sweeps at a time under an advisory lock.
const { startExamSweeper } = await import('../app/models/exam-scoring.server.ts')
const stopExamSweeper = startExamSweeper()
console.log('Worker started (jobs and the exam sweeper).')
async function stop() {
  stopExamSweeper()
  await stopQueues()
  await embedded?.stop()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
