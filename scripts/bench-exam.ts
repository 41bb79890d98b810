import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import http from 'node:http'
import crypto from 'node:crypto'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import getPort from 'get-port'
import pg from 'pg'
import { startEmbeddedPostgres, createDatabase, databaseUrl, type RunningPostgres } from './lib/postgres.ts'
import zlib from 'node:zlib'
import { cpuShare, postmasterPid, sampleCpu, type CpuGroups } from './lib/proc-cpu.ts'
import { rawHttp, type RawResponse } from './lib/raw-http.ts'
import { summariseProfiles } from './lib/cpu-profile.ts'
import { parseItemRefs, type ExamItemRef } from '../app/domain/exam/item-refs.ts'

/**
 * `npm run bench:exam`: the CAT hot paths at load (issue 6 "Speed").
 *
 * 1. Its own embedded PostgreSQL (.data/bench-exam-pg, fresh) and the production build
 *    (`scripts/start.ts`, one process, demo data so the bank is synced), or BENCH_URL +
 *    BENCH_DATABASE_URL + BENCH_SESSION_SECRET for a running portal.
 * 2. Precreates BENCH_ATTEMPTS (5,000) checked-in attempts in one session, items drawn (copied from
 *    a demo draw), and their exam cookies (the HMAC the portal's sign-in would set).
 * 3. Starts: all released in the same second (BENCH_CONNECTIONS sockets, default 512): starts/s,
 *    latency per request and from the release until the candidate also has the item bundle the
 *    start names (what the exam page needs to show the first item), p50/p95/p99.
 * 4. Saves at a realistic pace (every candidate one answer every ~BENCH_PACE_SECONDS, 20 s), then at
 *    full speed (BENCH_SAVE_CONNECTIONS = 64 loops for BENCH_FULL_SECONDS = 15 s): saves/s, p50/p95/p99.
 * 5. The baseline: a minimal Node + pg server doing the same durable idempotent insert, same load,
 *    one commit per request (the issue's definition; the portal group-commits, ADR 014).
 * 6. The deadline: BENCH_CLOSE_TOTAL (25,000) attempts in progress (the started ones plus extra
 *    ones with answers) reach their deadline together; time until every one is scored. The
 *    deadline is set BENCH_CLOSE_LEAD_SECONDS (30) ahead, so the sweeper scores ahead within its
 *    window (BENCH_PRESCORE_SECONDS, passed to the portal as EXAM_PRESCORE_SECONDS; default the
 *    lead, 0 turns scoring ahead off on the same timeline); 5 s before the deadline a share
 *    (BENCH_LAST_MINUTE_SHARE, 0.2) of the attempts gets one more answer, which the close must
 *    re-score. CPU is reported for the time ahead and for the close separately.
 * Prints the figures and writes bench-results/exam.json.
 *
 * BENCH_PHASES (default `start,save,baseline,close`): the phases to run. `BENCH_PHASES=close` runs
 * only the deadline at BENCH_CLOSE_TOTAL (no starts prepared, no HTTP load): every attempt is put
 * in progress with 40 answered items, the tables are vacuumed and analysed (as autovacuum would
 * have done during the 100 minutes of a real session), and the clock starts. Skipped phases are
 * null in the JSON; without `close` only BENCH_ATTEMPTS attempts are precreated.
 * BENCH_CLIENT=node uses Node's http client instead of the
 * raw-socket generator (scripts/lib/raw-http.ts), to compare what the generator itself costs.
 * BENCH_CPU_PROF=1 runs the portal under `node --cpu-prof` and prints where its CPU went
 * (bench-results/cpu-prof-exam/). Every response is checked: a start must be IN_PROGRESS with the
 * deadline the server clock + duration + accommodation gives, 110 items and no key; a bundle must
 * hold every version the start names with its options and nothing but text (no key fields).
 */
const N = Number(process.env.BENCH_ATTEMPTS ?? 5000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 512)
const SAVE_CONNECTIONS = Number(process.env.BENCH_SAVE_CONNECTIONS ?? 64)
const PACE_SECONDS = Number(process.env.BENCH_PACE_SECONDS ?? 30)
const PACE_PHASE_SECONDS = Number(process.env.BENCH_PACE_PHASE_SECONDS ?? 20)
const FULL_SECONDS = Number(process.env.BENCH_FULL_SECONDS ?? 15)
/** Portal processes sharing the port (WEB_CONCURRENCY), default one per core. */
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? os.availableParallelism())
const SECRET = process.env.BENCH_SESSION_SECRET ?? 'bench-session-secret-bench-session-secret'
const PHASES = new Set((process.env.BENCH_PHASES ?? 'start,save,baseline,close').split(',').map((p) => p.trim()))
for (const p of PHASES) if (!['start', 'save', 'baseline', 'close'].includes(p)) throw new Error(`Unknown BENCH_PHASES entry ${p}`)
if (PHASES.has('save') && !PHASES.has('start')) throw new Error('BENCH_PHASES: save needs start')
const CLOSE_TOTAL = PHASES.has('close') ? Math.max(N, Number(process.env.BENCH_CLOSE_TOTAL ?? 25000)) : N
/** The close phase's timeline: the deadline this far ahead; scoring ahead within the window (0: off); a late answer for a share. */
const CLOSE_LEAD_SECONDS = Number(process.env.BENCH_CLOSE_LEAD_SECONDS ?? 30)
const PRESCORE_SECONDS = Number(process.env.BENCH_PRESCORE_SECONDS ?? CLOSE_LEAD_SECONDS)
const LAST_MINUTE_SHARE = Number(process.env.BENCH_LAST_MINUTE_SHARE ?? 0.2)
const LAST_MINUTE_BEFORE_DEADLINE_MS = 5000
const NODE_CLIENT = process.env.BENCH_CLIENT === 'node'
const CPU_PROFILE = process.env.BENCH_CPU_PROF === '1'
const PROFILE_DIR = path.resolve('bench-results/cpu-prof-exam')
/** Every EXTRA_EVERY-th attempt has an accommodation of EXTRA_MINUTES: the start must add it. */
const EXTRA_EVERY = 10
const EXTRA_MINUTES = 30

