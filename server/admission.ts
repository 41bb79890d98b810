import { performance as nodePerformance } from 'node:perf_hooks'

/**
 * Admission control for one server process (ADR 024): overload degrades instead of queueing.
 *
 * Without it every request that reaches the process starts at once, and on a saturated CPU they
 * all slow down together: at 2,000 signed-in applicants with account creations running flat out,
 * a page took 3.5–25 s (ADR 023). Here at most `maxInFlight` requests run at a time; the rest
 * wait in a short queue per class and are started in priority order:
 *
 *   1. `page`      — GET/HEAD of a signed-in session (the applicant filling in the application);
 *   2. `normal`    — everything else that is not expensive (anonymous pages, ordinary posts);
 *   3. `expensive` — CPU-heavy steps (a password hash, multipart uploads, PDFs): at most
 *                    `maxExpensiveInFlight` of them, so they get a bounded share of the process.
 *
 * A request that finds its class's queue full, or waits longer than its class's `maxWaitMs`, is
 * refused: the caller answers 503 with Retry-After. Nothing has been read or written for it yet,
 * so a refusal never leaves anything half done.
 *
 * A queue that has not been empty for `overloadAfterMs` means sustained overload, not a burst
 * (controlled delay, as in Facebook's "Fail at scale", ACM Queue 2015): then a request may wait only
 * `overloadWaitMs`, and the newest waiting request is started first (adaptive LIFO). First in,
 * first out under overload serves every request after nearly the longest wait; this way most are
 * served at once and the oldest are refused.
 *
 * Counting requests is not counting CPU: six account-creation posts of 15–35 ms CPU each share the
 * event loop with every page, and a page then waits for their work between its own awaits (ADR 024
 * addendum 2: page p95 0.6–0.9 s beside 20 creators, 0.10–0.14 s alone). So work other than pages
 * (`normal` and `expensive`) also has an adaptive limit driven by the process's event-loop
 * utilisation: every `budgetIntervalMs`, if pages were served and the loop was busier than
 * `workCpuBudget`, the work limit is halved (never below one, so account creation always moves);
 * otherwise it grows by one, up to the slots the pages do not reserve. Pages themselves are never
 * held back by it. With no page in the interval work may use the whole process.
 */
export const ADMISSION_CLASSES = ['page', 'normal', 'expensive'] as const
export type AdmissionClass = (typeof ADMISSION_CLASSES)[number]
/** Everything but pages: what the CPU budget and the work floor are about. */
const WORK_CLASSES = ['normal', 'expensive'] as const

export type AdmissionLimits = {
  /** Requests running at once in this process, all classes together. */
  maxInFlight: number
  /** Expensive requests running at once (within maxInFlight). */
  maxExpensiveInFlight: number
  /** Slots only pages may take: a page arriving while the others fill the process starts at once. */
  reservedForPages: number
  /** Requests that may wait, per class; one more is refused at once. */
  maxQueued: Record<AdmissionClass, number>
  /** How long a request may wait for its turn, per class, before it is refused. */
  maxWaitMs: Record<AdmissionClass, number>
  /** A class's queue not empty for this long is overloaded… */
  overloadAfterMs: number
  /** …and then a request may wait only this long (per class), newest first. */
  overloadWaitMs: Record<AdmissionClass, number>
  /** What a refused client is told to wait before trying again (Retry-After, seconds). */
  retryAfterSeconds: number
  /**
   * Event-loop utilisation (0–1) above which work other than pages is cut back while pages are
   * being served; 1 turns the rule off.
   */
  workCpuBudget: number
  /** How often the utilisation is read and the work limit adjusted. */
  budgetIntervalMs: number
  /**
   * Event-loop utilisation (0–1) at which the process counts as saturated (its CPU is all used, or
   * the machine gives it less than it needs): then fewer requests run at once, down to
   * `minInFlight`, so those that run finish in a fraction of the time; 1 turns the rule off.
   */
  saturatedCpu: number
  /** The fewest requests that run at once however saturated the process is. */
  minInFlight: number
}

/**
 * Defaults for a process on one core. Measured with `npm run bench:registration` (ADR 023
 * addendum): a page costs ~10–16 ms of CPU and a few ms of PostgreSQL, so 8 in flight keep the CPU
 * busy through database waits while a page that gets a slot still finishes in about 8 × 15 ms.
 * The waits are long enough for a burst (a class of applicants signing in at once) and short
 * enough that a sustained overload is answered with 503 in seconds, not tens of seconds.
 */
