import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import getPort from 'get-port'
import pg from 'pg'
import { hash } from '@node-rs/argon2'
import { createCookieSessionStorage } from '@remix-run/node'
import { startEmbeddedPostgres, createDatabase, databaseUrl, type RunningPostgres } from './lib/postgres.ts'
import { ARGON2_OPTIONS } from '../app/utils/password.server.ts'
import { solveCaptcha } from './lib/captcha-solver.ts'
import { clockTicks, cpuShare, postmasterPid, sampleCpu, type CpuGroups } from './lib/proc-cpu.ts'
import { summariseProfiles } from './lib/cpu-profile.ts'

/**
 * `npm run bench:registration`: the SSCASN flow at load (issue 4 "Scale").
 *
 * 1. A database: its own embedded PostgreSQL in .data/bench-registration-pg (fresh), or
 *    BENCH_DATABASE_URL (a scratch database). The portal migrates it and loads the demo data
 *    (period with an open registration window, demo formations, the 1,200 demo residents). The
 *    bench adds synthetic residents to the population registry table (real residents' NIKs with
 *    another serial number) so that more accounts can be created than the demo has residents.
 * 2. The production build (`scripts/start.ts` with WEB_CONCURRENCY = BENCH_PROCESSES, default one
 *    per core) on a free loopback port, or BENCH_URL (a running portal with the demo data).
 *    BENCH_CPU_PROF=1 runs the portal's processes under `node --cpu-prof` and prints where their
 *    CPU went (bench-results/cpu-prof/).
 * 3. Argon2id alone: as many OWASP-minimum hashes (m = 19 MiB, t = 2, p = 1, the portal's own
 *    parameters) as the machine does in BENCH_HASH_SECONDS (5) with one hash in flight per core:
 *    the ceiling for account creation.
 * 4. Phase 1, BENCH_APPLICANTS (100) account creations, BENCH_CONCURRENCY (20) at a time, each over
 *    HTTP: identity form, CAPTCHA challenge (solved by the load generator at CAPTCHA_MAX_NUMBER =
 *    BENCH_CAPTCHA_MAX_NUMBER, default 1,000: the server's cost to verify does not depend on it,
 *    the client's does, and the client here shares the server's cores), identity, password +
 *    security questions + KTP/selfie upload, confirm. Then the e-mail is marked verified in the
 *    database (the mailed link is a single GET, not measured).
 * 5. Phase 2, the same applicants apply: dashboard, formasi step from a search link, choose,
 *    biodata, education, six document uploads, resume, finalise and the Kartu Pendaftaran PDF.
 * 6. Phase 3, held load: BENCH_SESSIONS (2,000) signed-in applicants (accounts and sessions
 *    written straight into the database; the cookie is signed like the portal's) each load a page
 *    of their application (dashboard, formasi, biodata, education, documents, resume) after a
 *    think time (exponential, mean BENCH_THINK_SECONDS = 20) over keep-alive connections, for
 *    BENCH_HOLD_SECONDS (60), while BENCH_HOLD_CREATORS (= BENCH_CONCURRENCY) account creations
 *    run back to back.
 * 7. Per step and phase: count, errors, p50/p95/p99; complete account creations per second
 *    against the hash rate; CPU of the portal's processes, PostgreSQL, the load generator and the
 *    rest of the machine (from /proc) per phase; printed and written to
 *    bench-results/registration.json.
 */
const APPLICANTS = Number(process.env.BENCH_APPLICANTS ?? 100)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20)
const HASH_SECONDS = Number(process.env.BENCH_HASH_SECONDS ?? 5)
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? os.availableParallelism())
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 2000)
const THINK_SECONDS = Number(process.env.BENCH_THINK_SECONDS ?? 20)
const HOLD_SECONDS = Number(process.env.BENCH_HOLD_SECONDS ?? 60)
const CAPTCHA_MAX_NUMBER = Number(process.env.BENCH_CAPTCHA_MAX_NUMBER ?? 1000)
/** Account creations running back to back during the held phase (0: pages alone). */
const HOLD_CREATORS = Number(process.env.BENCH_HOLD_CREATORS ?? CONCURRENCY)
const CPU_PROFILE = process.env.BENCH_CPU_PROF === '1'
/**
 * BENCH_REDIS_URL: background jobs (the account e-mails) go through this Redis to the portal's
 * own job process (`scripts/start.ts` with REDIS_URL: RUN_WORKERS=false on the web processes)
 * instead of running in the web processes.
 */