type Sample = { ms: number; ok: boolean }

process.exit(await main())

async function main(): Promise<number> {
  const loadAverageAtStart = os.loadavg().map(round)
  console.log(`Load average at start: ${loadAverageAtStart.join(', ')} (other jobs on this machine skew the figures)`)
  let embedded: RunningPostgres | null = null
  let server: ChildProcess | null = null
  let baseline: http.Server | null = null
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-exam-'))
  try {
    let baseUrl = process.env.BENCH_URL?.replace(/\/$/, '')
    let url = process.env.BENCH_DATABASE_URL
    if (!baseUrl) {
      if (!url) {
        console.log('Starting an embedded PostgreSQL in .data/bench-exam-pg …')
        embedded = await startEmbeddedPostgres(path.join('.data', 'bench-exam-pg'), { quiet: true, fresh: true })
        await createDatabase(embedded.adminUrl, 'bench')
        url = databaseUrl(embedded.adminUrl, 'bench')
      }
      if (!fs.existsSync('build/index.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
      const port = await getPort()
      baseUrl = `http://127.0.0.1:${port}`
      // BENCH_NODE_ARGS: extra node flags for the portal, e.g. --cpu-prof to see where its time goes.
      if (CPU_PROFILE) fs.rmSync(PROFILE_DIR, { recursive: true, force: true })
      const nodeArgs = [
        ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        ...(CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
      ]
      const entry = nodeArgs.length > 0 ? ['--import', 'tsx', 'scripts/start.ts'] : ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts']
      server = spawn(process.execPath, [...nodeArgs, ...entry], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PORT: String(port),
          HOST: '127.0.0.1',
          APP_URL: baseUrl,
          DATA_DIR: dataDir,
          DATABASE_URL: url,
          LOAD_DEMO_DATA: 'true',
          SESSION_SECRET: SECRET,
          DB_POOL_SIZE: process.env.DB_POOL_SIZE ?? '20',
          WEB_CONCURRENCY: String(PROCESSES),
          EXAM_SWEEP_INTERVAL_MS: '250',
          EXAM_SWEEP_TIMING: '1',
          EXAM_PRESCORE_SECONDS: String(PRESCORE_SECONDS),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const log = fs.createWriteStream(path.join(dataDir, 'server.log'))
      server.stdout!.pipe(log)
      server.stderr!.pipe(log)
      await waitForReady(`${baseUrl}/readyz`, server)
      console.log(`Portal (production build, ${PROCESSES} process(es)) on ${baseUrl}; log ${path.join(dataDir, 'server.log')}`)
    }
    if (!url) throw new Error('BENCH_URL needs BENCH_DATABASE_URL and BENCH_SESSION_SECRET')
    const db = new pg.Pool({ connectionString: url, max: 4 })

    // ── precreate ──
    const t0 = Date.now()
    // Every drawn demo SKD attempt is a template, used in turn, so the bench attempts have as many
    // different item sets (hence bundles) as the demo data offers — not one shared by all.
    const templates = (
      await db.query<{ id: string; periodId: string; roomId: string; siteId: string }>(`
        SELECT a.id, a."periodId", a."roomId", r."siteId" FROM "ExamAttempt" a JOIN "ExamRoom" r ON r.id = a."roomId"
        WHERE (SELECT count(*) FROM "ExamAttemptItem" i WHERE i."attemptId" = a.id) = 110 ORDER BY a.id`)
    ).rows
    const template = templates.find((t) => t.periodId === templates[0]?.periodId)
    if (!template) throw new Error('No drawn demo attempt to copy items from (demo data missing?)')
    const templateIds = templates.map((t) => t.id)
    const tag = crypto.randomBytes(3).toString('hex')
    const sessionId = `bench-${tag}`
    await db.query(
      `INSERT INTO "ExamSession" (id, "periodId", "siteId", code, "startsAt", "blueprintCode", "durationMinutes", capacity)
       VALUES ($1, $2, $3, $4, now() - interval '6 minutes', 'SKD_2024', 100, $5)`,
      [sessionId, template.periodId, template.siteId, `BENCH-${tag}`, CLOSE_TOTAL],
    )
    const roomId = `bench-room-${tag}`
    await db.query(`INSERT INTO "ExamRoom" (id, "siteId", code, name, seats) VALUES ($1, $2, $3, 'Bench', $4)`, [roomId, template.siteId, `B${tag}`, CLOSE_TOTAL])
    await db.query(
      `INSERT INTO "ExamAttempt" (id, "sessionId", "roomId", "seatNumber", "applicationId", "periodId", "participantNumber", "checkedInAt")
       SELECT 'bench-' || $1 || '-' || g, $2, $3, g, 'bench-app-' || $1 || '-' || g, $4, 'BENCH-' || $1 || '-' || g, now()
       FROM generate_series(1, $5) g`,
      [tag, sessionId, roomId, template.periodId, CLOSE_TOTAL],
    )
    // Some candidates have an accommodation (extra minutes): their start must give them more time.
    await db.query(`UPDATE "ExamAttempt" SET "extraMinutes" = $3 WHERE "sessionId" = $1 AND "seatNumber" % $2 = 0`, [sessionId, EXTRA_EVERY, EXTRA_MINUTES])
    await db.query(
      `INSERT INTO "ExamAttemptItem" ("attemptId", position, "itemId", "versionId", subtest, "optionOrder")
       SELECT 'bench-' || $1 || '-' || g, i.position, i."itemId", i."versionId", i.subtest, i."optionOrder"
       FROM generate_series(1, $2) g JOIN "ExamAttemptItem" i ON i."attemptId" = ($3::text[])[1 + g % cardinality($3::text[])]
       -- Each attempt's items together, as the portal's draw writes them (before 2026-12-02 they
       -- were interleaved across attempts: a batch's items spread over 8× more pages).
       ORDER BY g, i.position`,
      [tag, CLOSE_TOTAL, templateIds],
    )
    const ids = Array.from({ length: N }, (_, i) => `bench-${tag}-${i + 1}`)
    const options = (await db.query<{ position: number; optionOrder: string[] }>(`SELECT position, "optionOrder" FROM "ExamAttemptItem" WHERE "attemptId" = $1`, [template.id])).rows
    console.log(
      `Precreated ${CLOSE_TOTAL} attempts × 110 items (${templateIds.length} different item sets) in ${((Date.now() - t0) / 1000).toFixed(1)} s (${N} take part over HTTP)`,
    )
    // As the portal's draw does (drawSessions → prepareStarts): each start answer and bundle is
    // made before the session, with the portal's own code (the build's modules, same database).
    const t1 = Date.now()
    process.env.DATABASE_URL = url
    process.env.SESSION_SECRET = SECRET
    const { prepareStarts } = await import('../app/models/exam-attempt.server.ts')
    // BENCH_PREPARE=0 leaves the starts unprepared: the dynamic path, for comparison.
    const prepared = process.env.BENCH_PREPARE === '0' || !PHASES.has('start') ? 0 : await prepareStarts([sessionId])
    const prepareSeconds = round((Date.now() - t1) / 1000)
    console.log(`Prepared ${prepared} start answers and their bundles in ${prepareSeconds} s (before the session, not timed below)`)
    // The draw runs hours before a session, so autovacuum has long been through the new rows by the
    // time it starts; here it would run during the starts and be counted as theirs.
    await db.query(`VACUUM ANALYZE "ExamAttempt", "ExamAttemptItem", "ExamPreparedStart", "ExamBundle", "AuditLog"`)

    const serverPid = server?.pid
    const groups: CpuGroups = {
      portal: { pids: () => (serverPid ? [serverPid] : []), tree: true },
      postgresql: { pids: () => (embedded ? [postmasterPid(path.join('.data', 'bench-exam-pg')) ?? -1] : []), tree: true },
      bench: { pids: () => [process.pid], tree: false },
    }
    const split = () => cpuSplit(groups)
    const cookie = (id: string) => `__ujian=${id}.${crypto.createHmac('sha256', SECRET).update(`exam-attempt:${id}`).digest('base64url').slice(0, 16)}`
    const portal = NODE_CLIENT ? client(baseUrl, CONNECTIONS) : rawClient(baseUrl, CONNECTIONS)
    const extraOf = (id: string) => (Number(id.slice(id.lastIndexOf('-') + 1)) % EXTRA_EVERY === 0 ? EXTRA_MINUTES : 0)

    // ── starts, released in the same second ──
    const startPhase = async () => {
      // The requests are serialised before the release, as a browser has its page loaded (and its
      // cookie: the generator computes each HMAC once, not in the timed window).
      const cookies = ids.map(cookie)
      const startRequests = ids.map((id, i) => portal.prepare('/ujian/api/mulai', { agreed: true }, cookies[i]!))
      const checker = responseChecker()
      const release = Date.now() + 500
      // Inside the timed window the generator only does what a browser must before it can show
      // the first item: read the start answer's bundle name and fetch the bundle. Every answer is
      // kept and checked in full after the window, so the generator's CPU for the checks is not
      // taken from the portal's two cores while it is being measured.
      const received: { id: string; s: RawResponse; b: RawResponse | null; fromRelease: number }[] = []
      await new Promise((r) => setTimeout(r, release - Date.now()))
      const startCpu = cpuMeter()
      const startSplit = split()
      await Promise.all(
        ids.map(async (id, i) => {
          const s = await portal.send(startRequests[i]!)
          // Like the exam page: the items' text is the bundle the start names (each candidate is a
          // separate browser, so each fetches it once). A start counts as done when both arrived.
          const bundle = s.status === 200 ? bundleNameOf(s.body) : null
          const b = bundle ? await portal.get(`/ujian/api/paket/${bundle}`, cookies[i]!) : null
          received.push({ id, s, b, fromRelease: Date.now() - release })
        }),
      )
      const startSeconds = (Date.now() - release) / 1000
      const machineCpuBusy = startCpu()
      const cpuSeconds = startSplit()
      const checkStarted = process.cpuUsage()
      const startSamples: (Sample & { fromRelease: number })[] = []
      const bundleSamples: Sample[] = []
      for (const { id, s, b, fromRelease } of received) {
        const started = checker.start(id, s, extraOf(id))
        let ok = started !== null
        if (started) {
          const bundleOk = b !== null && started.bundle === bundleNameOf(s.body) && checker.bundle(id, started, b)
          if (b) bundleSamples.push({ ms: b.ms, ok: bundleOk })
          ok &&= bundleOk
        }
        startSamples.push({ ms: s.ms, ok, fromRelease })
      }
      const checkCpu = process.cpuUsage(checkStarted)
      const starts = {
        ...summary(startSamples),
        perSecond: round(N / startSeconds),
        fromRelease: summary(startSamples.map((s) => ({ ms: s.fromRelease, ok: s.ok }))),
        bundleRequest: summary(bundleSamples),
        machineCpuBusy,
        cpuSeconds,
        /** The generator's CPU for checking every answer, after the timed window. */
        checkCpuSeconds: round((checkCpu.user + checkCpu.system) / 1e6),
        loadGenerator: NODE_CLIENT ? 'node:http' : 'raw net sockets (scripts/lib/raw-http.ts)',
        checks: checker.report(),
      }
      console.log(
        `Starts: ${N} in ${startSeconds.toFixed(2)} s = ${starts.perSecond}/s; start request p50 ${starts.p50} p95 ${starts.p95} p99 ${starts.p99} ms; ` +
          `bundle request p99 ${starts.bundleRequest.p99} ms; from release to items shown p50 ${starts.fromRelease.p50} p99 ${starts.fromRelease.p99} ms; errors ${starts.errors}; machine CPU busy ${starts.machineCpuBusy} %; ` +
          `CPU s portal ${starts.cpuSeconds.portal} / PostgreSQL ${starts.cpuSeconds.postgres} / bench ${starts.cpuSeconds.bench} (${starts.loadGenerator}; ` +
          `checking every answer after the window: ${starts.checkCpuSeconds} CPU s more)`,
      )
      console.log(
        `Checked: ${starts.checks.starts} starts (deadline = server clock + duration + accommodation, ${starts.checks.withAccommodation} with +${EXTRA_MINUTES} min), ` +
          `${starts.checks.bundles} bundles (${starts.checks.bundlesParsed} distinct bodies parsed, the rest byte-identical to a checked one); no key field seen` +
          (starts.checks.failures.length > 0 ? `; FAILURES: ${starts.checks.failures.slice(0, 5).join(' | ')}` : ''),
      )
      return starts
    }
    const starts = PHASES.has('start') ? await startPhase() : null

    // ── saves: realistic pace, then full speed ──
    const seqOf = new Map(ids.map((id) => [id, 0]))
    const nextSave = (id: string) => {
      const seq = seqOf.get(id)! + 1
      seqOf.set(id, seq)
      const item = options[(seq - 1) % options.length]!
      return { attemptId: id, seq, position: item.position, optionId: item.optionOrder[seq % item.optionOrder.length]! }
    }
    const savePhase = async () => {
      const paceSamples: Sample[] = []
      const paceEnd = Date.now() + PACE_PHASE_SECONDS * 1000
      await Promise.all(
        ids.map(async (id) => {
          // Each candidate answers about every PACE_SECONDS, with jitter, from a random offset.
          await sleep(Math.random() * PACE_SECONDS * 1000)
          while (Date.now() < paceEnd) {
            const s = await portal.post('/ujian/api/simpan', nextSave(id), cookie(id))
            paceSamples.push({ ms: s.ms, ok: s.status === 200 })
            await sleep(PACE_SECONDS * 1000 * (0.5 + Math.random()))
          }
        }),
      )
      const pace = { ...summary(paceSamples), perSecond: round(paceSamples.length / PACE_PHASE_SECONDS) }
      console.log(`Saves at a realistic pace: ${pace.count} (${pace.perSecond}/s); p50 ${pace.p50} p95 ${pace.p95} p99 ${pace.p99} ms; errors ${pace.errors}`)

      const fullCpu = cpuMeter()
      const fullSplit = split()
      const full = { ...(await fullSpeed(portal, '/ujian/api/simpan', ids, nextSave, cookie, SAVE_CONNECTIONS, FULL_SECONDS)), machineCpuBusy: fullCpu(), cpuSeconds: fullSplit() }
      console.log(
        `Saves at full speed (${SAVE_CONNECTIONS} connections): ${full.perSecond}/s; p50 ${full.p50} p95 ${full.p95} p99 ${full.p99} ms; errors ${full.errors}; machine CPU busy ${full.machineCpuBusy} %; ` +
          `CPU s portal ${full.cpuSeconds.portal} / PostgreSQL ${full.cpuSeconds.postgres} / bench ${full.cpuSeconds.bench}`,
      )
      return { pace, full }
    }
    const saves = PHASES.has('save') ? await savePhase() : null

    // ── baseline: minimal Node + pg doing the same durable idempotent insert ──
    const baselinePhase = async () => {
      baseline = await startBaseline(url!)
      const basePort = (baseline.address() as { port: number }).port
      const bare = NODE_CLIENT ? client(`http://127.0.0.1:${basePort}`, SAVE_CONNECTIONS) : rawClient(`http://127.0.0.1:${basePort}`, SAVE_CONNECTIONS)
      const baseCpu = cpuMeter()
      const base = { ...(await fullSpeed(bare, '/save', ids, nextSave, () => '', SAVE_CONNECTIONS, FULL_SECONDS)), machineCpuBusy: baseCpu() }
      console.log(`Baseline (Node http + pg, same INSERT … ON CONFLICT DO NOTHING, one commit per request): ${base.perSecond}/s; p50 ${base.p50} p95 ${base.p95} p99 ${base.p99} ms; errors ${base.errors}; machine CPU busy ${base.machineCpuBusy} %`)
      const ratio = saves ? round(saves.full.perSecond / base.perSecond) : null
      if (ratio !== null) console.log(`Portal saves/s as a ratio of the baseline: ${ratio} (the portal group-commits concurrent saves; the baseline commits once per request)`)
      bare.close()
      return { base, ratio }
    }
    const baselineResult = PHASES.has('baseline') ? await baselinePhase() : null

    // ── the deadline: every attempt in progress closes at once ──
    const closePhase = async () => {
      // Without the HTTP phases every attempt is an "extra" one (answers inserted here, not saved).
      const overHttp = PHASES.has('start') ? N : 0
      const extra = CLOSE_TOTAL - overHttp
      await db.query(
        `UPDATE "ExamAttempt" SET state = 'IN_PROGRESS', "agreedAt" = now(), "startedAt" = now(), deadline = now() + interval '1 hour'
         WHERE "sessionId" = $1 AND state = 'NOT_STARTED'`,
        [sessionId],
      )
      // The extra candidates answered 40 items each.
      await db.query(
        `INSERT INTO "ExamAnswerStep" ("attemptId", seq, position, "optionId")
         SELECT a.id, i.position, i.position, i."optionOrder"[1] FROM "ExamAttempt" a JOIN "ExamAttemptItem" i ON i."attemptId" = a.id
         WHERE a."sessionId" = $1 AND a."seatNumber" > $2 AND i.position <= 40 ON CONFLICT DO NOTHING`,
        [sessionId, overHttp],
      )
      // BENCH_VACUUM (default 1): vacuum and analyse what the setup just bulk-wrote (2.75 M item rows,
      // a million answer steps, 25,000 attempt rows updated twice), as autovacuum would have during
      // a real session; otherwise autovacuum and autoanalyze of the bench's own writes run during the
      // close and are counted as its PostgreSQL CPU. 0 reproduces the runs before 2026-12-02.
      const vacuum = process.env.BENCH_VACUUM !== '0'
      if (vacuum) await db.query(`VACUUM (ANALYZE) "ExamAttemptItem", "ExamAnswerStep", "ExamAttempt", "AuditLog", "TestResult"`)
      const closeCpu = vacuum ? null : cpuMeter()
      const closeSplit = vacuum ? null : split()
      // The time ahead of the deadline (the sweeper scores ahead meanwhile, unless
      // BENCH_PRESCORE_SECONDS=0); its CPU is measured apart from the close's. It includes the
      // deadline UPDATE and the VACUUM below, in both settings.
      const aheadCpu = split()
      const deadline = new Date(Date.now() + CLOSE_LEAD_SECONDS * 1000)
      await db.query(`UPDATE "ExamAttempt" SET deadline = $2 WHERE "sessionId" = $1 AND state = 'IN_PROGRESS'`, [sessionId, deadline])
      // The deadline UPDATE itself leaves 25,000 dead row versions; prune them before the clock runs.
      if (vacuum) await db.query(`VACUUM "ExamAttempt"`)
      await sleep(deadline.getTime() - LAST_MINUTE_BEFORE_DEADLINE_MS - Date.now())
      const ahead = aheadCpu()
      const provisional = `SELECT count(*) AS n FROM "ExamProvisionalScore" p JOIN "ExamAttempt" a ON a.id = p."attemptId" WHERE a."sessionId" = $1`
      const scoredAhead = Number((await db.query<{ n: string }>(provisional, [sessionId])).rows[0]!.n)
      // The last answers: one more step for a share of the attempts (an item not answered yet), as
      // the setup inserts them; spread evenly over the seats.
      const lastMinute = await db.query(
        `INSERT INTO "ExamAnswerStep" ("attemptId", seq, position, "optionId")
         SELECT a.id, 1000000, i.position, i."optionOrder"[2] FROM "ExamAttempt" a JOIN "ExamAttemptItem" i ON i."attemptId" = a.id AND i.position = 41
         WHERE a."sessionId" = $1 AND floor(a."seatNumber" * $2::float8) > floor((a."seatNumber" - 1) * $2::float8) ON CONFLICT DO NOTHING`,
        [sessionId, LAST_MINUTE_SHARE],
      )
      if (vacuum && Date.now() > deadline.getTime() - 500) console.log('Warning: the setup ran until less than 0.5 s before the deadline')
      const closeMeter = closeCpu ?? cpuMeter()
      const closeCpuSplit = closeSplit ?? split()
      let scoredAt = 0
      for (;;) {
        await sleep(100)
        const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "ExamAttempt" WHERE "sessionId" = $1 AND state = 'SCORED'`, [sessionId])
        if (Number(rows[0]!.n) >= CLOSE_TOTAL) {
          scoredAt = Date.now()
          break
        }
        if (Date.now() - deadline.getTime() > 600_000) throw new Error('Attempts were not scored within 10 minutes of the deadline')
      }
      const machineCpuBusy = closeMeter()
      const cpuSeconds = closeCpuSplit()
      const results = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "TestResult" WHERE "attemptId" LIKE $1`, [`bench-${tag}-%`])
      // Provisional scores the close could reuse: as many steps as the attempt has (the cleanup removes them later).
      const reusable = await db.query<{ n: string }>(
        `${provisional} AND p.steps = (SELECT count(*) FROM "ExamAnswerStep" s WHERE s."attemptId" = p."attemptId")`,
        [sessionId],
      )
      const close = {
        attempts: CLOSE_TOTAL,
        extraWithoutHttp: extra,
        vacuumedBeforeDeadline: vacuum,
        prescoreWindowSeconds: PRESCORE_SECONDS,
        scoredAheadBeforeDeadline: scoredAhead,
        changedAfterScoredAhead: lastMinute.rowCount ?? 0,
        reusableAtClose: Number(reusable.rows[0]!.n),
        ahead: { seconds: round(CLOSE_LEAD_SECONDS - LAST_MINUTE_BEFORE_DEADLINE_MS / 1000), cpuSeconds: ahead },
        secondsFromDeadlineToAllScored: round((scoredAt - deadline.getTime()) / 1000),
        testResults: Number(results.rows[0]!.n),
        machineCpuBusy,
        cpuSeconds,
      }
      console.log(
        `Ahead of the deadline (window ${PRESCORE_SECONDS} s): ${scoredAhead} scored ahead, CPU s portal ${ahead.portal} / PostgreSQL ${ahead.postgres}; ` +
          `${close.changedAfterScoredAhead} got a last answer ${LAST_MINUTE_BEFORE_DEADLINE_MS / 1000} s before the deadline; ${close.reusableAtClose} reusable at the close`,
      )
      console.log(
        `Deadline: ${CLOSE_TOTAL} attempts closed and scored ${close.secondsFromDeadlineToAllScored} s after the deadline (${close.testResults} TestResult rows); ` +
          `machine CPU busy ${close.machineCpuBusy} %; CPU s portal ${close.cpuSeconds.portal} / PostgreSQL ${close.cpuSeconds.postgres}`,
      )
      // What an auditor checks: each attempt's auto-submit and its scoring are audited exactly once.
      const audit = await db.query<{ action: string; n: string; distinct: string }>(
        `SELECT action, count(*) AS n, count(DISTINCT x.id) AS distinct FROM "AuditLog" l,
           LATERAL (SELECT CASE WHEN jsonb_typeof(e) = 'object' THEN e->>'attemptId' ELSE e #>> '{}' END AS id
                    FROM jsonb_array_elements(l.after->'attempts') e) x
         WHERE l.action IN ('exam.attempts.autoSubmit', 'exam.attempts.score') AND x.id LIKE $1 GROUP BY action`,
        [`bench-${tag}-%`],
      )
      const audited = Object.fromEntries(audit.rows.map((r) => [r.action, { entries: Number(r.n), distinct: Number(r.distinct) }]))
      console.log(`Audit: ${JSON.stringify(audited)} (each should be ${CLOSE_TOTAL} entries, all distinct)`)
      const auditOk = ['exam.attempts.autoSubmit', 'exam.attempts.score'].every(
        (a) => audited[a]?.entries === CLOSE_TOTAL && audited[a]?.distinct === CLOSE_TOTAL,
      )
      return { ...close, audited, auditOk }
    }
    const close = PHASES.has('close') ? await closePhase() : null

    // ── durability check: every acknowledged save is stored exactly once ──
    const stored = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "ExamAnswerStep" WHERE "attemptId" = ANY($1)`, [ids])
    const errors = (starts?.errors ?? 0) + (saves?.pace.errors ?? 0) + (saves?.full.errors ?? 0) + (close && !close.auditOk ? 1 : 0)
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverageAtStart, loadAverageAtEnd: os.loadavg().map(round) },
      baselineDefinition: 'one commit per request (Node http + pg, the same INSERT … ON CONFLICT DO NOTHING); the portal group-commits',
      attempts: N,
      itemSets: templateIds.length,
      prepareStartsSeconds: prepareSeconds,
      portalProcesses: process.env.BENCH_URL ? null : PROCESSES,
      starts,
      phases: [...PHASES],
      savesRealisticPace: saves?.pace ?? null,
      savesFullSpeed: saves?.full ?? null,
      baseline: baselineResult?.base ?? null,
      ratioToBaseline: baselineResult?.ratio ?? null,
      close,
      answerStepsStored: Number(stored.rows[0]!.n),
      errors,
      goals: {
        startP99Under1s: starts ? starts.fromRelease.p99 <= 1000 : null,
        saves3500PerSecondP99Under100ms: saves ? saves.full.perSecond >= 3500 && saves.full.p99 <= 100 : null,
        close25000Within5s: close ? CLOSE_TOTAL >= 25000 && close.secondsFromDeadlineToAllScored <= 5 : null,
        zeroErrors: errors === 0,
      },
    }
    fs.mkdirSync('bench-results', { recursive: true })
    fs.writeFileSync('bench-results/exam.json', JSON.stringify(report, null, 2))
    console.log('Written to bench-results/exam.json')
    await db.end()
    portal.close()
    if (CPU_PROFILE && server) {
      server.kill('SIGTERM')
      await new Promise((r) => server!.once('exit', r))
      const profile = summariseProfiles(PROFILE_DIR, { excludePids: PROCESSES > 1 && serverPid ? [serverPid] : [] })
      server = null
      if (profile) {
        fs.writeFileSync('bench-results/exam-cpu-profile.json', JSON.stringify(profile, null, 2))
        console.log(`CPU profile of the portal's server processes (busy ${profile.busyMs} ms; bench-results/exam-cpu-profile.json):`)
        for (const a of profile.byArea.slice(0, 10)) console.log(`  ${a.area.padEnd(40)} ${String(a.ms).padStart(7)} ms ${a.percentOfBusy}%`)
        for (const f of profile.topFunctions.slice(0, 25)) console.log(`  ${f.fn.slice(0, 70).padEnd(72)} ${String(f.ms).padStart(7)} ms ${f.percentOfBusy}%`)
      }
    }
    return 0
  } catch (error) {
    console.error(error)
    return 1
  } finally {
    ;(baseline as http.Server | null)?.close()
    if (server) {
      server.kill('SIGTERM')
      await new Promise((r) => server!.once('exit', r))
    }
    await embedded?.stop()
  }
}

type Save = { attemptId: string; seq: number; position: number; optionId: string }

async function fullSpeed(
  c: ReturnType<typeof client>,
  route: string,
  ids: string[],
  nextSave: (id: string) => Save,
  cookie: (id: string) => string,
  connections: number,
  seconds: number,
) {
  const samples: Sample[] = []
  const end = Date.now() + seconds * 1000
  let cursor = 0
  const started = Date.now()
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const id = ids[cursor++ % ids.length]!
        const s = await c.post(route, nextSave(id), cookie(id))
        samples.push({ ms: s.ms, ok: s.status === 200 })
      }
    }),
  )
  return { ...summary(samples), perSecond: round(samples.length / ((Date.now() - started) / 1000)) }
}