export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  maxInFlight: 8,
  maxExpensiveInFlight: 2,
  reservedForPages: 2,
  maxQueued: { page: 400, normal: 100, expensive: 16 },
  maxWaitMs: { page: 5_000, normal: 5_000, expensive: 5_000 },
  overloadAfterMs: 1_000,
  overloadWaitMs: { page: 150, normal: 300, expensive: 300 },
  retryAfterSeconds: 5,
  workCpuBudget: 0.6,
  budgetIntervalMs: 200,
  // Off by default: measured (ADR 023 addendum of 2026-12-02), halving the pages at once whenever
  // the loop was ≥ 90 % busy refused more than half of the page loads with 503 and did not bring
  // the p95 of the rest under 0.7 s. Kept for a deployment that prefers refusals to waiting.
  saturatedCpu: 1,
  minInFlight: 2,
}

/**
 * The event loop's utilisation since the previous call (0–1): the share of the time the process
 * ran JavaScript or native work on its loop rather than waiting for I/O. Time the operating system
 * gave to other processes while this one had work counts as busy, so a machine shared with other
 * work shows up here too.
 */
export type UtilisationSignal = () => number

export function eventLoopUtilisation(): UtilisationSignal {
  let last = nodePerformance.eventLoopUtilization()
  return () => {
    const now = nodePerformance.eventLoopUtilization()
    const delta = nodePerformance.eventLoopUtilization(now, last)
    last = now
    return delta.utilization
  }
}

/** Releases the slot of an admitted request; calling it again does nothing. */
export type Release = () => void
export type Refusal = { refused: true; reason: 'queue-full' | 'timeout' | 'cancelled' }
export type AdmissionCounters = {
  inFlight: number
  expensiveInFlight: number
  /** Requests other than pages running now, and how many the CPU budget allows at the moment. */
  workInFlight: number
  workLimit: number
  slotLimit: number
  queued: Record<AdmissionClass, number>
  admitted: Record<AdmissionClass, number>
  refused: Record<AdmissionClass, number>
}

type Waiter = { cls: AdmissionClass; resolve: (r: Release | Refusal) => void; timer: ReturnType<typeof setTimeout> | null; since: number }

export class AdmissionController {
  readonly limits: AdmissionLimits
  private inFlight = 0
  private expensiveInFlight = 0
  private pagesInFlight = 0
  /** Work (non-page) requests allowed at once by the CPU budget; adapted every budgetIntervalMs. */
  private workLimit: number
  /** Requests allowed at once now: maxInFlight, fewer while the process is saturated. */
  private slotLimit: number
  /** Pages started since the last budget tick (or still running/waiting): pages need the CPU now. */
  private pagesSinceTick = 0
  private readonly utilisation: UtilisationSignal | null
  private readonly timer: ReturnType<typeof setInterval> | null = null
  private readonly queues: Record<AdmissionClass, Waiter[]> = { page: [], normal: [], expensive: [] }
  private readonly admitted = zeroes()
  private readonly refused = zeroes()
  /** When each class's queue was last seen empty. */
  private readonly lastEmptyAt: Record<AdmissionClass, number>
  private readonly now: () => number

  /**
   * `utilisation`: where the CPU budget reads the event loop's utilisation. Given (tests), the
   * caller drives the budget with `tick()`; by default the process's own event loop is read on a
   * timer that does not keep the process alive.
   */
  constructor(limits: Partial<AdmissionLimits> = {}, now: () => number = () => performance.now(), utilisation?: UtilisationSignal) {
    this.now = now
    this.lastEmptyAt = { page: now(), normal: now(), expensive: now() }
    this.limits = { ...DEFAULT_ADMISSION_LIMITS, ...limits }
    const { maxInFlight, maxExpensiveInFlight, reservedForPages, workCpuBudget, saturatedCpu, minInFlight } = this.limits
    if (maxInFlight < 1 || maxExpensiveInFlight < 1 || reservedForPages < 0 || reservedForPages >= maxInFlight) {
      throw new Error('Admission limits: at least one slot, one expensive slot, and fewer reserved slots than slots')
    }
    if (!(workCpuBudget > 0 && workCpuBudget <= 1) || !(saturatedCpu > 0 && saturatedCpu <= 1)) {
      throw new Error('Admission limits: the work CPU budget and the saturation level are shares between 0 and 1')
    }
    if (minInFlight < 1 || minInFlight > maxInFlight) throw new Error('Admission limits: minInFlight between 1 and maxInFlight')
    this.workLimit = this.maxWork()
    this.slotLimit = maxInFlight
    this.utilisation = workCpuBudget < 1 || saturatedCpu < 1 ? (utilisation ?? eventLoopUtilisation()) : null
    if (this.utilisation && !utilisation) {
      this.timer = setInterval(() => this.tick(), this.limits.budgetIntervalMs)
      this.timer.unref()
    }
  }