const REDIS_URL = process.env.BENCH_REDIS_URL
const PASSWORD = 'Bench-Kuat-2026'
const SESSION_SECRET = 'bench-session-secret-bench-session-secret'
const PROFILE_DIR = path.resolve('bench-results/cpu-prof')
/** The pages a signed-in applicant loads while filling in the application, with their weights. */
const HELD_PAGES: { step: string; weight: number; path: (vacancyId: string) => string }[] = [
  { step: 'held: dashboard', weight: 3, path: () => '/lamaran' },
  { step: 'held: formasi', weight: 2, path: (v) => `/lamaran/formasi?formasi=${v}` },
  { step: 'held: biodata', weight: 1.5, path: () => '/lamaran/biodata' },
  { step: 'held: education', weight: 1, path: () => '/lamaran/pendidikan' },
  { step: 'held: documents', weight: 1.5, path: () => '/lamaran/dokumen' },
  { step: 'held: resume', weight: 1, path: () => '/lamaran/resume' },
]

const JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

type Resident = { nik: string; kk: string; nama: string; tempat_lahir: string; tanggal_lahir: string; jenis_kelamin: string }
/**
 * One request. `refused`: the portal answered 503 (admission control, ADR 024) — counted apart
 * from errors and left out of the latency percentiles, which describe the requests served.
 */
type Sample = { step: string; ms: number; ok: boolean; refused?: boolean }
/** How often a step refused with 503 is tried again (after its Retry-After) before it counts as failed. */
const MAX_RETRIES_AFTER_503 = 6

process.exit(await main())