/** The bare baseline: Node's http server and one pg pool doing the portal's save statement. */
async function startBaseline(url: string): Promise<http.Server> {
  const pool = new pg.Pool({ connectionString: url, max: 20 })
  const sql = `
    INSERT INTO "ExamAnswerStep" ("attemptId", seq, position, "optionId")
    SELECT a.id, c.seq, c.position, c.option
    FROM "ExamAttempt" a
    CROSS JOIN unnest($2::int[], $3::int[], $4::text[]) AS c(seq, position, option)
    JOIN "ExamAttemptItem" it ON it."attemptId" = a.id AND it.position = c.position
    WHERE a.id = $1 AND a.state = 'IN_PROGRESS' AND a.deadline > now()
      AND (c.option IS NULL OR c.option = ANY(it."optionOrder"))
    ON CONFLICT DO NOTHING RETURNING seq`
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const s = JSON.parse(body) as Save
      pool
        .query(sql, [s.attemptId, [s.seq], [s.position], [s.optionId]])
        .then((r) => {
          res.writeHead(200, { 'Content-Type': 'application/json' })
          res.end(JSON.stringify({ ok: true, acked: r.rows.map((x) => x.seq) }))
        })
        .catch(() => {
          res.writeHead(500)
          res.end()
        })
    })
  })
  server.on('close', () => void pool.end())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return server
}

