import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import getPort from 'get-port'
import pg from 'pg'
import { startEmbeddedPostgres, createDatabase, databaseUrl, type RunningPostgres } from '../../scripts/lib/postgres'
import { applyMigrations } from '../../scripts/lib/migrate'

/**
 * Issue 6 "Faults": a 200-candidate exam against the production build (build/index.js; run
 * `remix build` first) on a PostgreSQL private to this file. The app server is killed with SIGKILL
 * mid-exam and restarted; then PostgreSQL itself is stopped and started again. Candidates behave
 * like the exam page: unacknowledged changes are kept and replayed. Afterwards every acknowledged
 * answer is in the database, exactly once, with the content that was acknowledged.
 */
const CANDIDATES = 200
let pgServer: RunningPostgres
let pgDir: string
let url: string
let app: ChildProcess | null = null
let baseUrl: string
let port: number
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-exam-faults-'))

type Change = { seq: number; position: number; optionId: string }
type Client = { attemptId: string; cookie: string; nextSeq: number; pending: Change[]; acked: Map<number, Change>; positions: { position: number; options: string[] }[] }
let clients: Client[] = []

async function startApp() {
  app = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', APP_URL: baseUrl, DATABASE_URL: url, DATA_DIR: dataDir, LOAD_DEMO_DATA: 'false', REDIS_URL: '', EXAM_SWEEP_INTERVAL_MS: '1000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log = fs.createWriteStream(path.join(dataDir, 'server.log'), { flags: 'a' })
  app.stdout!.pipe(log)
  app.stderr!.pipe(log)
  const until = Date.now() + 120_000
  while (Date.now() < until) {
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) return
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`The portal did not start: ${fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-2000)}`)
}

