import { prisma } from '~/utils/db.server'

export type PeriodicWork = {
  /** For the logs. */
  name: string
  /** A PostgreSQL advisory lock key: one process runs a round at a time, the others skip it. */
  lockKey: number
  intervalMs: number
  /** The first round after this long, when sooner than one interval. */
  firstAfterMs?: number
  /** How long a round may hold the lock (its own work runs in its own transactions). */
  timeoutMs: number
  work: () => Promise<void>
}

/**
 * Background work on the server's clock (the exam sweeper, the exam storage cleanup, the expiry of
 * internship offers): a round every `intervalMs` in this process, in whichever process gets the
 * transaction-level advisory lock — the others skip that round, so several web and job processes
 * can all run the timer. A round never overlaps the previous one in the same process. Errors are
 * logged, never thrown: the next round retries. Returns the function that stops the timer.
 */
export function runPeriodically({ name, lockKey, intervalMs, firstAfterMs = intervalMs, timeoutMs, work }: PeriodicWork): () => void {
  let running = false
  const round = () => {
    if (running) return
    running = true
    void (async () => {
      try {
        await prisma.$transaction(
          async (tx) => {
            const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(${lockKey}::int) AS ok`
            if (!lock?.ok) return
            // The work runs in its own transactions; this one only holds the lock meanwhile.
            await work()
          },
          { timeout: timeoutMs, maxWait: 5_000 },
        )
      } catch (error) {
        console.error(`${name} failed:`, error)
      } finally {
        running = false
      }
    })()
  }
  // An earlier first round (e.g. a minute after start-up for an hourly job); otherwise the interval's.
  const first = firstAfterMs < intervalMs ? setTimeout(round, firstAfterMs) : undefined
  const timer = setInterval(round, intervalMs)
  first?.unref()
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}
