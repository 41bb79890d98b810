import { spawn, type ChildProcess } from 'node:child_process'
import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR } from '~/models/audit.server'
import { createQueueBackend, type QueueBackend } from '~/utils/queue.server'
import { EXAM_PLAN_JOB, generateSessions } from '~/models/exam-planning.server'
import { startTestRedis } from '../setup/services'
import { seedBank, seedExamWorld } from './exam-fixtures'

/**
 * `npm run worker` (scripts/worker.ts) with RUN_WORKERS=false web processes (ADR 008, ADR 020
 * addendum): the separate process picks the `exam.plan` job up from Redis and runs it, and sweeps
 * exam deadlines — nothing else would, since the web processes then run neither.
 */
let redis: Awaited<ReturnType<typeof startTestRedis>>
let worker: ChildProcess | null = null
let producer: QueueBackend
const output: string[] = []

beforeAll(async () => {
  redis = await startTestRedis()
  // The web side: enqueues onto the shared Redis queue, never processes.
  producer = createQueueBackend({ redisUrl: redis.url })
  producer.defineJob(EXAM_PLAN_JOB, async () => {
    throw new Error('the web side must not process jobs in this test')
  })
  worker = spawn('npx', ['tsx', 'scripts/worker.ts'], {
    env: { ...process.env, REDIS_URL: redis.url, RUN_WORKERS: 'false', EXAM_SWEEP_INTERVAL_MS: '200', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  worker.stdout?.on('data', (d) => output.push(String(d)))
  worker.stderr?.on('data', (d) => output.push(String(d)))
  for (let i = 0; i < 600 && !output.join('').includes('Worker started'); i++) await new Promise((r) => setTimeout(r, 100))
  expect(output.join('')).toContain('Worker started (jobs and the exam sweeper)')
}, 90_000)

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM')
    await new Promise((r) => worker!.once('exit', r))
  }
  await producer?.stop()
  await redis?.stop()
})

test('the worker process runs a queued allocation to completion and closes an expired attempt', async () => {
  await seedBank('SKD_2024')
  const world = await seedExamWorld({ candidates: 3, seats: 3 })
  const day = new Date(Date.now() + 7 * 3600_000 + 2 * 86_400_000).toISOString().slice(0, 10)
  const admin = { ...SYSTEM_ACTOR, actorRole: 'NATIONAL_ADMIN' }
  expect(await generateSessions({ periodId: world.period.id, blueprintCode: 'SKD_2024', siteId: world.site.id, firstDay: day, lastDay: day, times: ['08:00'], fridayTimes: ['08:00'], weekdaysOnly: false }, admin)).toMatchObject({ ok: true })
  const job = await prisma.examPlanJob.create({ data: { periodId: world.period.id, blueprintCode: 'SKD_2024', kind: 'ALLOCATE' } })
  await producer.enqueue(EXAM_PLAN_JOB, { jobId: job.id }, { jobId: `${EXAM_PLAN_JOB}:${job.id}` })
  let row = job
  for (let i = 0; i < 600 && row.status !== 'DONE' && row.status !== 'FAILED'; i++) {
    await new Promise((r) => setTimeout(r, 100))
    row = await prisma.examPlanJob.findUniqueOrThrow({ where: { id: job.id } })
  }
  expect(row).toMatchObject({ status: 'DONE', progress: 100, result: { placed: 3, unplaced: 0, replaced: 0 } })
  expect(await prisma.examAttempt.count({ where: { periodId: world.period.id } })).toBe(3)

  // An attempt past its deadline: the worker's sweeper closes it (no web process sweeps here).
  const attempt = await prisma.examAttempt.findFirstOrThrow({ where: { periodId: world.period.id } })
  await prisma.examAttempt.update({ where: { id: attempt.id }, data: { state: 'IN_PROGRESS', checkedInAt: new Date(), startedAt: new Date(Date.now() - 120_000), deadline: new Date(Date.now() - 1000) } })
  let state = 'IN_PROGRESS'
  for (let i = 0; i < 300 && state === 'IN_PROGRESS'; i++) {
    await new Promise((r) => setTimeout(r, 100))
    state = (await prisma.examAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).state
  }
  expect(['AUTO_SUBMITTED', 'SCORED']).toContain(state)
}, 120_000)
