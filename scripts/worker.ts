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
// Every job module and the timers beside the queue: the list entry.server loads too. With
// RUN_WORKERS=false the web processes do not sweep: exam deadlines are closed and scored here
// (ADR 014). Safe beside other sweepers: one sweeps at a time under an advisory lock.
const { startBackgroundWork } = await import('../app/jobs.server.ts')
const { stopQueues } = await import('../app/utils/queue.server.ts')
const background = startBackgroundWork()
await background.started
console.log('Worker started (jobs and the exam sweeper).')
async function stop() {
  background.stop()
  await stopQueues()
  await embedded?.stop()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