type Gen = {
  /** A request made ready before the clock starts (the raw generator serialises it). */
  prepare(route: string, payload: unknown, cookie: string): unknown
  send(prepared: unknown): Promise<RawResponse>
  post(route: string, payload: unknown, cookie: string): Promise<RawResponse>
  get(route: string, cookie: string): Promise<RawResponse>
  close(): void
}

/** The load generator over raw keep-alive sockets (scripts/lib/raw-http.ts): the default. */
function rawClient(baseUrl: string, maxSockets: number): Gen {
  const raw = rawHttp(baseUrl, maxSockets)
  return {
    prepare(route, payload, cookie) {
      const body = Buffer.from(JSON.stringify(payload))
      return { head: raw.head('POST', route, { Cookie: cookie, 'Content-Type': 'application/json', 'User-Agent': 'bench-exam' }, body.length), body }
    },
    send(prepared) {
      const p = prepared as { head: string; body: Buffer }
      return raw.request(p.head, p.body)
    },
    post: (route, payload, cookie) => raw.post(route, payload, cookie),
    get: (route, cookie) => raw.get(route, cookie),
    close: () => raw.close(),
  }
}

/** Node's http client (BENCH_CLIENT=node): what the bench used before, to compare its own CPU. */
function client(baseUrl: string, maxSockets: number): Gen {
  const agent = new http.Agent({ keepAlive: true, maxSockets })
  const u = new URL(baseUrl)
  const call = (method: 'GET' | 'POST', route: string, headers: Record<string, string | number>, data: string | null): Promise<RawResponse> => {
    const t = performance.now()
    return new Promise((resolve) => {
      const req = http.request({ agent, host: u.hostname, port: u.port, path: route, method, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t, body: Buffer.concat(chunks), gzip: res.headers['content-encoding'] === 'gzip' }))
      })
      req.on('error', () => resolve({ status: 0, ms: performance.now() - t, body: Buffer.alloc(0), gzip: false }))
      req.end(data ?? undefined)
    })
  }
  const post = (route: string, payload: unknown, cookie: string) => {
    const data = JSON.stringify(payload)
    return call('POST', route, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data), Cookie: cookie }, data)
  }
  return {
    prepare: (route, payload, cookie) => ({ route, payload, cookie }),
    send(prepared) {
      const p = prepared as { route: string; payload: unknown; cookie: string }
      return post(p.route, p.payload, p.cookie)
    },
    post,
    get: (route, cookie) => call('GET', route, { Cookie: cookie, 'Accept-Encoding': 'gzip' }, null),
    close: () => agent.destroy(),
  }
}

