import Bull from 'bull'
import { remember } from '@epic-web/remember'
import { getEnv } from './env.server'

/**
 * Background jobs: e-mail, PDF cards, deadline sweeps, scoring batches, ranking runs, imports
 * (ARCHITECTURE.md). Shape after remix-run/examples `bullmq-task-queue/app/utils/queue.server.ts`.
 *
 * Two backends behind one interface, chosen once at first use from `REDIS_URL`:
 * - **redis**: one bull queue named `portal` with a named processor per job. Jobs survive restarts
 *   and any number of processes (`npm run worker`) share them.
 * - **memory**: the embedded default, so a fresh machine needs no Redis. Same retry semantics
 *   (attempts, exponential backoff with bull's formula, delay, jobId de-duplication, failed list),
 *   but jobs live in this process only: whatever is still waiting or delayed when it exits is lost.
 *
 * Rules for callers:
 * - **Never enqueue inside a database transaction.** A job can start (on another process, within
 *   milliseconds) before the transaction commits and then read nothing, or run for a change that
 *   is later rolled back. Commit first, then enqueue; make handlers idempotent, because a job can
 *   also run more than once (a retry after a crash between "work done" and "job completed").
 * - Job data is serialised as JSON (in both backends): pass ids and plain values, no Dates/classes.
 * - Every process that runs workers must import every module that defines a job: a bull worker
 *   that picks up a job whose name it does not know fails it ("Missing process handler").
 * - `concurrency` is a throughput setting, not mutual exclusion: bull's named processors on one
 *   queue share their worker slots, and every worker process adds its own. Use a database lock
 *   where two runs of the same job must not overlap.
 */

export const QUEUE_NAME = 'portal'
/** How many finished jobs each backend keeps for the admin page; older ones are dropped. */
export const KEEP_COMPLETED = 1000
export const KEEP_FAILED = 1000

export type JobContext = {
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number
  /** The job's `attempts`: when `attempt === maxAttempts` a failure is final. */
  maxAttempts: number
  jobId: string
  name: string
}
export type JobHandler<T> = (data: T, ctx: JobContext) => Promise<void>
export type JobOptions<T = any> = {
  /** Total runs before the job is marked failed (default 5). */
  attempts?: number
  /** Base of the exponential backoff: retry n waits backoffMs × (2ⁿ − 1) (default 2000). */
  backoffMs?: number
  /** Parallel runs of this job in one process (default 1). */
  concurrency?: number
  /**
   * One line for the admin page about a job's data. Default: the data as JSON, cut at 200
   * characters. Jobs whose data holds secrets (a reset link in a mail) must override it.
   */
  summarize?: (data: T) => string
}
export type EnqueueOptions = {
  delayMs?: number
  /** A stable id makes enqueue idempotent: a job with an id that still exists is not added again. */
  jobId?: string
}
export type JobCounts = { waiting: number; active: number; completed: number; failed: number; delayed: number }
export type FailedJob = {
  id: string
  name: string
  error: string
  attemptsMade: number
  failedAt: Date | null
  /** One safe line about the job, from the definition's `summarize`: show this, not `data`. */
  summary: string
  /** The raw payload, for code; it can hold secrets (an e-mail job carries reset links). */
  data: unknown
}
export type QueueStats = {
  backend: 'redis' | 'memory'
  totals: JobCounts
  /** Counts per job name (every defined job appears, with zeros when idle). */
  jobs: Record<string, JobCounts>
  /**
   * True when a state held more jobs than were inspected for the per-name breakdown (redis only);
   * `totals` is exact regardless.
   */
  sampled: boolean
  recentFailed: FailedJob[]
}

/** Throw this from a handler when retrying cannot help (e.g. a permanent SMTP rejection). */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PermanentJobError'
  }
}

type Definition = {
  name: string
  handler: JobHandler<any>
  attempts: number
  backoffMs: number
  concurrency: number
  summarize: (data: any) => string
}
export type JobRegistry = Map<string, Definition>

export type JobHandle<T> = {
  name: string
  enqueue: (data: T, opts?: EnqueueOptions) => Promise<string>
}

export type QueueLogger = (level: 'warn' | 'error', message: string) => void