  /** Stops the budget's timer (tests, shutdown). */
  close() {
    if (this.timer) clearInterval(this.timer)
  }

  /**
   * One step of the CPU budget (additive increase, multiplicative decrease, as TCP does with its
   * window): the loop busier than the budget while pages needed it halves the work limit, anything
   * else lets one more work request run, up to the slots the pages do not reserve.
   */
  tick() {
    if (!this.utilisation) return
    const busy = this.utilisation()
    const pagesNeedCpu = this.pagesSinceTick > 0 || this.pagesInFlight > 0 || this.queues.page.length > 0
    this.pagesSinceTick = 0
    let grew = false
    if (this.limits.workCpuBudget < 1 && pagesNeedCpu && busy > this.limits.workCpuBudget) this.workLimit = Math.max(1, Math.floor(this.workLimit / 2))
    else if (this.workLimit < this.maxWork()) grew = ++this.workLimit > 0
    // Saturated: latency is requests in flight ÷ the rate the process completes them (Little's
    // law), and that rate is all the CPU allows; fewer at once finish sooner, the rest wait briefly
    // or are refused. Calm again: one more slot per interval.
    if (this.limits.saturatedCpu < 1 && busy >= this.limits.saturatedCpu) this.slotLimit = Math.max(this.limits.minInFlight, Math.floor(this.slotLimit / 2))
    else if (this.slotLimit < this.limits.maxInFlight) grew = ++this.slotLimit > 0
    if (grew) this.dispatch()
  }

  private maxWork() {
    return this.limits.maxInFlight - this.limits.reservedForPages
  }

  /**
   * Waits for a slot of `cls`. Resolves with the slot's release function, or with a refusal when
   * the queue is full, the wait is too long, or `signal` aborts (the client went away).
   */
  admit(cls: AdmissionClass, signal?: AbortSignal): Promise<Release | Refusal> {
    const queue = this.queues[cls]
    if (queue.length === 0) this.lastEmptyAt[cls] = this.now()
    if (queue.length === 0 && (this.workFloor(cls) || (!this.higherWaiting(cls) && this.canStart(cls)))) return Promise.resolve(this.start(cls))
    if (queue.length >= this.limits.maxQueued[cls]) return Promise.resolve(this.refuse(cls, 'queue-full'))
    return new Promise((resolve) => {
      const waiter: Waiter = { cls, resolve, timer: null, since: this.now() }
      const leave = (reason: Refusal['reason']) => {
        const at = queue.indexOf(waiter)
        if (at === -1) return
        queue.splice(at, 1)
        if (queue.length === 0) this.lastEmptyAt[cls] = this.now()
        if (waiter.timer) clearTimeout(waiter.timer)
        resolve(this.refuse(cls, reason))
      }
      const wait = this.overloaded(cls) ? this.limits.overloadWaitMs[cls] : this.limits.maxWaitMs[cls]
      waiter.timer = setTimeout(() => leave('timeout'), wait)
      signal?.addEventListener('abort', () => leave('cancelled'), { once: true })
      this.queues[cls].push(waiter)
    })
  }

  counters(): AdmissionCounters {
    return {
      inFlight: this.inFlight,
      expensiveInFlight: this.expensiveInFlight,
      workInFlight: this.inFlight - this.pagesInFlight,
      workLimit: this.workLimit,
      slotLimit: this.slotLimit,
      queued: { page: this.queues.page.length, normal: this.queues.normal.length, expensive: this.queues.expensive.length },
      admitted: { ...this.admitted },
      refused: { ...this.refused },
    }
  }

