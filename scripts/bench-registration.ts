import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import getPort from 'get-port'
import pg from 'pg'
import { hash } from '@node-rs/argon2'
import { startEmbeddedPostgres, createDatabase, databaseUrl, type RunningPostgres } from './lib/postgres.ts'
import { ARGON2_OPTIONS } from '../app/utils/password.server.ts'
import { solveCaptcha } from './lib/captcha-solver.ts'

/**
 * `npm run bench:registration`: the SSCASN flow at load (issue 4 "Scale").
 *
 * 1. A database: its own embedded PostgreSQL in .data/bench-registration-pg (fresh), or
 *    BENCH_DATABASE_URL (a scratch database). The portal migrates it and loads the demo data
 *    (period with an open registration window, demo formations, the 1,200 demo residents).
 * 2. The production build (`scripts/start.ts` with WEB_CONCURRENCY = BENCH_PROCESSES, default one
 *    per core) on a free loopback port, or BENCH_URL (a running portal with the demo data).
 * 3. Argon2id alone: as many OWASP-minimum hashes (m = 19 MiB, t = 2, p = 1, the portal's own
 *    parameters) as the machine does in BENCH_HASH_SECONDS (5) with one hash in flight per core:
 *    the ceiling for account creation.
 * 4. BENCH_APPLICANTS (100) simulated applicants, BENCH_CONCURRENCY (20) at a time, each over HTTP:
 *    the three account steps (identity, password + KTP/selfie upload, confirm), then — after the
 *    e-mail is marked verified in the database (the mailed link is a single GET, not measured) —
 *    the dashboard, the formasi step from a search link, choose, biodata, education, six document
 *    uploads, resume, finalise and the Kartu Pendaftaran PDF.
 * 5. Per step: count, errors, p50/p95/p99; complete account creations per second against the
 *    hash rate; printed and written to bench-results/registration.json.
 */
const APPLICANTS = Number(process.env.BENCH_APPLICANTS ?? 100)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20)
const HASH_SECONDS = Number(process.env.BENCH_HASH_SECONDS ?? 5)
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? os.availableParallelism())
const PASSWORD = 'Bench-Kuat-2026'

const JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

type Resident = { nik: string; kk: string; nama: string; tempat_lahir: string; tanggal_lahir: string; jenis_kelamin: string }
type Sample = { step: string; ms: number; ok: boolean }

process.exit(await main())