export interface QueueBackend {
  readonly kind: 'redis' | 'memory'
  defineJob<T>(name: string, handler: JobHandler<T>, opts?: JobOptions<T>): JobHandle<T>
  enqueue<T>(name: string, data: T, opts?: EnqueueOptions): Promise<string>
  startWorkers(): Promise<void>
  stop(): Promise<void>
  stats(opts?: { failedLimit?: number }): Promise<QueueStats>
  /** For readiness probes: can jobs be enqueued right now? */
  health(timeoutMs?: number): Promise<QueueHealth>
}

export type QueueHealth = { ok: boolean; backend: 'redis' | 'memory'; error?: string }

export type QueueBackendOptions = {
  /** With a URL: bull on Redis; without: the in-process backend. */
  redisUrl?: string
  /** Job definitions; a fresh one by default. The app's default backend shares the module's. */
  registry?: JobRegistry
  /** Redis key prefix (bull's `prefix`, default `bull`): lets tests share one Redis safely. */
  prefix?: string
  log?: QueueLogger
}

/** Exactly bull's built-in exponential strategy, so both backends wait the same. */
export function backoffDelay(backoffMs: number, attemptsMade: number) {
  return Math.round((Math.pow(2, attemptsMade) - 1) * backoffMs)
}

const defaultLog: QueueLogger = (level, message) => console[level](`[queue] ${message}`)

function defaultSummary(data: unknown) {
  const json = JSON.stringify(data) ?? ''
  return json.length > 200 ? `${json.slice(0, 199)}…` : json
}

function summaryOf(registry: JobRegistry, name: string, data: unknown) {
  try {
    return (registry.get(name)?.summarize ?? defaultSummary)(data)
  } catch {
    return ''
  }
}

function register<T>(registry: JobRegistry, name: string, handler: JobHandler<T>, opts: JobOptions<T> = {}) {
  const def: Definition = {
    name,
    handler: handler as JobHandler<any>,
    attempts: Math.max(1, Math.trunc(opts.attempts ?? 5)),
    backoffMs: Math.max(0, opts.backoffMs ?? 2000),
    concurrency: Math.max(1, Math.trunc(opts.concurrency ?? 1)),
    summarize: (opts.summarize as ((data: any) => string) | undefined) ?? defaultSummary,
  }
  // Re-defining replaces the handler (a Remix dev reload brings new code) but never adds a
  // second processor: processors look the handler up by name when a job runs.
  registry.set(name, def)
  return def
}

function definitionFor(registry: JobRegistry, name: string) {
  const def = registry.get(name)
  if (!def) throw new Error(`Unknown job "${name}": defineJob() it before enqueueing`)
  return def
}

function errorText(err: unknown) {
  if (err instanceof Error) return err.message || err.name
  return String(err)
}

function emptyCounts(): JobCounts {
  return { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 }
}

export function createQueueBackend(options: QueueBackendOptions = {}): QueueBackend {
  return options.redisUrl ? createBullBackend(options.redisUrl, options) : createMemoryBackend(options)
}

// ---------------------------------------------------------------------------------------------
// Redis (bull)