/**
 * The bundle name in a start answer's JSON, found without parsing the whole answer (all a browser
 * needs before it fetches the bundle); the full answer is parsed and checked after the window.
 */
function bundleNameOf(body: Buffer): string | null {
  const at = body.indexOf('"bundle":"')
  if (at < 0) return null
  const from = at + '"bundle":"'.length
  const to = body.indexOf('"', from)
  return to < 0 ? null : body.toString('latin1', from, to)
}

type StartAnswer = {
  ok: boolean
  bundle: string
  view: { state: string; deadline: string | null; serverNow: string; durationMinutes: number; extraMinutes: number }
  /** Compact item text (`parseItemRefs`), parsed into `refs` by the check. */
  items: string
  refs: ExamItemRef[]
}

/**
 * Checks every start and bundle answer, so the bench is a correctness test as well: a start is
 * IN_PROGRESS with deadline − server now = duration + the candidate's accommodation (the server's
 * clock decides; the bench's clock only has to be near), 110 items, no key; a bundle holds every
 * version the start names, with its options, and nothing but text (an allowlist of fields, so a
 * key field under any name fails). Each distinct bundle body is gunzipped and parsed once; a body
 * byte-identical to one already checked is the same content; likewise an item text already checked
 * against the same bundle (the bench's candidates copy 10 templates' draws).
 */