async function main(): Promise<number> {
  let embedded: RunningPostgres | null = null
  let server: ChildProcess | null = null
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-registration-'))
  try {
    let baseUrl = process.env.BENCH_URL?.replace(/\/$/, '')
    let url = process.env.BENCH_DATABASE_URL
    if (!baseUrl) {
      if (!url) {
        console.log('Starting an embedded PostgreSQL in .data/bench-registration-pg …')
        embedded = await startEmbeddedPostgres(path.join('.data', 'bench-registration-pg'), { quiet: true, fresh: true })
        await createDatabase(embedded.adminUrl, 'bench')
        url = databaseUrl(embedded.adminUrl, 'bench')
      }
      if (!fs.existsSync('build/index.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
      const port = await getPort()
      baseUrl = `http://127.0.0.1:${port}`
      server = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts'], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PORT: String(port),
          HOST: '127.0.0.1',
          APP_URL: baseUrl,
          DATA_DIR: dataDir,
          DATABASE_URL: url,
          LOAD_DEMO_DATA: 'true',
          SESSION_SECRET: 'bench-session-secret-bench-session-secret',
          // One loopback address stands for thousands of applicants.
          LOGIN_IP_LIMIT_PER_MINUTE: '1000000',
          CAPTCHA_MAX_NUMBER: '1000',
          WEB_CONCURRENCY: String(PROCESSES),
          DB_POOL_SIZE: process.env.DB_POOL_SIZE ?? '20',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const log = fs.createWriteStream(path.join(dataDir, 'server.log'))
      server.stdout!.pipe(log)
      server.stderr!.pipe(log)
      await waitForReady(`${baseUrl}/readyz`, server)
      console.log(`Portal (production build, ${PROCESSES} process(es)) on ${baseUrl}`)
    }
    if (!url) throw new Error('BENCH_URL needs BENCH_DATABASE_URL (the bench marks e-mails verified in the database)')
    const db = new pg.Client({ connectionString: url })
    await db.connect()

    // ── what the applicants apply to ──
    const period = (
      await db.query<{ id: string }>(`SELECT p.id FROM "SelectionPeriod" p JOIN "ScheduleWindow" w ON w."periodId" = p.id
        WHERE w.kind = 'REGISTRATION' AND now() BETWEEN w."opensAt" AND w."closesAt" AND p."isDemo" ORDER BY p.year DESC LIMIT 1`)
    ).rows[0]
    if (!period) throw new Error('No demo period with an open registration window')
    const vacancy = (
      await db.query<{ id: string }>(`SELECT v.id FROM "Vacancy" v JOIN "Position" p ON p.id = v."positionId"
        WHERE p."periodId" = $1 AND p.code = 'PPU-AHLI-PERTAMA' AND v."formasiTypeCode" = 'UMUM' LIMIT 1`, [period.id])
    ).rows[0]
    if (!vacancy) throw new Error('Demo vacancy PPU-AHLI-PERTAMA/UMUM not found')
    const documents = (
      await db.query<{ code: string; format: string }>(`SELECT d.code, d.format::text AS format FROM "PositionDocument" d JOIN "Vacancy" v ON v."positionId" = d."positionId" WHERE v.id = $1`, [vacancy.id])
    ).rows
    // Residents aged 19–34 at the cut-off, none of them registered yet (the demo applicant is row 1).
    const registered = new Set((await db.query<{ nik: string }>(`SELECT nik FROM "ApplicantIdentity"`)).rows.map((r) => r.nik))
    const residents = readResidents().filter((r) => {
      const year = Number(r.tanggal_lahir.slice(0, 4))
      return year >= 1993 && year <= 2006 && !registered.has(r.nik) && !r.nama.includes(',')
    })
    const count = Math.min(APPLICANTS, residents.length)
    if (count < APPLICANTS) console.log(`Only ${count} unregistered demo residents of applying age: running ${count} applicants.`)

    // ── argon2id alone ──
    const hashRate = await measureHashRate(HASH_SECONDS)
    console.log(`argon2id (m=19 MiB, t=2, p=1) alone: ${hashRate.toFixed(1)} hashes/s with ${os.cpus().length} in flight`)

    // ── the applicants: phase 1, accounts; phase 2, applications ──
    const samples: Sample[] = []
    const failures: string[] = []
    const sessions = residents.slice(0, count).map((r) => session(baseUrl!, r, samples))
    const pool = async <T,>(items: T[], work: (item: T) => Promise<void>) => {
      let next = 0
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
          while (next < items.length) await work(items[next++]!)
        }),
      )
    }
    console.log(`Phase 1: ${count} account creations, ${CONCURRENCY} at a time …`)
    const accountsStarted = Date.now()
    const created: Session[] = []
    await pool(sessions, async (s) => {
      try {
        await createAccount(s, db, period.id)
        created.push(s)
      } catch (err) {
        failures.push(`${s.r.nik}: ${(err as Error).message}`)
      }
    })
    const accountSeconds = (Date.now() - accountsStarted) / 1000
    console.log(`Phase 2: ${created.length} applications, ${CONCURRENCY} at a time …`)
    const applyStarted = Date.now()
    let finalised = 0
    await pool(created, async (s) => {
      try {
        await apply(s, vacancy.id, documents)
        finalised++
      } catch (err) {
        failures.push(`${s.r.nik}: ${(err as Error).message}`)
      }
    })
    const applySeconds = (Date.now() - applyStarted) / 1000
    const accounts = created
    const seconds = accountSeconds + applySeconds
    await db.end()

    // ── figures ──
    const steps = [...new Set(samples.map((s) => s.step))]
    const perStep = Object.fromEntries(steps.map((step) => [step, summary(samples.filter((s) => s.step === step))]))
    const accountCreationsPerSecond = accounts.length / accountSeconds
    const result = {
      when: new Date().toISOString(),
      machine: { cores: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', node: process.version, loadAverage: os.loadavg() },
      settings: { applicants: count, concurrency: CONCURRENCY, portalProcesses: process.env.BENCH_URL ? null : PROCESSES },
      argon2: { params: { memoryKiB: ARGON2_OPTIONS.memoryCost, time: ARGON2_OPTIONS.timeCost, parallelism: ARGON2_OPTIONS.parallelism }, hashesPerSecondAlone: round(hashRate) },
      accountsCreated: accounts.length,
      applicationsFinalised: finalised,
      failed: failures.length,
      failures: failures.slice(0, 20),
      accountPhaseSeconds: round(accountSeconds),
      applicationPhaseSeconds: round(applySeconds),
      accountCreationsPerSecond: round(accountCreationsPerSecond),
      accountCreationVsHashRate: round(accountCreationsPerSecond / hashRate),
      targetAccountCreationVsHashRate: 0.8,
      finalisedApplicationsPerSecond: round(finalised / applySeconds),
      steps: perStep,
    }
    fs.mkdirSync('bench-results', { recursive: true })
    fs.writeFileSync('bench-results/registration.json', `${JSON.stringify(result, null, 2)}\n`)
    console.log(`\n${accounts.length}/${count} accounts in ${accountSeconds.toFixed(1)} s, ${finalised} applications finalised in ${applySeconds.toFixed(1)} s (${failures.length} failed; ${seconds.toFixed(1)} s in all)`)
    for (const f of failures.slice(0, 5)) console.log(`  ! ${f}`)
    console.log(`Account creations/s: ${result.accountCreationsPerSecond}; argon2id alone: ${result.argon2.hashesPerSecondAlone}/s; ratio ${result.accountCreationVsHashRate} (target ≥ 0.8)`)
    console.log(`Finalised applications/s: ${result.finalisedApplicationsPerSecond}`)
    console.log('step'.padEnd(28), 'n'.padStart(5), 'err'.padStart(4), 'p50'.padStart(8), 'p95'.padStart(8), 'p99'.padStart(8))
    for (const [step, s] of Object.entries(perStep)) {
      console.log(step.padEnd(28), String(s.count).padStart(5), String(s.errors).padStart(4), `${s.p50}`.padStart(8), `${s.p95}`.padStart(8), `${s.p99}`.padStart(8))
    }
    console.log('Written to bench-results/registration.json')
    if (failures.length && server) {
      fs.copyFileSync(path.join(dataDir, 'server.log'), 'bench-results/registration-server.log')
      console.log('Server log with the failures: bench-results/registration-server.log')
    }
    return failures.length ? 1 : 0
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM')
      await new Promise((r) => server!.once('exit', r))
    }
    if (embedded) await embedded.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

type Session = { r: Resident; email: string; call: Caller; samples: Sample[] }
type Caller = (step: string, pathname: string, init?: RequestInit, expect?: number[]) => Promise<{ res: Response; body: Buffer; ms: number }>

/** An HTTP client with its own cookie jar, recording every request's time under its step. */
function session(baseUrl: string, r: Resident, samples: Sample[]): Session {
  const jar = new Map<string, string>()
  const email = `bench.${r.nik}@pelamar.test`
  const call: Caller = async (step: string, pathname: string, init: RequestInit = {}, expect: number[] = [200, 302]) => {
    const headers = new Headers(init.headers)
    headers.set('Sec-Fetch-Site', 'same-origin')
    if (jar.size) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const t0 = performance.now()
    const res = await fetch(baseUrl + pathname, { ...init, headers, redirect: 'manual' })
    const body = Buffer.from(await res.arrayBuffer())
    const ms = performance.now() - t0
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';')[0]!
      const name = pair.slice(0, pair.indexOf('='))
      const value = pair.slice(pair.indexOf('=') + 1)
      if (!value || /Max-Age=0/i.test(cookie)) jar.delete(name)
      else jar.set(name, value)
    }
    const ok = expect.includes(res.status)
    samples.push({ step, ms, ok })
    if (!ok) throw new Error(`${step}: HTTP ${res.status} ${body.toString('utf8').slice(0, 200)}`)
    return { res, body, ms }
  }
  return { r, email, call, samples }
}

