import { prepareDatabase } from './lib/prepare.ts'

/**
 * `npm run worker`: runs the background jobs in their own process (set RUN_WORKERS=false on the
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
const { startWorkers, stopQueues } = await import('../app/utils/queue.server.ts')
startWorkers()
console.log('Worker started.')
async function stop() {
  await stopQueues()
  await embedded?.stop()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
