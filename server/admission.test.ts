import { AdmissionController, admissionClass, admissionLimitsFromEnv, isRefusal, type Release, type Refusal } from './admission'

const limits = {
  maxInFlight: 2,
  maxExpensiveInFlight: 1,
  reservedForPages: 0,
  maxQueued: { page: 10, normal: 10, expensive: 1 },
  maxWaitMs: { page: 1_000, normal: 1_000, expensive: 1_000 },
  overloadAfterMs: 60_000,
  overloadWaitMs: { page: 100, normal: 100, expensive: 100 },
  retryAfterSeconds: 7,
  // The CPU budget has tests of its own (below); here it is off so counts alone decide.
  workCpuBudget: 1,
  budgetIntervalMs: 200,
  saturatedCpu: 1,
  minInFlight: 1,
}

const released = (r: Release | Refusal) => {
  if (isRefusal(r)) throw new Error(`refused: ${r.reason}`)
  return r
}

describe('AdmissionController', () => {
  afterEach(() => vi.useRealTimers())

  test('admits up to maxInFlight at once, then queues until a slot is released', async () => {
    const c = new AdmissionController(limits)
    const a = released(await c.admit('normal'))
    released(await c.admit('normal'))
    let third: Release | Refusal | null = null
    void c.admit('normal').then((r) => (third = r))
    await Promise.resolve()
    expect(third).toBeNull()
    expect(c.counters().queued.normal).toBe(1)
    a()
    await Promise.resolve()
    expect(typeof third).toBe('function')
    expect(c.counters().inFlight).toBe(2)
  })

  test('a waiting page of a signed-in session starts before requests that queued earlier', async () => {
    const c = new AdmissionController(limits)
    const first = released(await c.admit('normal'))
    const second = released(await c.admit('normal'))
    const order: string[] = []
    const normal = c.admit('normal').then((r) => (order.push('normal'), r))
    const page = c.admit('page').then((r) => (order.push('page'), r))
    first()
    await page
    expect(order).toEqual(['page'])
    second()
    await normal
    expect(order).toEqual(['page', 'normal'])
  })

  test('expensive requests get at most maxExpensiveInFlight slots, even when others are free', async () => {
    const c = new AdmissionController(limits)
    const hash = released(await c.admit('expensive'))
    let queued: Release | Refusal | null = null
    void c.admit('expensive').then((r) => (queued = r))
    await Promise.resolve()
    expect(queued).toBeNull()
    // The free slot still serves a page at once.
    released(await c.admit('page'))
    hash()
    await Promise.resolve()
    // …but not the queued hash: the page holds the second slot, the hash got the first back.
    expect(typeof queued).toBe('function')
    expect(c.counters().expensiveInFlight).toBe(1)
  })

  test('a full expensive queue refuses at once, without touching the pages', async () => {
    const c = new AdmissionController(limits)
    released(await c.admit('expensive'))
    void c.admit('expensive') // waits (queue of one)
    const refused = await c.admit('expensive')
    expect(refused).toEqual({ refused: true, reason: 'queue-full' })
    expect(typeof (await c.admit('page'))).toBe('function')
    expect(c.counters().refused).toEqual({ page: 0, normal: 0, expensive: 1 })
  })

  test('a request that waits longer than maxWaitMs is refused (the caller answers 503)', async () => {
    vi.useFakeTimers()
    const c = new AdmissionController(limits)
    released(await c.admit('expensive'))
    const waiting = c.admit('expensive')
    await vi.advanceTimersByTimeAsync(999)
    expect(c.counters().queued.expensive).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(await waiting).toEqual({ refused: true, reason: 'timeout' })
    expect(c.counters().queued.expensive).toBe(0)
  })

  test('a client that goes away while waiting leaves the queue and never gets a slot', async () => {
    const c = new AdmissionController(limits)
    const a = released(await c.admit('normal'))
    released(await c.admit('normal'))
    const gone = new AbortController()
    const waiting = c.admit('normal', gone.signal)
    gone.abort()
    expect(await waiting).toEqual({ refused: true, reason: 'cancelled' })
    a()
    expect(c.counters().inFlight).toBe(1)
  })

  test('reserved slots serve a page at once while posts and hashes fill the rest', async () => {
    const c = new AdmissionController({ ...limits, maxInFlight: 3, reservedForPages: 1 })
    released(await c.admit('normal'))
    released(await c.admit('normal'))
    let waiting: Release | Refusal | null = null
    void c.admit('normal').then((r) => (waiting = r))
    await Promise.resolve()
    expect(waiting).toBeNull()
    expect(typeof (await c.admit('page'))).toBe('function')
    expect(c.counters().inFlight).toBe(3)
  })

  test('sustained queueing (not a burst): the newest waiting page is served first, the stale ones refused at once', async () => {
    vi.useFakeTimers()
    let t = 0
    const c = new AdmissionController(
      { ...limits, maxInFlight: 1, overloadAfterMs: 100, overloadWaitMs: { page: 10, normal: 10, expensive: 10 } },
      () => t,
    )
    const first = released(await c.admit('page'))
    const old = c.admit('page') // t = 0: a burst so far, may wait the full second
    t = 200 // the queue has not been empty for 200 ms: overloaded
    let newest: Release | Refusal | null = null
    void c.admit('page').then((r) => (newest = r))
    t = 205
    first()
    expect(await old).toEqual({ refused: true, reason: 'timeout' })
    await Promise.resolve()
    expect(typeof newest).toBe('function')
    expect(c.counters()).toMatchObject({ inFlight: 1, queued: { page: 0 }, refused: { page: 1 } })
  })

  test('a burst that drains within overloadAfterMs waits in order and is served', async () => {
    let t = 0
    const c = new AdmissionController({ ...limits, maxInFlight: 1, overloadAfterMs: 100 }, () => t)
    const first = released(await c.admit('normal'))
    const order: number[] = []
    const waiting = [1, 2, 3].map((n) => c.admit('normal').then((r) => (order.push(n), released(r))))
    t = 50
    first()
    ;(await waiting[0]!)()
    ;(await waiting[1]!)()
    ;(await waiting[2]!)()
    expect(order).toEqual([1, 2, 3])
  })

  test('releasing twice frees one slot only', async () => {
    const c = new AdmissionController(limits)
    const a = released(await c.admit('page'))
    released(await c.admit('page'))
    a()
    a()
    expect(c.counters().inFlight).toBe(1)
  })
})