function form(values: Record<string, string>) {
  return new URLSearchParams(values)
}

/** Phase 1: the three account steps (issue 4), then the e-mail marked verified. Returns their time in ms. */
async function createAccount({ r, email, call, samples }: Session, db: pg.Client, periodId: string): Promise<number> {
  await call('account: identity form', '/daftar-akun')
  // The CAPTCHA's proof of work is done by each applicant's own device; here the load generator
  // does it (at a low difficulty, CAPTCHA_MAX_NUMBER below) so it does not take the server's CPU.
  const challenge = await call('account: captcha challenge', '/captcha')
  const captcha = await solveCaptcha(JSON.parse(challenge.body.toString('utf8')))
  const a1 = await call('account: identity', '/daftar-akun?index', {
    method: 'POST',
    body: form({
      periodId,
      nik: r.nik,
      kk: r.kk,
      fullName: r.nama,
      birthPlace: r.tempat_lahir,
      birthDate: r.tanggal_lahir,
      sex: r.jenis_kelamin,
      email,
      phone: '081234567890',
      captcha,
    }),
  }, [302])
  const data = new FormData()
  data.set('password', PASSWORD)
  data.set('confirm', PASSWORD)
  data.set('statement', 'on')
  for (const [k, v] of Object.entries({ question1: 'motherMaidenName', answer1: 'Siti Aminah', question2: 'firstSchool', answer2: 'SDN 01 Menteng' })) {
    data.set(k, v)
  }
  data.set('ktp', new File([JPG, Buffer.from(`ktp ${r.nik}`)], 'ktp.jpg', { type: 'image/jpeg' }))
  data.set('selfie', new File([JPG, Buffer.from(`swafoto ${r.nik}`)], 'swafoto.jpg', { type: 'image/jpeg' }))
  const a2 = await call('account: password + photos', '/daftar-akun/data', { method: 'POST', body: data }, [302])
  const a3 = await call('account: confirm', '/daftar-akun/periksa', { method: 'POST', body: new URLSearchParams() }, [302])
  const accountMs = a1.ms + a2.ms + a3.ms
  samples.push({ step: 'account: complete (3 posts)', ms: accountMs, ok: true })
  await db.query(`UPDATE "User" SET "emailVerifiedAt" = now() WHERE email = $1`, [email])
  return accountMs
}