async function main(): Promise<number> {
  const loadAverageAtStart = os.loadavg()
  let embedded: RunningPostgres | null = null
  let server: ChildProcess | null = null
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-registration-'))
  const pgDir = path.resolve('.data', 'bench-registration-pg')
  try {
    let baseUrl = process.env.BENCH_URL?.replace(/\/$/, '')
    let url = process.env.BENCH_DATABASE_URL
    if (!baseUrl) {
      if (!url) {
        console.log('Starting an embedded PostgreSQL in .data/bench-registration-pg …')
        embedded = await startEmbeddedPostgres(pgDir, { quiet: true, fresh: true })
        await createDatabase(embedded.adminUrl, 'bench')
        url = databaseUrl(embedded.adminUrl, 'bench')
      }
      if (!fs.existsSync('build/index.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
      if (CPU_PROFILE) fs.rmSync(PROFILE_DIR, { recursive: true, force: true })
      const port = await getPort()
      baseUrl = `http://127.0.0.1:${port}`
      // `node --import tsx` rather than the tsx CLI: one process less, and the cluster's server
      // processes inherit its flags (--cpu-prof cannot be given through NODE_OPTIONS).
      const profileFlags = CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []
      server = spawn(process.execPath, [...profileFlags, '--import', 'tsx', 'scripts/start.ts'], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PORT: String(port),
          HOST: '127.0.0.1',
          APP_URL: baseUrl,
          DATA_DIR: dataDir,
          DATABASE_URL: url,
          LOAD_DEMO_DATA: 'true',
          SESSION_SECRET,
          // One loopback address stands for thousands of applicants.
          LOGIN_IP_LIMIT_PER_MINUTE: '1000000',
          CAPTCHA_MAX_NUMBER: String(CAPTCHA_MAX_NUMBER),
          WEB_CONCURRENCY: String(PROCESSES),
          DB_POOL_SIZE: process.env.DB_POOL_SIZE ?? '20',
          ...(REDIS_URL ? { REDIS_URL } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const log = fs.createWriteStream(path.join(dataDir, 'server.log'))
      server.stdout!.pipe(log)
      server.stderr!.pipe(log)
      await waitForReady(`${baseUrl}/readyz`, server)

      console.log(`Portal (production build, ${PROCESSES} process(es)${CPU_PROFILE ? ', CPU-profiled' : ''}) on ${baseUrl}`)
    }
    if (!url) throw new Error('BENCH_URL needs BENCH_DATABASE_URL (the bench marks e-mails verified in the database)')
    // A small pool: account creations running side by side each mark their e-mail verified.
    const db = new pg.Pool({ connectionString: url, max: 4 })

    // What uses the CPU: the portal's process tree, its PostgreSQL, this load generator (its own
    // process only: the other two are its children), and the rest of the machine.
    const serverPid = server?.pid
    const groups: CpuGroups = {
      portal: { pids: () => (serverPid ? [serverPid] : []), tree: true },
      postgresql: { pids: () => (embedded ? [postmasterPid(pgDir) ?? -1] : []), tree: true },
      loadGenerator: { pids: () => [process.pid], tree: false },
    }
    const phaseCpu: Record<string, ReturnType<typeof cpuShare>> = {}
    const measureCpu = () => {
      const started = sampleCpu(groups)
      return (phase: string) => {
        phaseCpu[phase] = cpuShare(started, sampleCpu(groups))
      }
    }

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
    const residents = await applicantResidents(db, APPLICANTS + Math.ceil(HOLD_SECONDS * 40))
    const count = Math.min(APPLICANTS, residents.length)
    const spare = residents.slice(count + 10)

    // ── argon2id alone ──
    const hashRate = await measureHashRate(HASH_SECONDS)
    console.log(`argon2id (m=19 MiB, t=2, p=1) alone: ${hashRate.toFixed(1)} hashes/s with ${os.cpus().length} in flight`)

    const samples: Sample[] = []
    const failures: string[] = []
    const pool = async <T,>(items: T[], work: (item: T) => Promise<void>) => {
      let next = 0
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
          while (next < items.length) await work(items[next++]!)
        }),
      )
    }

    // ── phase 1: accounts alone ──
    const sessions = residents.slice(0, count).map((r) => session(baseUrl!, r, samples))
    console.log(`Phase 1: ${count} account creations, ${CONCURRENCY} at a time …`)
    const accountsStarted = Date.now()
    let endCpu = measureCpu()
    const created: Session[] = []
    await pool(sessions, async (s) => {
      try {
        await createAccount(s, db, period.id)
        created.push(s)
      } catch (err) {
        failures.push(`${s.r.nik}: ${(err as Error).message}`)
      }
    })
    endCpu('accounts')
    const accountSeconds = (Date.now() - accountsStarted) / 1000

    // ── phase 2: applications ──
    console.log(`Phase 2: ${created.length} applications, ${CONCURRENCY} at a time …`)
    const applyStarted = Date.now()
    endCpu = measureCpu()
    let finalised = 0
    await pool(created, async (s) => {
      try {
        await apply(s, vacancy.id, documents)
        finalised++
      } catch (err) {
        failures.push(`${s.r.nik}: ${(err as Error).message}`)
      }
    })
    endCpu('applications')
    const applySeconds = (Date.now() - applyStarted) / 1000

    // ── one account creation at a time (warm): CPU per step ──
    const meter: StepMeter = { groups, ms: new Map() }
    const calibrationResidents = residents.slice(count, count + 10)
    for (const r of calibrationResidents) await createAccount(session(baseUrl, r, [], '', meter), db, period.id)
    const accountStepCpu = [...meter.ms].map(([step, m]) => ({ step, portalCpuMs: round(m.portal / m.n), postgresqlCpuMs: round(m.postgresql / m.n) }))
    console.log('One account creation at a time, CPU per step (ms): ' + accountStepCpu.map((c) => `${c.step.slice(9)} ${c.portalCpuMs} + PostgreSQL ${c.postgresqlCpuMs}`).join(', '))

    // ── phase 3: held sessions with account creations ──
    let held: HeldResult | null = null
    let calibration: Calibration[] = []
    if (SESSIONS > 0 && HOLD_SECONDS > 0) {
      console.log(`Phase 3: ${SESSIONS} signed-in applicants (think time ${THINK_SECONDS} s) for ${HOLD_SECONDS} s, with ${HOLD_CREATORS} account creations at a time …`)
      const cookies = await heldSessions(db, period.id, SESSIONS)
      calibration = await calibrate(baseUrl, cookies.slice(0, 20), vacancy.id, groups)
      console.log('  one page at a time, CPU per load (ms): ' + calibration.map((c) => `${c.step.slice(6)} ${c.portalCpuMs} + PostgreSQL ${c.postgresqlCpuMs}`).join(', '))
      endCpu = measureCpu()
      held = await holdLoad({ baseUrl, cookies, vacancyId: vacancy.id, spare, db, periodId: period.id, samples, failures })
      endCpu('held')
    }
    await db.end()

    // ── figures ──
    const steps = [...new Set(samples.map((s) => s.step))]
    const perStep = Object.fromEntries(steps.map((step) => [step, summary(samples.filter((s) => s.step === step))]))
    const accountCreationsPerSecond = created.length / accountSeconds
    const heldPages = samples.filter((s) => s.step.startsWith('held: '))
    const result = {
      when: new Date().toISOString(),
      machine: { cores: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', node: process.version, loadAverageAtStart, loadAverageAtEnd: os.loadavg() },
      settings: {
        applicants: count,
        concurrency: CONCURRENCY,
        portalProcesses: process.env.BENCH_URL ? null : PROCESSES,
        captchaMaxNumber: process.env.BENCH_URL ? null : CAPTCHA_MAX_NUMBER,
        heldSessions: SESSIONS,
        thinkSecondsMean: THINK_SECONDS,
        holdSeconds: HOLD_SECONDS,
        holdAccountCreators: HOLD_CREATORS,
        cpuProfiled: CPU_PROFILE,
        // Admission control limits given to the portal (server/admission.ts defaults otherwise).
        admission: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('ADMISSION_'))),
        jobsInSeparateWorker: Boolean(REDIS_URL),
      },
      argon2: { params: { memoryKiB: ARGON2_OPTIONS.memoryCost, time: ARGON2_OPTIONS.timeCost, parallelism: ARGON2_OPTIONS.parallelism }, hashesPerSecondAlone: round(hashRate) },
      accountsCreated: created.length,
      applicationsFinalised: finalised,
      failed: failures.length,
      failures: failures.slice(0, 20),
      accountPhaseSeconds: round(accountSeconds),
      applicationPhaseSeconds: round(applySeconds),
      accountCreationsPerSecond: round(accountCreationsPerSecond),
      portalCpuMsPerAccountCreation: phaseCpu.accounts
        ? round((phaseCpu.accounts.percentOfCore.portal! * 10 * phaseCpu.accounts.seconds) / Math.max(1, created.length))
        : null,
      argon2CpuMsPerHash: round((os.cpus().length * 1000) / hashRate),
      accountCreationVsHashRate: Math.round((accountCreationsPerSecond / hashRate) * 1000) / 1000,
      targetAccountCreationVsHashRate: 0.8,
      finalisedApplicationsPerSecond: round(finalised / applySeconds),
      held: held && {
        ...held,
        accountCreationVsHashRate: Math.round((held.accountCreationsPerSecond / hashRate) * 1000) / 1000,
        pages: summary(heldPages),
        worstPageP95: Math.max(0, ...HELD_PAGES.map((p) => perStep[p.step]?.p95 ?? 0)),
        targetPageP95Ms: 300,
      },
      accountStepCpuOneAtATime: accountStepCpu,
      pageCpuOneAtATime: calibration,
      cpu: phaseCpu,
      steps: perStep,
    }

    if (server && server.exitCode === null) {
      server.kill('SIGTERM')
      await new Promise((r) => server!.once('exit', r))
    }
    const profile = CPU_PROFILE ? summariseProfiles(PROFILE_DIR, { excludePids: PROCESSES > 1 && serverPid ? [serverPid] : [] }) : null
    fs.mkdirSync('bench-results', { recursive: true })
    fs.writeFileSync('bench-results/registration.json', `${JSON.stringify({ ...result, profile }, null, 2)}\n`)
    console.log(`\n${created.length}/${count} accounts in ${accountSeconds.toFixed(1)} s, ${finalised} applications finalised in ${applySeconds.toFixed(1)} s (${failures.length} failed)`)
    for (const f of failures.slice(0, 5)) console.log(`  ! ${f}`)
    console.log(`Account creations/s alone: ${result.accountCreationsPerSecond}; argon2id alone: ${result.argon2.hashesPerSecondAlone}/s; ratio ${result.accountCreationVsHashRate} (target ≥ 0.8)`)
    console.log(`Finalised applications/s: ${result.finalisedApplicationsPerSecond}`)
    if (result.held) {
      const h = result.held
      console.log(
        `Held load: ${h.sessions} sessions, ${h.pageLoadsPerSecond} page loads/s served (${h.pageRefusals503} refused with 503), worst page p95 ${h.worstPageP95} ms (target ≤ 300); ` +
          `account creations during it ${h.accountCreationsPerSecond}/s = ${h.accountCreationVsHashRate} of argon2id alone`,
      )
    }
    console.log('step'.padEnd(32), 'n'.padStart(6), 'err'.padStart(4), '503'.padStart(5), 'p50'.padStart(8), 'p95'.padStart(8), 'p99'.padStart(8))
    for (const [step, s] of Object.entries(perStep)) {
      console.log(step.padEnd(32), String(s.count).padStart(6), String(s.errors).padStart(4), String(s.refused503).padStart(5), `${s.p50}`.padStart(8), `${s.p95}`.padStart(8), `${s.p99}`.padStart(8))
    }
    console.log('CPU, percent of one core (machine has %d cores):', os.availableParallelism())
    for (const [phase, c] of Object.entries(phaseCpu)) {
      const parts = Object.entries(c.percentOfCore).map(([k, v]) => `${k} ${v}%`)
      console.log(`  ${phase.padEnd(13)} ${parts.join(', ')}, other ${c.otherPercentOfCore}% (machine busy ${c.machineBusyPercentOfCore}% over ${c.seconds} s)`)
    }
    for (const [phase, c] of Object.entries(phaseCpu)) {
      const capacity = c.cores * 100
      const ranked = Object.entries({ ...c.percentOfCore, other: c.otherPercentOfCore }).sort((x, y) => y[1] - x[1])
      const verdict =
        c.machineBusyPercentOfCore >= capacity * 0.95
          ? `CPU saturated (${c.machineBusyPercentOfCore}% of ${capacity}%); largest share: ${ranked[0]![0]} ${ranked[0]![1]}%`
          : `CPU not saturated (${c.machineBusyPercentOfCore}% of ${capacity}%): where latency is still high, look at pools, locks and I/O`
      console.log(`  ${phase}: ${verdict}`)
    }
    if (profile) {
      console.log(`CPU profile of the portal's processes (${profile.files} files, ${(profile.busyMs / 1000).toFixed(1)} s busy):`)
      for (const a of profile.byArea.slice(0, 12)) console.log(`  ${a.area.padEnd(40)} ${String(a.percentOfBusy).padStart(5)} %`)
      console.log('  inclusive, by portal module:')
      for (const m of profile.byModule.slice(0, 15)) console.log(`  ${m.module.padEnd(40)} ${String(m.percentOfBusy).padStart(5)} %`)
    }
    console.log(`Load average (1/5/15 min) at start ${loadAverageAtStart.map((x) => x.toFixed(1)).join('/')}, at end ${result.machine.loadAverageAtEnd.map((x) => x.toFixed(1)).join('/')}`)
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

/**
 * Residents who can apply (aged 19–34 at the cut-off, not registered, a name without a comma):
 * the demo's own first, then synthetic ones — a demo resident's NIK with another serial number
 * (digits 13–16), same KK, name and birth date — added to the local population registry so that
 * the registry check passes for them as for anyone else.
 */
async function applicantResidents(db: pg.Pool, wanted: number): Promise<Resident[]> {
  const registered = new Set((await db.query<{ nik: string }>(`SELECT nik FROM "ApplicantIdentity"`)).rows.map((r) => r.nik))
  const base = readResidents().filter((r) => {
    const year = Number(r.tanggal_lahir.slice(0, 4))
    return year >= 1993 && year <= 2006 && !r.nama.includes(',')
  })
  const list = base.filter((r) => !registered.has(r.nik))
  const known = new Set((await db.query<{ nik: string }>(`SELECT nik FROM "PopulationRecord"`)).rows.map((r) => r.nik))
  const synthetic: Resident[] = []
  for (let serial = 9000; list.length + synthetic.length < wanted && serial < 10_000; serial++) {
    for (const r of base) {
      const nik = r.nik.slice(0, 12) + String(serial)
      if (known.has(nik)) continue
      known.add(nik)
      synthetic.push({ ...r, nik })
      if (list.length + synthetic.length >= wanted) break
    }
  }
  for (let i = 0; i < synthetic.length; i += 500) {
    const chunk = synthetic.slice(i, i + 500)
    await db.query(
      `INSERT INTO "PopulationRecord" (nik, kk, name, "birthPlace", "birthDate", sex)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[])`,
      [chunk.map((r) => r.nik), chunk.map((r) => r.kk), chunk.map((r) => r.nama), chunk.map((r) => r.tempat_lahir), chunk.map((r) => r.tanggal_lahir), chunk.map((r) => r.jenis_kelamin)],
    )
  }
  return [...list, ...synthetic]
}

/**
 * The held population: `n` verified applicants with a confirmed identity and one live session
 * each, written in bulk (creating them over HTTP would cost n argon2id hashes before the phase
 * even starts); the cookies are signed with the portal's secret exactly as it signs its own.
 */
async function heldSessions(db: pg.Pool, periodId: string, n: number): Promise<string[]> {
  const passwordHash = await hash('held-session-password', ARGON2_OPTIONS)
  await db.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", "emailVerifiedAt", "updatedAt")
     SELECT 'bench-held-' || i, 'held.' || i || '@pelamar.test', 'Pelamar Uji ' || i, $2, now(), now() FROM generate_series(1, $1::int) i`,
    [n, passwordHash],
  )
  await db.query(
    `INSERT INTO "UserRole" (id, "userId", role) SELECT 'bench-held-role-' || i, 'bench-held-' || i, 'APPLICANT' FROM generate_series(1, $1::int) i`,
    [n],
  )
  await db.query(
    `INSERT INTO "ApplicantIdentity" (id, "userId", "periodId", nik, kk, "fullName", "birthPlace", "birthDate", sex, phone, "nikFlags", "confirmedAt", "updatedAt")
     SELECT 'bench-held-id-' || i, 'bench-held-' || i, $2, '990101550698' || lpad(i::text, 4, '0'), '3174010101980001', 'Pelamar Uji ' || i,
            'Jakarta', '1998-06-15', 'P', '081234567890', '{}', now(), now() FROM generate_series(1, $1::int) i`,
    [n, periodId],
  )
  await db.query(
    `INSERT INTO "Session" (id, "userId", "expiresAt") SELECT 'bench-held-s-' || i, 'bench-held-' || i, now() + interval '1 day' FROM generate_series(1, $1::int) i`,
    [n],
  )
  const storage = createCookieSessionStorage({
    cookie: { name: '__session', httpOnly: true, sameSite: 'lax', path: '/', secrets: [SESSION_SECRET] },
  })
  const cookies: string[] = []
  for (let i = 1; i <= n; i++) {
    const s = await storage.getSession()
    s.set('sessionId', `bench-held-s-${i}`)
    cookies.push((await storage.commitSession(s)).split(';')[0]!)
  }
  return cookies
}

type Calibration = { step: string; loads: number; p50: number; portalCpuMs: number; postgresqlCpuMs: number }

/**
 * Each held page loaded one at a time (20 sessions in turn, after one warm-up load each): what one
 * load costs the portal and PostgreSQL in CPU, without queueing — the capacity the held phase has
 * to live within (cores ÷ CPU per load).
 */
async function calibrate(baseUrl: string, cookies: string[], vacancyId: string, groups: CpuGroups): Promise<Calibration[]> {
  const load = async (cookie: string, pathname: string) => {
    const t0 = performance.now()
    const res = await fetch(baseUrl + pathname, { headers: { Cookie: cookie }, redirect: 'manual' })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`calibration ${pathname}: HTTP ${res.status}`)
    return performance.now() - t0
  }
  for (const cookie of cookies) for (const page of HELD_PAGES) await load(cookie, page.path(vacancyId))
  const out: Calibration[] = []
  // The anonymous home page: what any page costs (Remix, React, layout, compression) without the
  // application's data.
  const pages = [{ step: 'anon: home page', path: () => '/', anonymous: true }, ...HELD_PAGES.map((p) => ({ ...p, anonymous: false }))]
  for (const page of pages) {
    const times: number[] = []
    const a = sampleCpu(groups)
    for (let round = 0; round < 3; round++) for (const cookie of cookies) times.push(await load(page.anonymous ? '' : cookie, page.path(vacancyId)))
    const b = sampleCpu(groups)
    // Never below zero: a PostgreSQL backend that ended between the samples is not yet reaped.
    const ticksToMs = (name: string) => Math.max(0, ((b.groups[name]! - a.groups[name]!) * 1000) / clockTicks() / times.length)
    times.sort((x, y) => x - y)
    out.push({ step: page.step, loads: times.length, p50: round(times[Math.floor(times.length / 2)]!), portalCpuMs: round(ticksToMs('portal')), postgresqlCpuMs: round(ticksToMs('postgresql')) })
  }
  return out
}

type HeldResult = {
  sessions: number
  seconds: number
  pageLoads: number
  pageLoadsPerSecond: number
  pageRefusals503: number
  accountsCreated: number
  accountCreationsPerSecond: number
}

/**
 * Phase 3: every held session loads a page after an exponential think time until the phase ends,
 * while CONCURRENCY account creations run back to back from the spare residents.
 */
async function holdLoad(opts: {
  baseUrl: string
  cookies: string[]
  vacancyId: string
  spare: Resident[]
  db: pg.Pool
  periodId: string
  samples: Sample[]
  failures: string[]
}): Promise<HeldResult> {
  const { baseUrl, cookies, vacancyId, samples, failures } = opts
  const started = Date.now()
  const until = started + HOLD_SECONDS * 1000
  const totalWeight = HELD_PAGES.reduce((s, p) => s + p.weight, 0)
  const pick = () => {
    let x = Math.random() * totalWeight
    for (const p of HELD_PAGES) if ((x -= p.weight) < 0) return p
    return HELD_PAGES[0]!
  }
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
  let pageLoads = 0
  let pageRefusals = 0
  const reader = async (cookie: string) => {
    // The first load comes anywhere in the first think time, so the sessions do not start in step.
    await sleep(Math.random() * THINK_SECONDS * 1000)
    let page = pick()
    while (Date.now() < until) {
      const t0 = performance.now()
      let ok = false
      let retryAfter = 0
      try {
        const res = await fetch(baseUrl + page.path(vacancyId), { headers: { Cookie: cookie }, redirect: 'manual' })
        await res.arrayBuffer()
        ok = res.status === 200
        if (res.status === 503) retryAfter = retryAfterMs(res)
        else if (!ok && failures.length < 1000) failures.push(`${page.step}: HTTP ${res.status}`)
      } catch (err) {
        failures.push(`${page.step}: ${(err as Error).message}`)
      }
      samples.push({ step: page.step, ms: performance.now() - t0, ok, refused: retryAfter > 0 })
      if (retryAfter > 0) {
        // The refusal page reloads itself after Retry-After (meta refresh): the same page again.
        pageRefusals++
        await sleep(Math.min(retryAfter, until - Date.now() + 1))
        continue
      }
      pageLoads++
      page = pick()
      await sleep(Math.min(-Math.log(1 - Math.random()) * THINK_SECONDS * 1000, until - Date.now() + 1))
    }
  }
  let next = 0
  let accountsCreated = 0
  const creator = async () => {
    while (Date.now() < until && next < opts.spare.length) {
      const s = session(baseUrl, opts.spare[next++]!, samples, 'held+')
      try {
        await createAccount(s, opts.db, opts.periodId)
        if (Date.now() <= until) accountsCreated++
      } catch (err) {
        failures.push(`${s.r.nik}: ${(err as Error).message}`)
      }
    }
  }
  await Promise.all([...cookies.map(reader), ...Array.from({ length: HOLD_CREATORS }, creator)])
  const seconds = (Date.now() - started) / 1000
  if (next >= opts.spare.length) console.log('  (ran out of spare residents for account creations)')
  return {
    sessions: cookies.length,
    seconds: round(seconds),
    pageLoads,
    pageLoadsPerSecond: round(pageLoads / seconds),
    pageRefusals503: pageRefusals,
    accountsCreated,
    accountCreationsPerSecond: round(accountsCreated / Math.min(seconds, HOLD_SECONDS)),
  }
}

type Session = { r: Resident; email: string; call: Caller; samples: Sample[]; prefix: string }
type Caller = (step: string, pathname: string, init?: RequestInit, expect?: number[]) => Promise<{ res: Response; body: Buffer; ms: number }>

/** An HTTP client with its own cookie jar, recording every request's time under its step. */
/** Adds up the portal's and PostgreSQL's CPU per step, when given to `session` (one request at a time). */
type StepMeter = { groups: CpuGroups; ms: Map<string, { portal: number; postgresql: number; n: number }> }

function session(baseUrl: string, r: Resident, samples: Sample[], stepPrefix = '', meter?: StepMeter): Session {
  const jar = new Map<string, string>()
  const email = `bench.${r.nik}@pelamar.test`
  const call: Caller = async (step: string, pathname: string, init: RequestInit = {}, expect: number[] = [200, 302]) => {
    const headers = new Headers(init.headers)
    headers.set('Sec-Fetch-Site', 'same-origin')
    if (jar.size) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const before = meter ? sampleCpu(meter.groups) : null
    let t0 = performance.now()
    let res = await fetch(baseUrl + pathname, { ...init, headers, redirect: 'manual' })
    let body = Buffer.from(await res.arrayBuffer())
    // Refused under overload (ADR 024): wait as told and send the same request again, as the
    // applicant would after the refusal page; each refusal is a sample of its own.
    for (let retry = 0; res.status === 503 && !expect.includes(503) && retry < MAX_RETRIES_AFTER_503; retry++) {
      samples.push({ step: stepPrefix + step, ms: performance.now() - t0, ok: false, refused: true })
      await new Promise((r) => setTimeout(r, retryAfterMs(res)))
      t0 = performance.now()
      res = await fetch(baseUrl + pathname, { ...init, headers, redirect: 'manual' })
      body = Buffer.from(await res.arrayBuffer())
    }
    const ms = performance.now() - t0
    if (meter && before) {
      const after = sampleCpu(meter.groups)
      const entry = meter.ms.get(step) ?? { portal: 0, postgresql: 0, n: 0 }
      entry.portal += ((after.groups.portal! - before.groups.portal!) * 1000) / clockTicks()
      entry.postgresql += Math.max(0, ((after.groups.postgresql! - before.groups.postgresql!) * 1000) / clockTicks())
      entry.n++
      meter.ms.set(step, entry)
    }
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';')[0]!
      const name = pair.slice(0, pair.indexOf('='))
      const value = pair.slice(pair.indexOf('=') + 1)
      if (!value || /Max-Age=0/i.test(cookie)) jar.delete(name)
      else jar.set(name, value)
    }
    const ok = expect.includes(res.status)
    samples.push({ step: stepPrefix + step, ms, ok })
    if (!ok) throw new Error(`${step}: HTTP ${res.status} ${body.toString('utf8').slice(0, 200)}`)
    return { res, body, ms }
  }
  return { r, email, call, samples, prefix: stepPrefix }
}

function form(values: Record<string, string>) {
  return new URLSearchParams(values)
}

/** Phase 1: the three account steps (issue 4), then the e-mail marked verified. Returns their time in ms. */
async function createAccount(s: Session, db: pg.Pool, periodId: string): Promise<number> {
  const { r, email, call, samples } = s
  await call('account: identity form', '/daftar-akun')
  // The CAPTCHA's proof of work is done by each applicant's own device; here the load generator
  // does it (at a low difficulty, BENCH_CAPTCHA_MAX_NUMBER) so it does not take the server's CPU.
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
  samples.push({ step: `${s.prefix}account: complete (3 posts)`, ms: accountMs, ok: true })
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

/** Count, errors and 503 refusals apart, and the percentiles of the requests that were answered otherwise. */
function summary(list: Sample[]) {
  const answered = list.filter((s) => !s.refused)
  const sorted = answered.map((s) => s.ms).sort((a, b) => a - b)
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0)
  return { count: answered.length, errors: answered.filter((s) => !s.ok).length, refused503: list.length - answered.length, p50: at(50), p95: at(95), p99: at(99) }
}

/** Retry-After of a 503 in ms (seconds form; 1 s when absent or unreadable). */
function retryAfterMs(res: Response) {
  const seconds = Number(res.headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000
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