function createBullBackend(redisUrl: string, options: QueueBackendOptions): QueueBackend {
  const registry = options.registry ?? new Map()
  const log = options.log ?? defaultLog
  const queue = new Bull(QUEUE_NAME, redisUrl, { prefix: options.prefix })
  const listening = new Set<string>()
  let started = false
  let stopped = false

  queue.on('error', (err) => log('error', `redis: ${errorText(err)}`))
  queue.on('failed', (job, err) => {
    const final = job.finishedOn != null
    log(final ? 'error' : 'warn', `${job.name}#${job.id} failed (attempt ${job.attemptsMade}/${job.opts.attempts ?? 1}${final ? ', final' : ''}): ${errorText(err)}`)
  })

  async function run(job: Bull.Job) {
    const def = definitionFor(registry, job.name)
    const ctx: JobContext = {
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      jobId: String(job.id),
      name: job.name,
    }
    try {
      await def.handler(job.data, ctx)
    } catch (err) {
      if (err instanceof PermanentJobError) await job.discard()
      throw err
    }
  }

  function listen(name: string) {
    if (listening.has(name)) return
    listening.add(name)
    const def = definitionFor(registry, name)
    // process() resolves only when the queue closes; its errors also reach the 'error' event.
    // The processor takes exactly one parameter: bull treats two as a callback-style handler.
    queue.process(name, def.concurrency, (job: Bull.Job) => run(job)).catch(() => {})
  }

  const api: QueueBackend = {
    kind: 'redis',
    defineJob(name, handler, opts) {
      register(registry, name, handler, opts)
      if (started && !stopped) listen(name)
      return { name, enqueue: (data, o) => api.enqueue(name, data, o) }
    },
    async enqueue(name, data, opts = {}) {
      const def = definitionFor(registry, name)
      const job = await queue.add(name, data, {
        attempts: def.attempts,
        backoff: { type: 'exponential', delay: def.backoffMs },
        delay: opts.delayMs && opts.delayMs > 0 ? opts.delayMs : undefined,
        jobId: opts.jobId,
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: KEEP_FAILED,
      })
      return String(job.id)
    },
    async startWorkers() {
      if (started || stopped) return
      started = true
      for (const name of registry.keys()) listen(name)
      await queue.isReady()
    },
    async stop() {
      if (stopped) return
      stopped = true
      // Waits for running jobs to finish; waiting and delayed ones stay in Redis for next time.
      await queue.close()
    },
    async health(timeoutMs = 2000) {
      let timer: ReturnType<typeof setTimeout> | undefined
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs)
        })
        await Promise.race([queue.client.ping(), timeout])
        return { ok: true, backend: 'redis' }
      } catch (err) {
        return { ok: false, backend: 'redis', error: errorText(err) }
      } finally {
        clearTimeout(timer)
      }
    },
    async stats({ failedLimit = 10 } = {}) {
      const totals = await queue.getJobCounts()
      const { jobs, sampled } = await countByName(queue, registry)
      const failed = failedLimit > 0 ? await queue.getFailed(0, failedLimit - 1) : []
      return {
        backend: 'redis',
        totals: {
          waiting: totals.waiting,
          active: totals.active,
          completed: totals.completed,
          failed: totals.failed,
          delayed: totals.delayed,
        },
        jobs,
        sampled,
        recentFailed: failed
          .filter((job): job is Bull.Job => Boolean(job))
          .map((job) => ({
            id: String(job.id),
            name: job.name,
            error: job.failedReason ?? '',
            attemptsMade: job.attemptsMade,
            failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
            summary: summaryOf(registry, job.name, job.data),
            data: job.data as unknown,
          })),
      }
    },
  }
  return api
}

const STATS_SAMPLE = 5000

/**
 * bull counts per queue, not per job name; the names sit in each job's hash. Reads the ids of
 * every state (at most STATS_SAMPLE per state) and their names in two pipelined round trips.
 */
async function countByName(queue: Bull.Queue, registry: JobRegistry) {
  const states: [keyof JobCounts, string, 'list' | 'zset'][] = [
    ['waiting', 'wait', 'list'],
    ['waiting', 'paused', 'list'],
    ['active', 'active', 'list'],
    ['delayed', 'delayed', 'zset'],
    ['completed', 'completed', 'zset'],
    ['failed', 'failed', 'zset'],
  ]
  const client = queue.client
  const idsPipe = client.pipeline()
  for (const [, key, type] of states) {
    if (type === 'list') idsPipe.lrange(queue.toKey(key), 0, STATS_SAMPLE - 1).llen(queue.toKey(key))
    else idsPipe.zrange(queue.toKey(key), 0, STATS_SAMPLE - 1).zcard(queue.toKey(key))
  }
  const idsResult = (await idsPipe.exec()) ?? []
  let sampled = false
  const lookups: { state: keyof JobCounts; id: string }[] = []
  states.forEach(([state], i) => {
    const ids = (idsResult[i * 2]?.[1] as string[] | undefined) ?? []
    const size = Number(idsResult[i * 2 + 1]?.[1] ?? 0)
    if (size > ids.length) sampled = true
    for (const id of ids) lookups.push({ state, id })
  })
  const jobs: Record<string, JobCounts> = {}
  for (const name of registry.keys()) jobs[name] = emptyCounts()
  if (lookups.length) {
    const namePipe = client.pipeline()
    for (const { id } of lookups) namePipe.hget(queue.toKey(id), 'name')
    const names = (await namePipe.exec()) ?? []
    lookups.forEach(({ state }, i) => {
      const name = names[i]?.[1]
      if (typeof name !== 'string') return // removed between the two reads
      jobs[name] ??= emptyCounts()
      jobs[name][state]++
    })
  }
  return { jobs, sampled }
}