/** Phase 2: the application, from the search link to the Kartu Pendaftaran. */
async function apply({ r, call }: Session, vacancyId: string, documents: { code: string; format: string }[]) {
  await call('dashboard', '/lamaran')
  await call('search link /daftar?formasi', `/daftar?formasi=${vacancyId}`, {}, [302])
  await call('formasi page', `/lamaran/formasi?formasi=${vacancyId}`)
  await call('choose formasi', '/lamaran/formasi', { method: 'POST', body: form({ intent: 'choose', vacancyId }) }, [302])
  await call('biodata', '/lamaran/biodata', {
    method: 'POST',
    body: form({ address: 'Jl. Bench 1', city: r.tempat_lahir, postalCode: '10110', maritalStatus: 'BELUM_KAWIN' }),
  }, [302])
  await call('education', '/lamaran/pendidikan', {
    method: 'POST',
    body: form({ level: 'S1', university: 'Universitas Bench', studyProgramCode: 'S1-HUK', diplomaNumber: `B-${r.nik}`, gpa: '3.50' }),
  }, [302])
  for (const d of documents) {
    const upload = new FormData()
    upload.set('code', d.code)
    upload.set(
      'file',
      d.format === 'JPG'
        ? new File([JPG, Buffer.from(`${d.code} ${r.nik}`)], `${d.code}.jpg`, { type: 'image/jpeg' })
        : new File([PDF, Buffer.from(`% ${d.code} ${r.nik}\n`)], `${d.code}.pdf`, { type: 'application/pdf' }),
    )
    await call('document upload', '/lamaran/dokumen', { method: 'POST', body: upload }, [302])
  }
  await call('resume', '/lamaran/resume')
  await call('finalise', '/lamaran/resume', { method: 'POST', body: form({ statement: 'on' }) }, [302])
  const card = await call('registration card PDF', '/lamaran/kartu')
  if (card.body.subarray(0, 5).toString() !== '%PDF-') throw new Error('card is not a PDF')
}

async function measureHashRate(seconds: number) {
  const until = Date.now() + seconds * 1000
  let done = 0
  const started = Date.now()
  await Promise.all(
    Array.from({ length: os.cpus().length }, async (_, i) => {
      while (Date.now() < until) {
        await hash(`bench-password-${i}-${done}`, ARGON2_OPTIONS)
        done++
      }
    }),
  )
  return done / ((Date.now() - started) / 1000)
}

function readResidents(): Resident[] {
  const [header, ...lines] = fs.readFileSync(path.resolve('prisma/demo/penduduk.csv'), 'utf8').trim().split('\n')
  const keys = header!.split(',')
  return lines.map((l) => Object.fromEntries(keys.map((k, i) => [k, l.split(',')[i]])) as Resident)
}

function summary(list: Sample[]) {
  const sorted = list.map((s) => s.ms).sort((a, b) => a - b)
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0)
  return { count: sorted.length, errors: list.filter((s) => !s.ok).length, p50: at(50), p95: at(95), p99: at(99) }
}

function round(n: number) {
  return Math.round(n * 100) / 100
}

async function waitForReady(url: string, child: ChildProcess) {
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('The portal exited during start')
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`The portal did not become ready at ${url}`)
}
