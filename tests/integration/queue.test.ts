import { inject } from 'vitest'
import { createQueueBackend, PermanentJobError, type QueueBackend } from '~/utils/queue.server'

/**
 * Both backends must behave alike: the in-process one is what developers run, bull on Redis is
 * what production runs. Each bull backend gets its own key prefix on the shared test Redis.
 */
const quiet = () => {}
const backends: [string, () => QueueBackend][] = [
  [
    'redis (bull)',
    () =>
      createQueueBackend({
        redisUrl: inject('redisUrl'),
        prefix: `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
        log: quiet,
      }),
  ],
  ['in-process', () => createQueueBackend({ log: quiet })],
]

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>

async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<Truthy<T>> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value as Truthy<T>
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.each(backends)('%s backend', (_label, makeBackend) => {
  let queue: QueueBackend
  beforeEach(() => {
    queue = makeBackend()
  })
  afterEach(async () => {
    await queue.stop()
  })

  test('a job runs with its data and is counted as completed', async () => {
    const seen: { data: unknown; attempt: number; jobId: string }[] = []
    queue.defineJob<{ userId: string; n: number }>('test.hello', async (data, ctx) => {
      seen.push({ data, attempt: ctx.attempt, jobId: ctx.jobId })
    })
    await queue.startWorkers()
    const id = await queue.enqueue('test.hello', { userId: 'u-1', n: 7 })

    await waitFor(() => seen.length === 1, 'the job to run')
    expect(seen[0]).toEqual({ data: { userId: 'u-1', n: 7 }, attempt: 1, jobId: id })
    const stats = await waitFor(async () => {
      const s = await queue.stats()
      return s.jobs['test.hello'].completed === 1 && s
    }, 'the completed count')
    expect(stats.jobs['test.hello']).toEqual({ waiting: 0, active: 0, completed: 1, failed: 0, delayed: 0 })
    expect(stats.recentFailed).toEqual([])
  })

  test('a job that fails twice is retried with exponential backoff and succeeds on attempt 3', async () => {
    const runs: { attempt: number; maxAttempts: number; at: number }[] = []
    queue.defineJob(
      'test.flaky',
      async (_data, ctx) => {
        runs.push({ attempt: ctx.attempt, maxAttempts: ctx.maxAttempts, at: Date.now() })
        if (ctx.attempt < 3) throw new Error(`flaky failure ${ctx.attempt}`)
      },
      { attempts: 4, backoffMs: 100 },
    )
    await queue.startWorkers()
    await queue.enqueue('test.flaky', {})

    await waitFor(async () => (await queue.stats()).jobs['test.flaky'].completed === 1, 'the job to complete')
    expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3])
    expect(runs.every((r) => r.maxAttempts === 4)).toBe(true)
    // bull's exponential backoff: (2^n − 1) × backoffMs, so 100 ms then 300 ms.
    expect(runs[1].at - runs[0].at).toBeGreaterThanOrEqual(95)
    expect(runs[2].at - runs[1].at).toBeGreaterThanOrEqual(295)
    const stats = await queue.stats()
    expect(stats.jobs['test.flaky'].failed).toBe(0)
    expect(stats.recentFailed).toEqual([])
  })

  test('a job that always fails ends in the failed list with its error after `attempts` runs', async () => {
    let runs = 0
    queue.defineJob(
      'test.broken',
      async (_data, ctx) => {
        runs++
        throw new Error(`Gagal pada percobaan ${ctx.attempt}`)
      },
      { attempts: 3, backoffMs: 20 },
    )
    await queue.startWorkers()
    const id = await queue.enqueue('test.broken', { applicationId: 'app-9' })

    const stats = await waitFor(async () => {
      const s = await queue.stats()
      // The totals and the per-job counts are two reads of Redis: a job can move from active to
      // failed between them, so wait until both say so.
      return s.jobs['test.broken'].failed === 1 && s.totals.failed === 1 && s
    }, 'the job to fail')
    expect(runs).toBe(3)
    expect(stats.totals).toMatchObject({ failed: 1, waiting: 0, active: 0, delayed: 0 })
    expect(stats.recentFailed).toHaveLength(1)
    expect(stats.recentFailed[0]).toMatchObject({
      id,
      name: 'test.broken',
      error: 'Gagal pada percobaan 3',
      attemptsMade: 3,
      summary: '{"applicationId":"app-9"}',
      data: { applicationId: 'app-9' },
    })
    expect(stats.recentFailed[0].failedAt).toBeInstanceOf(Date)
    await sleep(100)
    expect(runs).toBe(3) // and no further retry
  })

  test('a PermanentJobError is not retried', async () => {
    let runs = 0
    queue.defineJob(
      'test.permanent',
      async () => {
        runs++
        throw new PermanentJobError('550 mailbox unknown')
      },
      { attempts: 5, backoffMs: 20 },
    )
    await queue.startWorkers()
    await queue.enqueue('test.permanent', {})
    const stats = await waitFor(async () => {
      const s = await queue.stats()
      return s.jobs['test.permanent'].failed === 1 && s
    }, 'the job to fail')
    await sleep(100)
    expect(runs).toBe(1)
    expect(stats.recentFailed[0]).toMatchObject({ error: '550 mailbox unknown', attemptsMade: 1 })
  })

  test('a delayed job does not run before its delay', async () => {
    let ranAt = 0
    queue.defineJob('test.later', async () => {
      ranAt = Date.now()
    })
    await queue.startWorkers()
    const enqueuedAt = Date.now()
    await queue.enqueue('test.later', {}, { delayMs: 600 })

    await sleep(300)
    expect(ranAt).toBe(0)
    expect((await queue.stats()).jobs['test.later'].delayed).toBe(1)
    await waitFor(() => ranAt > 0, 'the delayed job to run')
    expect(ranAt - enqueuedAt).toBeGreaterThanOrEqual(590)
  })

  test('the same jobId is enqueued once', async () => {
    let runs = 0
    queue.defineJob('test.once', async () => {
      runs++
    })
    const first = await queue.enqueue('test.once', { a: 1 }, { jobId: 'once-1' })
    const second = await queue.enqueue('test.once', { a: 2 }, { jobId: 'once-1' })
    expect(second).toBe(first)
    expect((await queue.stats()).jobs['test.once'].waiting).toBe(1) // no worker yet: it waits
    await queue.startWorkers()
    await waitFor(() => runs === 1, 'the job to run')
    await sleep(100)
    expect(runs).toBe(1)
  })

  test('enqueueing an undefined job is refused', async () => {
    await expect(queue.enqueue('test.nobody', {})).rejects.toThrow(/Unknown job "test.nobody"/)
  })

  test('health answers', async () => {
    expect(await queue.health()).toMatchObject({ ok: true })
  })
})
