import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import getPort from 'get-port'
import { startTestPostgres, startTestRedis } from '../tests/setup/services.ts'
import { createDatabase, databaseUrl } from './lib/postgres.ts'
import { startMailbox } from '../tests/setup/mailbox.ts'

/**
 * Browser tests against the production build, with every outside part real and private to this
 * run: a fresh PostgreSQL, a redis-server and an SMTP server, all on free loopback ports. The
 * portal is started the way a user starts it (`scripts/start.ts`), then Playwright runs.
 */
const pg = await startTestPostgres()
const redis = await startTestRedis()
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-mailbox-'))
const mailbox = await startMailbox(mailDir)
await createDatabase(pg.adminUrl, 'portal_e2e')
const port = await getPort()
const baseUrl = `http://127.0.0.1:${port}`
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-data-'))

const appEnv = {
  ...process.env,
  NODE_ENV: 'production' as const,
  PORT: String(port),
  HOST: '127.0.0.1',
  APP_URL: baseUrl,
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl(pg.adminUrl, 'portal_e2e'),
  REDIS_URL: redis.url,
  SMTP_URL: `smtp://127.0.0.1:${mailbox.port}?ignoreTLS=true`,
  LOAD_DEMO_DATA: 'true',
  SESSION_SECRET: 'e2e-session-secret-e2e-session-secret-0000',
  // Browser tests sign in many times from one address; lockout is tested with its own account.
  LOGIN_IP_LIMIT_PER_MINUTE: '1000',
}

let server: ChildProcess | undefined
let exitCode = 1
try {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts'], {
    env: appEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server = child
  const logFile = path.join(dataDir, 'server.log')
  const log = fs.createWriteStream(logFile)
  child.stdout!.pipe(log)
  child.stderr!.pipe(log)
  await waitForReady(`${baseUrl}/readyz`, child, logFile)

  const playwright = spawn(
    process.execPath,
    ['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)],
    {
      env: { ...process.env, E2E_BASE_URL: baseUrl, E2E_MAILBOX_DIR: mailDir, E2E_DATABASE_URL: appEnv.DATABASE_URL },
      stdio: 'inherit',
    },
  )
  exitCode = await new Promise<number>((resolve) => playwright.on('exit', (code) => resolve(code ?? 1)))
  if (exitCode !== 0) {
    console.error(`Server log (last 40 lines) from ${logFile}:`)
    console.error(fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n'))
  }
} finally {
  const child = server as ChildProcess | undefined
  if (child && child.exitCode === null) {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
  await mailbox.stop()
  await redis.stop()
  await pg.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.rmSync(mailDir, { recursive: true, force: true })
}
process.exit(exitCode)

async function waitForReady(url: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The portal exited during start:\n${fs.readFileSync(logFile, 'utf8')}`)
    }
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`The portal did not become ready at ${url}`)
}