// ---------------------------------------------------------------------------------------------
// In-process

type MemoryJob = {
  id: string
  name: string
  /** JSON, as bull stores it: handlers see the same shapes in both backends. */
  payload: string
  state: 'waiting' | 'active' | 'delayed' | 'completed' | 'failed'
  attemptsMade: number
  maxAttempts: number
  backoffMs: number
  failedReason?: string
  finishedOn?: number
  timer?: ReturnType<typeof setTimeout>
}

function createMemoryBackend(options: QueueBackendOptions): QueueBackend {
  const registry = options.registry ?? new Map()
  const log = options.log ?? defaultLog
  const jobs = new Map<string, MemoryJob>()
  const waiting = new Map<string, string[]>()
  const activeByName = new Map<string, number>()
  const running = new Set<Promise<void>>()
  const completedIds: string[] = []
  const failedIds: string[] = []
  let seq = 0
  let started = false
  let stopped = false

  function pump(name: string) {
    if (!started || stopped) return
    const def = registry.get(name)
    const list = waiting.get(name)
    if (!def || !list) return
    while (list.length && (activeByName.get(name) ?? 0) < def.concurrency) {
      const job = jobs.get(list.shift()!)
      if (job && job.state === 'waiting') runJob(job)
    }
  }

  function makeWaiting(job: MemoryJob) {
    job.timer = undefined
    job.state = 'waiting'
    const list = waiting.get(job.name) ?? []
    list.push(job.id)
    waiting.set(job.name, list)
    pump(job.name)
  }

  function delay(job: MemoryJob, ms: number) {
    job.state = 'delayed'
    // unref: a pending timer must not keep a finished script or test run alive.
    job.timer = setTimeout(() => makeWaiting(job), ms)
    job.timer.unref?.()
  }

  function keep(list: string[], id: string) {
    list.push(id)
    while (list.length > (list === completedIds ? KEEP_COMPLETED : KEEP_FAILED)) jobs.delete(list.shift()!)
  }

  function runJob(job: MemoryJob) {
    job.state = 'active'
    activeByName.set(job.name, (activeByName.get(job.name) ?? 0) + 1)
    const ctx: JobContext = { attempt: job.attemptsMade + 1, maxAttempts: job.maxAttempts, jobId: job.id, name: job.name }
    const done = (async () => {
      try {
        const def = definitionFor(registry, job.name)
        await def.handler(JSON.parse(job.payload), ctx)
        job.state = 'completed'
        job.finishedOn = Date.now()
        keep(completedIds, job.id)
      } catch (err) {
        job.attemptsMade++
        job.failedReason = errorText(err)
        const final = err instanceof PermanentJobError || job.attemptsMade >= job.maxAttempts
        log(final ? 'error' : 'warn', `${job.name}#${job.id} failed (attempt ${job.attemptsMade}/${job.maxAttempts}${final ? ', final' : ''}): ${job.failedReason}`)
        if (final) {
          job.state = 'failed'
          job.finishedOn = Date.now()
          keep(failedIds, job.id)
        } else if (stopped) {
          job.state = 'delayed' // kept for stats; nothing will run it any more
        } else {
          delay(job, backoffDelay(job.backoffMs, job.attemptsMade))
        }
      }
    })().finally(() => {
      activeByName.set(job.name, (activeByName.get(job.name) ?? 1) - 1)
      running.delete(done)
      pump(job.name)
    })
    running.add(done)
  }

  const api: QueueBackend = {
    kind: 'memory',
    defineJob(name, handler, opts) {
      register(registry, name, handler, opts)
      pump(name)
      return { name, enqueue: (data, o) => api.enqueue(name, data, o) }
    },
    async enqueue(name, data, opts = {}) {
      if (stopped) throw new Error('Queue is stopped')
      const def = definitionFor(registry, name)
      const id = opts.jobId ?? String(++seq)
      if (jobs.has(id)) return id // as bull: an existing id is not added twice
      const payload = JSON.stringify(data === undefined ? null : data)
      const job: MemoryJob = {
        id,
        name,
        payload,
        state: 'waiting',
        attemptsMade: 0,
        maxAttempts: def.attempts,
        backoffMs: def.backoffMs,
      }
      jobs.set(id, job)
      if (opts.delayMs && opts.delayMs > 0) delay(job, opts.delayMs)
      else makeWaiting(job)
      return id
    },
    async startWorkers() {
      if (started || stopped) return
      started = true
      for (const name of waiting.keys()) pump(name)
    },
    async stop() {
      if (stopped) return
      stopped = true
      let lost = 0
      for (const job of jobs.values()) {
        if (job.timer) clearTimeout(job.timer)
        if (job.state === 'waiting' || job.state === 'delayed') lost++
      }
      while (running.size) await Promise.allSettled([...running])
      if (lost) log('warn', `stopped with ${lost} job(s) not run (the in-process queue keeps nothing across restarts)`)
    },
    async health() {
      return stopped ? { ok: false, backend: 'memory', error: 'Queue is stopped' } : { ok: true, backend: 'memory' }
    },
    async stats({ failedLimit = 10 } = {}) {
      const totals = emptyCounts()
      const byName: Record<string, JobCounts> = {}
      for (const name of registry.keys()) byName[name] = emptyCounts()
      for (const job of jobs.values()) {
        totals[job.state]++
        byName[job.name] ??= emptyCounts()
        byName[job.name][job.state]++
      }
      const recentFailed = failedIds
        .slice(failedIds.length - Math.min(Math.max(0, failedLimit), failedIds.length))
        .reverse()
        .map((id) => jobs.get(id)!)
        .map((job) => ({
          id: job.id,
          name: job.name,
          error: job.failedReason ?? '',
          attemptsMade: job.attemptsMade,
          failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
          summary: summaryOf(registry, job.name, JSON.parse(job.payload)),
          data: JSON.parse(job.payload) as unknown,
        }))
      return { backend: 'memory', totals, jobs: byName, sampled: false, recentFailed }
    },
  }
  return api
}

