import fs from 'node:fs'
import { execFileSync } from 'node:child_process'
import { prepareDatabase } from './lib/prepare.ts'

/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, demo data once, a build if
 * there is none, then the portal on PORT. Ctrl-C / SIGTERM stops the server and the embedded
 * PostgreSQL cleanly; the data stays in .data/ for the next start.
 */
process.env.NODE_ENV ??= 'production'
process.env.LOAD_DEMO_DATA ??= process.env.NODE_ENV === 'production' && process.env.DATABASE_URL ? 'false' : 'true'

const { embedded } = await prepareDatabase()

if (!fs.existsSync('build/index.js')) {
  console.log('No build found: building (npm run build)…')
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
}

const { serve } = await import('../server/index.ts')
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'
const server = await serve({ port, host })
console.log(`Portal Seleksi ASN siap: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`)

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`${signal}: stopping…`)
  const force = setTimeout(() => process.exit(1), 10_000)
  force.unref()
  server.closeAllConnections?.()
  await new Promise((r) => server.close(r))
  const { runShutdownHooks } = await import('../app/utils/shutdown.server.ts')
  await runShutdownHooks()
  await embedded?.stop()
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