async function post(route: string, body: unknown, cookie: string) {
  const response = await fetch(`${baseUrl}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify(body) })
  return { status: response.status, json: (await response.json().catch(() => null)) as { ok: boolean; acked?: number[] } | null }
}

/** One exam page: answers something, sends every pending change, keeps what was not acknowledged. */
async function step(c: Client) {
  const item = c.positions[Math.floor(Math.random() * c.positions.length)]!
  c.pending.push({ seq: c.nextSeq++, position: item.position, optionId: item.options[Math.floor(Math.random() * item.options.length)]! })
  await flush(c)
}

async function flush(c: Client) {
  if (c.pending.length === 0) return
  const batch = c.pending.slice(0, 50)
  try {
    const r = await post('/ujian/api/simpan', { attemptId: c.attemptId, steps: batch }, c.cookie)
    for (const seq of r.json?.acked ?? []) {
      const change = batch.find((b) => b.seq === seq)!
      c.acked.set(seq, change)
    }
    const acked = new Set(r.json?.acked ?? [])
    c.pending = c.pending.filter((p) => !acked.has(p.seq))
  } catch {
    // The server or the network is down: keep the changes, replay later.
  }
}

/** Every client answers in a loop until `stop()`; returns a function that stops and waits. */
function runLoad() {
  let running = true
  const loops = clients.map(async (c) => {
    while (running) {
      await step(c)
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100))
    }
  })
  return async () => {
    running = false
    await Promise.all(loops)
  }
}

async function flushAll() {
  // Up to a minute: after an outage the server's pool reconnects at its own pace.
  for (let round = 0; round < 120 && clients.some((c) => c.pending.length > 0); round++) {
    await Promise.all(clients.map(flush))
    if (clients.some((c) => c.pending.length > 0)) await new Promise((r) => setTimeout(r, 500))
  }
  const serverLog = () => fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-3000)
  expect(clients.filter((c) => c.pending.length > 0), `changes still unacknowledged; server log:\n${serverLog()}`).toHaveLength(0)
}

/** What an auditor checks: the database holds every acknowledged step, once, as acknowledged. */
async function verify() {
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  try {
    const { rows } = await db.query<{ attemptId: string; seq: number; position: number; optionId: string }>(
      `SELECT "attemptId", seq, position, "optionId" FROM "ExamAnswerStep"`,
    )
    const stored = new Map(rows.map((r) => [`${r.attemptId}:${r.seq}`, r]))
    let acked = 0
    for (const c of clients) {
      for (const [seq, change] of c.acked) {
        acked++
        const row = stored.get(`${c.attemptId}:${seq}`)
        expect(row, `acknowledged step ${c.attemptId}:${seq} missing`).toBeDefined()
        expect({ position: row!.position, optionId: row!.optionId }).toEqual({ position: change.position, optionId: change.optionId })
      }
    }
    // Nothing applied twice and nothing stored that no candidate sent: rows = acknowledged steps.
    expect(rows.length).toBe(acked)
    return acked
  } finally {
    await db.end()
  }
}

beforeAll(async () => {
  pgDir = path.join(dataDir, 'pg')
  pgServer = await startEmbeddedPostgres(pgDir, { quiet: true, fresh: true })
  await createDatabase(pgServer.adminUrl, 'faults')
  url = databaseUrl(pgServer.adminUrl, 'faults')
  await applyMigrations(url)
  // The models in this process talk to the private database too.
  process.env.DATABASE_URL = url
  const { resetEnvCache } = await import('~/utils/env.server')
  resetEnvCache()
  const { seedBank, seedExamWorld } = await import('./exam-fixtures')
  const { createSession, allocateAndDraw } = await import('~/models/exam.server')
  const { SYSTEM_ACTOR } = await import('~/models/audit.server')
  const { examCookie } = await import('~/models/exam-attempt.server')
  const { prisma } = await import('~/utils/db.server')
  await seedBank('SKD_2024')
  const world = await seedExamWorld({ candidates: CANDIDATES })
  const session = await createSession(
    { periodId: world.period.id, siteId: world.site.id, code: `F-${world.tag}`, startsAt: new Date(Date.now() - 6 * 60_000), blueprintCode: 'SKD_2024', capacity: CANDIDATES },
    SYSTEM_ACTOR,
  )
  await allocateAndDraw(world.period.id, [session.id], SYSTEM_ACTOR)
  await prisma.examAttempt.updateMany({ where: { sessionId: session.id }, data: { checkedInAt: new Date() } })
  const attempts = await prisma.examAttempt.findMany({ where: { sessionId: session.id }, include: { items: true } })
  clients = attempts.map((a) => ({
    attemptId: a.id,
    cookie: examCookie(a.id).split(';')[0]!,
    nextSeq: 1,
    pending: [],
    acked: new Map(),
    positions: a.items.map((i) => ({ position: i.position, options: i.optionOrder })),
  }))
  await prisma.$disconnect()
  port = await getPort()
  baseUrl = `http://127.0.0.1:${port}`
  await startApp()
  for (let i = 0; i < clients.length; i += 25) {
    const statuses = await Promise.all(clients.slice(i, i + 25).map(async (c) => (await post('/ujian/api/mulai', { agreed: true }, c.cookie)).status))
    expect(statuses.every((s) => s === 200)).toBe(true)
  }
}, 900_000)

afterAll(async () => {
  app?.kill('SIGKILL')
  await pgServer?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

test('SIGKILL of the app server mid-exam of 200 candidates: every acknowledged answer survives, none twice', async () => {
  const stop = runLoad()
  await new Promise((r) => setTimeout(r, 3000))
  app!.kill('SIGKILL')
  await new Promise((r) => app!.once('exit', r))
  // Candidates keep answering while the server is gone: their changes pile up unacknowledged.
  await new Promise((r) => setTimeout(r, 1500))
  const pendingDuringOutage = clients.reduce((n, c) => n + c.pending.length, 0)
  expect(pendingDuringOutage).toBeGreaterThan(0)
  await startApp()
  await new Promise((r) => setTimeout(r, 2000))
  await stop()
  await flushAll()
  const acked = await verify()
  expect(acked).toBeGreaterThan(CANDIDATES)
}, 600_000)

test('PostgreSQL restarts mid-exam: every acknowledged answer survives, none twice', async () => {
  const stop = runLoad()
  await new Promise((r) => setTimeout(r, 2000))
  await pgServer.stop()
  await new Promise((r) => setTimeout(r, 1500))
  const before = pgServer.adminUrl
  pgServer = await startEmbeddedPostgres(pgDir, { quiet: true })
  // The portal was started with the old URL: the database must come back where it was.
  expect(pgServer.adminUrl).toBe(before)
  await new Promise((r) => setTimeout(r, 3000))
  await stop()
  await flushAll()
  const ackedBefore = clients.reduce((n, c) => n + c.acked.size, 0)
  const acked = await verify()
  expect(acked).toBe(ackedBefore)
}, 600_000)