// ---------------------------------------------------------------------------------------------
// The app's queue: one registry and one backend per process, kept across Remix dev reloads.

const state = remember('queue', () => ({
  registry: new Map() as JobRegistry,
  backend: null as QueueBackend | null,
}))

function backend() {
  state.backend ??= createQueueBackend({ redisUrl: getEnv().REDIS_URL || undefined, registry: state.registry })
  return state.backend
}

/**
 * Registers a job handler (once per name and process; calling it again replaces the handler).
 * Defining does not pick the backend, so modules can define jobs at import time.
 */
export function defineJob<T>(name: string, handler: JobHandler<T>, opts?: JobOptions<T>): JobHandle<T> {
  if (state.backend) state.backend.defineJob(name, handler, opts)
  else register(state.registry, name, handler, opts)
  return { name, enqueue: (data, o) => enqueue(name, data, o) }
}

/** The names of the jobs defined in this process so far (what `startWorkers` will process). */
export function definedJobNames(): string[] {
  return [...state.registry.keys()].sort()
}

/** Adds a job and returns its id. Call it after your transaction commits, never inside it. */
export function enqueue<T>(name: string, data: T, opts?: EnqueueOptions): Promise<string> {
  return backend().enqueue(name, data, opts)
}

/** Starts processing every defined job (and any defined later). Idempotent. */
export function startWorkers(): Promise<void> {
  return backend().startWorkers()
}

/** Lets running jobs finish and closes connections; the next use starts a new backend. */
export async function stopQueues(): Promise<void> {
  const current = state.backend
  state.backend = null
  if (current) await current.stop()
}

export function queueStats(opts?: { failedLimit?: number }): Promise<QueueStats> {
  return backend().stats(opts)
}

/** Readiness: whether the queue accepts jobs (a Redis PING within `timeoutMs`). */
export function queueHealth(timeoutMs?: number): Promise<QueueHealth> {
  return backend().health(timeoutMs)
}

export function queueBackendKind(): 'redis' | 'memory' {
  return backend().kind
}