function responseChecker() {
  const KEY_FIELD = /"(correct|key|scores?|answer|isCorrect|weight)"\s*:/
  const checked = new Map<string, { body: Buffer; versions: Map<string, Set<string>>; itemTexts: Set<string> }>()
  const itemTexts = new Map<string, ExamItemRef[]>()
  const failures: string[] = []
  let starts = 0
  let withAccommodation = 0
  let bundles = 0
  let bundlesParsed = 0
  const fail = (id: string, why: string): null => {
    failures.push(`${id}: ${why}`)
    return null
  }
  const parseBundle = (id: string, body: Buffer, gzip: boolean) => {
    const text = (gzip ? zlib.gunzipSync(body) : body).toString('utf8')
    if (KEY_FIELD.test(text)) return fail(id, 'bundle carries a key field')
    const parsed = JSON.parse(text) as { versions?: Record<string, { stemHtml?: unknown; options?: Record<string, unknown> }> }
    if (Object.keys(parsed).join() !== 'versions' || !parsed.versions) return fail(id, 'bundle: unexpected top-level fields')
    const versions = new Map<string, Set<string>>()
    for (const [versionId, v] of Object.entries(parsed.versions)) {
      if (Object.keys(v).sort().join() !== 'options,stemHtml') return fail(id, `bundle version ${versionId}: fields ${Object.keys(v).join()}`)
      if (typeof v.stemHtml !== 'string' || v.stemHtml.length === 0) return fail(id, `bundle version ${versionId}: no stem`)
      for (const [option, html] of Object.entries(v.options ?? {})) {
        if (!/^[A-Z]$/.test(option) || typeof html !== 'string') return fail(id, `bundle version ${versionId}: option ${option} is not text`)
      }
      versions.set(versionId, new Set(Object.keys(v.options ?? {})))
    }
    bundlesParsed++
    return versions
  }
  return {
    /** The start answer if it is right, else null (and a failure recorded). */
    start(id: string, r: RawResponse, extraMinutes: number): StartAnswer | null {
      if (r.status !== 200) return fail(id, `start status ${r.status}`)
      const text = r.body.toString('utf8')
      if (KEY_FIELD.test(text)) return fail(id, 'start answer carries a key field')
      const a = JSON.parse(text) as StartAnswer
      if (!a.ok || a.view.state !== 'IN_PROGRESS' || !a.view.deadline) return fail(id, `start answer not started: ${text.slice(0, 120)}`)
      const minutes = (Date.parse(a.view.deadline) - Date.parse(a.view.serverNow)) / 60_000
      if (a.view.extraMinutes !== extraMinutes || minutes !== a.view.durationMinutes + extraMinutes || a.view.durationMinutes !== 100) {
        return fail(id, `deadline ${a.view.deadline} is ${minutes} min after the server's now (duration ${a.view.durationMinutes} + ${a.view.extraMinutes})`)
      }
      if (Math.abs(Date.parse(a.view.serverNow) - Date.now()) > 120_000) return fail(id, `server clock ${a.view.serverNow} far from the bench's`)
      // Bench candidates share their templates' item texts: each distinct text is parsed once.
      let refs = itemTexts.get(a.items)
      if (!refs) itemTexts.set(a.items, (refs = parseItemRefs(a.items)))
      a.refs = refs
      if (a.refs.length !== 110 || typeof a.bundle !== 'string') return fail(id, `${a.refs.length} items`)
      starts++
      if (extraMinutes > 0) withAccommodation++
      return a
    },
    bundle(id: string, started: StartAnswer, r: RawResponse): boolean {
      if (r.status !== 200) return fail(id, `bundle status ${r.status}`) ?? false
      const hash = started.bundle.split('.')[0]!
      let known = checked.get(hash)
      if (!known || !known.body.equals(r.body)) {
        const versions = parseBundle(id, r.body, r.gzip)
        if (!versions) return false
        known = { body: Buffer.from(r.body), versions, itemTexts: new Set() }
        checked.set(hash, known)
      }
      // The same item text against the same bundle bytes was checked already.
      if (known.itemTexts.has(started.items)) {
        bundles++
        return true
      }
      for (const item of started.refs) {
        const options = known.versions.get(item.versionId)
        if (!options) return fail(id, `bundle lacks version ${item.versionId}`) ?? false
        for (const o of item.options) if (!options.has(o)) return fail(id, `bundle version ${item.versionId} lacks option ${o}`) ?? false
      }
      known.itemTexts.add(started.items)
      bundles++
      return true
    },
    report: () => ({ starts, withAccommodation, bundles, bundlesParsed, failures }),
  }
}