  /** Sustained queueing, not a burst: the queue has not been empty for overloadAfterMs. */
  private overloaded(cls: AdmissionClass) {
    return this.queues[cls].length > 0 && this.now() - this.lastEmptyAt[cls] >= this.limits.overloadAfterMs
  }

  private canStart(cls: AdmissionClass) {
    // The saturated limit counts pages only: the one work request the floor lets run must not
    // take one of the few page slots.
    if (cls === 'page') return this.pagesInFlight < this.slotLimit && this.inFlight < this.limits.maxInFlight
    if (this.inFlight >= this.slotLimit - this.limits.reservedForPages) return false
    if (this.inFlight - this.pagesInFlight >= this.workLimit) return false
    return cls !== 'expensive' || this.expensiveInFlight < this.limits.maxExpensiveInFlight
  }

  /** A request never overtakes one of a higher class that is waiting. */
  private higherWaiting(cls: AdmissionClass) {
    for (const other of ADMISSION_CLASSES) {
      if (other === cls) return false
      if (this.queues[other].length > 0) return true
    }
    return false
  }

  private start(cls: AdmissionClass): Release {
    this.inFlight++
    if (cls === 'expensive') this.expensiveInFlight++
    if (cls === 'page') {
      this.pagesInFlight++
      this.pagesSinceTick++
    }
    this.admitted[cls]++
    let released = false
    return () => {
      if (released) return
      released = true
      this.inFlight--
      if (cls === 'expensive') this.expensiveInFlight--
      if (cls === 'page') this.pagesInFlight--
      this.dispatch()
    }
  }

  /**
   * Starts waiting requests, highest class first, while there are free slots: the oldest first,
   * or under overload the newest first, refusing on the way those that waited past the short wait.
   */
  private dispatch() {
    // Work always moves: when none runs, the first free slot goes to waiting work even while pages
    // wait, one request at a time. Strict priority starved account creation whenever pages alone
    // filled the process (0 creations/s beside 2,000 sessions on a busy machine); this way a page
    // queues behind at most one work request.
    for (const cls of WORK_CLASSES) {
      while (this.workFloor(cls) && this.queues[cls].length > 0) this.startNext(cls)
    }
    for (const cls of ADMISSION_CLASSES) {
      const queue = this.queues[cls]
      while (queue.length > 0 && this.canStart(cls)) this.startNext(cls)
      if (this.inFlight >= this.limits.maxInFlight) return
    }
  }

  /** No work running and a slot free: one work request may start whatever waits above it. */
  private workFloor(cls: AdmissionClass) {
    return cls !== 'page' && this.inFlight === this.pagesInFlight && this.inFlight < this.limits.maxInFlight
  }

  /**
   * Starts the next waiter of `cls`: the oldest, or under overload the newest, refusing on the way
   * those that waited past the short wait.
   */
  private startNext(cls: AdmissionClass) {
    const queue = this.queues[cls]
    const overloaded = this.overloaded(cls)
    const waiter = overloaded ? queue.pop()! : queue.shift()!
    if (waiter.timer) clearTimeout(waiter.timer)
    if (overloaded) {
      // The oldest waited past the short wait: answer them now rather than at their timers.
      const limit = this.now() - this.limits.overloadWaitMs[cls]
      while (queue.length > 0 && queue[0]!.since < limit) {
        const old = queue.shift()!
        if (old.timer) clearTimeout(old.timer)
        old.resolve(this.refuse(cls, 'timeout'))
      }
    }
    if (queue.length === 0) this.lastEmptyAt[cls] = this.now()
    if (overloaded && this.now() - waiter.since > this.limits.overloadWaitMs[cls]) {
      waiter.resolve(this.refuse(cls, 'timeout'))
      return
    }
    waiter.resolve(this.start(cls))
  }

  private refuse(cls: AdmissionClass, reason: Refusal['reason']): Refusal {
    this.refused[cls]++
    return { refused: true, reason }
  }
}

export function isRefusal(r: Release | Refusal): r is Refusal {
  return typeof r !== 'function'
}

function zeroes(): Record<AdmissionClass, number> {
  return { page: 0, normal: 0, expensive: 0 }
}

