import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import getPort from 'get-port'
import { startEmbeddedPostgres, createDatabase, dropDatabase, databaseUrl } from '../../scripts/lib/postgres.ts'
import { migrate } from '../../scripts/lib/database.ts'

export const TEMPLATE_DB = 'portal_template'

/**
 * The real services the tests talk to. Each run starts its own PostgreSQL (embedded, on a free
 * port) and its own redis-server (free port, nothing on disk), so a developer's running portal or
 * database never interferes. TEST_PG_ADMIN_URL / TEST_REDIS_URL reuse existing servers instead.
 */
export async function startTestPostgres() {
  if (process.env.TEST_PG_ADMIN_URL) {
    return { adminUrl: process.env.TEST_PG_ADMIN_URL, stop: async () => {} }
  }
  const dir = path.join(process.env.DATA_DIR ?? '.data', `test-pg-${process.pid}`)
  const pg = await startEmbeddedPostgres(dir, { quiet: true, fresh: true })
  return {
    adminUrl: pg.adminUrl,
    stop: async () => {
      await pg.stop()
      fs.rmSync(dir, { recursive: true, force: true })
      fs.rmSync(`${dir}.port`, { force: true })
    },
  }
}

/** Creates (afresh) the migrated template database that every test database is cloned from. */
export async function prepareTemplate(adminUrl: string) {
  await dropDatabase(adminUrl, TEMPLATE_DB)
  await createDatabase(adminUrl, TEMPLATE_DB)
  await migrate(databaseUrl(adminUrl, TEMPLATE_DB))
}

export async function cloneTemplate(adminUrl: string, name: string) {
  await dropDatabase(adminUrl, name)
  await createDatabase(adminUrl, name, TEMPLATE_DB)
  return databaseUrl(adminUrl, name)
}

export async function startTestRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.TEST_REDIS_URL) return { url: process.env.TEST_REDIS_URL, stop: async () => {} }
  const port = await getPort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-redis-'))
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  )
  await waitForPort(port, child)
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function waitForPort(port: number, child: ChildProcess) {
  const net = await import('node:net')
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error('redis-server exited at start')
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1')
      s.once('connect', () => (s.destroy(), resolve(true)))
      s.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`redis-server did not listen on ${port}`)
}