/**
 * CPU seconds used from now until the returned function is called by the portal (the server
 * process and its cluster workers), PostgreSQL (postmaster and backends) and this bench client
 * (scripts/lib/proc-cpu.ts). Unlike wall time these hardly depend on other jobs on the machine,
 * so runs on a shared machine can be compared.
 */
function cpuSplit(groups: CpuGroups) {
  const start = sampleCpu(groups)
  return () => {
    const share = cpuShare(start, sampleCpu(groups))
    const seconds = (name: string) => round(((share.percentOfCore[name] ?? 0) * share.seconds) / 100)
    return { portal: seconds('portal'), postgres: seconds('postgresql'), bench: seconds('bench'), otherPercentOfCore: share.otherPercentOfCore }
  }
}

/** Share of the machine's CPU time that was busy from now until the returned function is called. */
function cpuMeter() {
  const read = () => {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    const idle = fields[3]! + (fields[4] ?? 0)
    return { idle, total: fields.reduce((a, b) => a + b, 0) }
  }
  const start = read()
  return () => {
    const end = read()
    return round(100 * (1 - (end.idle - start.idle) / Math.max(1, end.total - start.total)))
  }
}

function summary(list: Sample[]) {
  const sorted = list.map((s) => s.ms).sort((a, b) => a - b)
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0)
  return { count: sorted.length, errors: list.filter((s) => !s.ok).length, p50: at(50), p95: at(95), p99: at(99) }
}

function round(n: number) {
  return Math.round(n * 100) / 100
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms))
}

async function waitForReady(url: string, child: ChildProcess) {
  const deadline = Date.now() + 240_000
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