/** Paths the controller never holds back: the exam (issue 6: a candidate's clock is running) and probes. */
const EXEMPT = /^\/(?:ujian(?:\/|$)|readyz$|healthz$)/
/** Posts that hash a password with argon2id (sign-in, account creation, new password, student account). */
const HASHING_POSTS = new Set(['/masuk', '/daftar-akun/data', '/sandi-baru', '/magang/daftar'])
/** Downloads rendered as PDF on request (cards, certificates, templates, result files). */
const PDF_GETS = /^\/(?:lamaran\/kartu$|akun\/kartu-informasi$|kartu-ujian\/?$|sertifikat-skd\/unduh|hasil\/unduh\/|magang\/sertifikat\/|magang\/[^/]+\/templat\/)/

/**
 * Which class a request belongs to, or null when it is never held back. Decided from the method,
 * path and headers alone (before any body is read). A session cookie only buys priority, never a
 * way past the bounds: Remix still checks the session as before.
 */
export function admissionClass(req: { method: string; path: string; headers: Record<string, string | string[] | undefined> }): AdmissionClass | null {
  const path = req.path.length > 1 ? req.path.replace(/\/$/, '') : req.path
  if (EXEMPT.test(path)) return null
  const method = req.method
  if (method === 'GET' || method === 'HEAD') {
    if (PDF_GETS.test(path)) return 'expensive'
    return hasSessionCookie(req.headers.cookie) ? 'page' : 'normal'
  }
  if (method === 'POST' && (HASHING_POSTS.has(path) || /^multipart\/form-data\b/i.test(String(req.headers['content-type'] ?? '')))) return 'expensive'
  return 'normal'
}

function hasSessionCookie(cookie: string | string[] | undefined) {
  return typeof cookie === 'string' && /(?:^|;\s*)__session=[^;]/.test(cookie)
}

/** Limits from the environment (ADMISSION_*), falling back to the defaults. */
export function admissionLimitsFromEnv(env: Record<string, string | undefined> = process.env): AdmissionLimits {
  const int = (name: string, fallback: number, min = 1) => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, not "${raw}"`)
    return n
  }
  const d = DEFAULT_ADMISSION_LIMITS
  return {
    maxInFlight: int('ADMISSION_MAX_IN_FLIGHT', d.maxInFlight),
    maxExpensiveInFlight: int('ADMISSION_MAX_EXPENSIVE_IN_FLIGHT', d.maxExpensiveInFlight),
    reservedForPages: int('ADMISSION_RESERVED_FOR_PAGES', d.reservedForPages, 0),
    maxQueued: {
      page: int('ADMISSION_MAX_QUEUED_PAGES', d.maxQueued.page, 0),
      normal: int('ADMISSION_MAX_QUEUED_NORMAL', d.maxQueued.normal, 0),
      expensive: int('ADMISSION_MAX_QUEUED_EXPENSIVE', d.maxQueued.expensive, 0),
    },
    maxWaitMs: {
      page: int('ADMISSION_MAX_WAIT_MS_PAGES', d.maxWaitMs.page),
      normal: int('ADMISSION_MAX_WAIT_MS_NORMAL', d.maxWaitMs.normal),
      expensive: int('ADMISSION_MAX_WAIT_MS_EXPENSIVE', d.maxWaitMs.expensive),
    },
    overloadAfterMs: int('ADMISSION_OVERLOAD_AFTER_MS', d.overloadAfterMs),
    overloadWaitMs: {
      page: int('ADMISSION_OVERLOAD_WAIT_MS_PAGES', d.overloadWaitMs.page),
      normal: int('ADMISSION_OVERLOAD_WAIT_MS_NORMAL', d.overloadWaitMs.normal),
      expensive: int('ADMISSION_OVERLOAD_WAIT_MS_EXPENSIVE', d.overloadWaitMs.expensive),
    },
    retryAfterSeconds: int('ADMISSION_RETRY_AFTER_SECONDS', d.retryAfterSeconds),
    workCpuBudget: int('ADMISSION_WORK_CPU_PERCENT', Math.round(d.workCpuBudget * 100)) / 100,
    budgetIntervalMs: int('ADMISSION_BUDGET_INTERVAL_MS', d.budgetIntervalMs),
    saturatedCpu: int('ADMISSION_SATURATED_CPU_PERCENT', Math.round(d.saturatedCpu * 100)) / 100,
    minInFlight: int('ADMISSION_MIN_IN_FLIGHT', d.minInFlight),
  }
}