describe('the CPU budget for work other than pages', () => {
  const budgeted = { ...limits, maxInFlight: 8, maxExpensiveInFlight: 2, reservedForPages: 2, workCpuBudget: 0.6 }

  test('a loop busier than the budget while pages are served cuts work to one at a time; pages still start at once', async () => {
    let busy = 0.9
    const c = new AdmissionController(budgeted, undefined, () => busy)
    expect(c.counters().workLimit).toBe(6)
    const page = released(await c.admit('page'))
    c.tick() // 6 → 3
    c.tick() // 3 → 1
    c.tick() // never below one: account creation keeps moving
    expect(c.counters().workLimit).toBe(1)
    const post = released(await c.admit('normal'))
    let second: Release | Refusal | null = null
    void c.admit('expensive').then((r) => (second = r))
    await Promise.resolve()
    // Without the budget this would run at once (6 of 8 slots are open to work).
    expect(second).toBeNull()
    expect(c.counters()).toMatchObject({ workInFlight: 1, queued: { expensive: 1 } })
    // Pages are never held back by it.
    released(await c.admit('page'))
    released(await c.admit('page'))
    expect(c.counters().inFlight).toBe(4)
    // The loop calms down: one more work request may run per interval.
    busy = 0.3
    c.tick()
    await Promise.resolve()
    expect(typeof second).toBe('function')
    expect(c.counters()).toMatchObject({ workInFlight: 2, workLimit: 2 })
    page()
    post()
  })

  test('finishing work starts the next waiting work request within the limit', async () => {
    const c = new AdmissionController(budgeted, undefined, () => 0.95)
    released(await c.admit('page'))
    c.tick()
    c.tick()
    expect(c.counters().workLimit).toBe(1)
    const first = released(await c.admit('normal'))
    let next: Release | Refusal | null = null
    void c.admit('normal').then((r) => (next = r))
    await Promise.resolve()
    expect(next).toBeNull()
    first()
    await Promise.resolve()
    expect(typeof next).toBe('function')
    expect(c.counters().workInFlight).toBe(1)
  })

  test('with no page to serve, work may use the whole process however busy the loop is', async () => {
    const c = new AdmissionController(budgeted, undefined, () => 0.99)
    c.tick()
    c.tick()
    expect(c.counters().workLimit).toBe(6)
    for (let i = 0; i < 6; i++) released(await c.admit('normal'))
    expect(c.counters().workInFlight).toBe(6)
  })

  test('pages filling the process do not starve work: when none runs, the next free slot goes to one work request', async () => {
    const c = new AdmissionController({ ...budgeted, maxInFlight: 2, reservedForPages: 1 }, undefined, () => 0.95)
    const p1 = released(await c.admit('page'))
    const p2 = released(await c.admit('page'))
    const order: string[] = []
    const work = c.admit('normal').then((r) => (order.push('work'), released(r)))
    const pages = [1, 2].map((n) => c.admit('page').then((r) => (order.push(`page ${n}`), released(r))))
    p1()
    // Strict priority would give this slot to a waiting page, and the next, and so on while pages last.
    const w = await work
    expect(order).toEqual(['work'])
    p2()
    const page1 = await pages[0]
    // …but one at a time: while it runs, a second work request waits behind the pages.
    let second: Release | Refusal | null = null
    void c.admit('normal').then((r) => (order.push('work 2'), (second = r)))
    await Promise.resolve()
    expect(second).toBeNull()
    expect(c.counters().workInFlight).toBe(1)
    // The work request ends: the second takes its place (work keeps one slot), the page the next one.
    w()
    await Promise.resolve()
    expect(typeof second).toBe('function')
    page1()
    await pages[1]
    expect(order).toEqual(['work', 'page 1', 'work 2', 'page 2'])
    expect(c.counters().workInFlight).toBe(1)
  })

  test('a saturated process runs fewer requests at once (down to minInFlight), and more again when calm', async () => {
    let busy = 0.97
    const c = new AdmissionController({ ...budgeted, workCpuBudget: 1, saturatedCpu: 0.9, minInFlight: 2 }, undefined, () => busy)
    c.tick() // 8 → 4
    c.tick() // 4 → 2
    c.tick()
    expect(c.counters().slotLimit).toBe(2)
    released(await c.admit('page'))
    released(await c.admit('page'))
    let third: Release | Refusal | null = null
    void c.admit('page').then((r) => (third = r))
    await Promise.resolve()
    // Without the rule the third page would share the CPU with the other two at once.
    expect(third).toBeNull()
    // The one work request the floor lets run does not take a page slot, nor add one.
    released(await c.admit('normal'))
    expect(third).toBeNull()
    busy = 0.5
    c.tick()
    await Promise.resolve()
    expect(typeof third).toBe('function')
    expect(c.counters()).toMatchObject({ slotLimit: 3, inFlight: 4, workInFlight: 1 })
  })

  test('waiting work is still refused after its longest wait (503 + Retry-After, as before)', async () => {
    vi.useFakeTimers()
    const c = new AdmissionController(budgeted, undefined, () => 0.95)
    released(await c.admit('page'))
    c.tick()
    c.tick()
    released(await c.admit('expensive'))
    const waiting = c.admit('expensive')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await waiting).toEqual({ refused: true, reason: 'timeout' })
    vi.useRealTimers()
  })
})

