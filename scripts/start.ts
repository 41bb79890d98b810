import fs from 'node:fs'
import os from 'node:os'
import cluster from 'node:cluster'
import { execFileSync } from 'node:child_process'

/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, demo data once, a build if
 * there is none, then the portal on PORT. Ctrl-C / SIGTERM stops the server and the embedded
 * PostgreSQL cleanly; the data stays in .data/ for the next start.
 *
 * WEB_CONCURRENCY > 1 (or `auto`: one per CPU core) runs that many server processes sharing the
 * port (node:cluster), so page rendering and password hashing use every core; the first process
 * prepares the database and supervises, restarting a server process that dies. With REDIS_URL set
 * and RUN_WORKERS left unset, the background jobs (e-mail, sweeps, ranking runs) then run in one
 * more process of their own instead of inside every server process (ADR 023 addendum), so a burst
 * of e-mails never takes an event loop that serves pages.
 */
process.env.NODE_ENV ??= 'production'
process.env.LOAD_DEMO_DATA ??= process.env.NODE_ENV === 'production' && process.env.DATABASE_URL ? 'false' : 'true'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'

function webConcurrency() {
  const raw = process.env.WEB_CONCURRENCY ?? '1'
  const n = raw === 'auto' ? os.availableParallelism() : Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WEB_CONCURRENCY must be 1–64 or "auto", not "${raw}"`)
  return n
}

async function runServer() {
  const { serve } = await import('../server/index.ts')
  const server = await serve({ port, host })
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    if (cluster.isPrimary) console.log(`${signal}: stopping…`)
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    server.closeAllConnections?.()
    await new Promise((r) => server.close(r))
    const { runShutdownHooks } = await import('../app/utils/shutdown.server.ts')
    await runShutdownHooks()
  }
  return { stop }
}

/** The process that runs the background jobs and serves nothing: the build, loaded with RUN_WORKERS. */
async function runJobs() {
  const path = await import('node:path')
  const url = await import('node:url')
  // entry.server starts the queue workers and the exam sweeper when the build is loaded.
  await import(url.pathToFileURL(path.resolve('build/index.js')).href)
  const exit = async () => {
    const { runShutdownHooks } = await import('../app/utils/shutdown.server.ts')
    await runShutdownHooks()
    process.exit(0)
  }
  process.on('SIGTERM', () => void exit())
  process.on('SIGINT', () => {})
}

if (cluster.isWorker && process.env.PORTAL_PROCESS_ROLE === 'jobs') {
  await runJobs()
} else if (cluster.isWorker) {
  // A server process of the cluster: the primary prepared the database and passed DATABASE_URL.
  const { stop } = await runServer()
  const exit = async () => {
    await stop('SIGTERM')
    process.exit(0)
  }
  process.on('SIGTERM', () => void exit())
  process.on('SIGINT', () => {}) // the primary decides; Ctrl-C reaches the whole process group
} else {
  const { prepareDatabase } = await import('./lib/prepare.ts')
  const { embedded } = await prepareDatabase()

  if (!fs.existsSync('build/index.js')) {
    console.log('No build found: building (npm run build)…')
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
  }

  const processes = webConcurrency()
  let stopping = false
  let stopServer: ((signal: string) => Promise<void>) | null = null

  if (processes === 1) {
    stopServer = (await runServer()).stop
  } else {
    cluster.setupPrimary({ exec: process.argv[1] })
    const separateJobs = Boolean(process.env.REDIS_URL) && process.env.RUN_WORKERS === undefined
    const roles = new Map<number, 'web' | 'jobs'>()
    const fork = (role: 'web' | 'jobs') => {
      const env = role === 'jobs' ? { PORTAL_PROCESS_ROLE: 'jobs', RUN_WORKERS: 'true' } : separateJobs ? { RUN_WORKERS: 'false' } : {}
      roles.set(cluster.fork({ DATABASE_URL: process.env.DATABASE_URL, ...env }).id, role)
    }
    await new Promise<void>((resolve) => {
      let listening = 0
      cluster.on('listening', () => {
        if (++listening === processes) resolve()
      })
      for (let i = 0; i < processes; i++) fork('web')
    })
    if (separateJobs) fork('jobs')
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return
      const role = roles.get(worker.id) ?? 'web'
      roles.delete(worker.id)
      console.error(`${role === 'jobs' ? 'Job' : 'Server'} process ${worker.process.pid} ended (${signal ?? code}); starting another.`)
      fork(role)
    })
  }
  console.log(
    `Portal Seleksi ASN siap: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}` +
      (processes > 1 ? ` (${processes} proses server${process.env.REDIS_URL && process.env.RUN_WORKERS === undefined ? ' + 1 proses antrean' : ''})` : ''),
  )

  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    if (stopServer) {
      await stopServer(signal)
    } else {
      console.log(`${signal}: stopping…`)
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined)
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => resolve())
              w.process.kill('SIGTERM')
            }),
        ),
      )
    }
    await embedded?.stop()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}