describe('admissionClass', () => {
  const req = (method: string, path: string, headers: Record<string, string> = {}) => ({ method, path, headers })
  const signedIn = { cookie: 'lng=id; __session=abc.def' }

  test('page GETs of a signed-in session come first; anonymous pages are normal', () => {
    expect(admissionClass(req('GET', '/lamaran', signedIn))).toBe('page')
    expect(admissionClass(req('GET', '/lamaran/formasi', signedIn))).toBe('page')
    expect(admissionClass(req('GET', '/', { cookie: 'lng=en' }))).toBe('normal')
    expect(admissionClass(req('GET', '/daftar-akun'))).toBe('normal')
    expect(admissionClass(req('POST', '/lamaran/biodata', { ...signedIn, 'content-type': 'application/x-www-form-urlencoded' }))).toBe('normal')
  })

  test('password hashing, uploads and PDFs are expensive', () => {
    expect(admissionClass(req('POST', '/daftar-akun/data', { 'content-type': 'multipart/form-data; boundary=x' }))).toBe('expensive')
    expect(admissionClass(req('POST', '/masuk', { 'content-type': 'application/x-www-form-urlencoded' }))).toBe('expensive')
    expect(admissionClass(req('POST', '/lamaran/dokumen', { ...signedIn, 'content-type': 'multipart/form-data; boundary=y' }))).toBe('expensive')
    expect(admissionClass(req('GET', '/lamaran/kartu', signedIn))).toBe('expensive')
    expect(admissionClass(req('GET', '/akun/kartu-informasi', signedIn))).toBe('expensive')
    expect(admissionClass(req('GET', '/magang/abc/templat/sr', signedIn))).toBe('expensive')
  })

  test('the exam and the probes are never held back', () => {
    expect(admissionClass(req('GET', '/ujian', signedIn))).toBeNull()
    expect(admissionClass(req('GET', '/ujian/tes', signedIn))).toBeNull()
    expect(admissionClass(req('POST', '/ujian/api/selesai', signedIn))).toBeNull()
    expect(admissionClass(req('GET', '/readyz'))).toBeNull()
    expect(admissionClass(req('GET', '/ujiannya'))).toBe('normal')
  })
})

test('limits come from ADMISSION_* and bad values stop the start', () => {
  expect(admissionLimitsFromEnv({ ADMISSION_MAX_IN_FLIGHT: '3', ADMISSION_RETRY_AFTER_SECONDS: '9' })).toMatchObject({ maxInFlight: 3, retryAfterSeconds: 9 })
  expect(() => admissionLimitsFromEnv({ ADMISSION_MAX_EXPENSIVE_IN_FLIGHT: '0' })).toThrow(/ADMISSION_MAX_EXPENSIVE_IN_FLIGHT/)
  expect(admissionLimitsFromEnv({ ADMISSION_WORK_CPU_PERCENT: '75' }).workCpuBudget).toBe(0.75)
  expect(admissionLimitsFromEnv({}).workCpuBudget).toBe(0.6)
  expect(() => new AdmissionController(admissionLimitsFromEnv({ ADMISSION_WORK_CPU_PERCENT: '150' }))).toThrow(/CPU budget/)
  expect(admissionLimitsFromEnv({ ADMISSION_SATURATED_CPU_PERCENT: '100', ADMISSION_MIN_IN_FLIGHT: '3' })).toMatchObject({ saturatedCpu: 1, minInFlight: 3 })
})
