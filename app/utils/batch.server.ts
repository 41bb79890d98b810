/**
 * Micro-batching for hot paths (ADR 014 addendum): calls arriving within `windowMs` of each other —
 * or while `maxInflight` batches are already running — are handed to `run` together, and each
 * caller gets its own result. When a batch finishes, whatever queued meanwhile goes at once (it
 * already waited one batch). Errors reject every caller of the batch.
 */
export function createBatcher<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  opts: { windowMs: number; maxBatch: number; maxInflight: number },
) {
  let queue: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = []
  let timer: NodeJS.Timeout | null = null
  let inflight = 0

  function flush() {
    if (timer) clearTimeout(timer)
    timer = null
    if (inflight >= opts.maxInflight || queue.length === 0) return
    const batch = queue.slice(0, opts.maxBatch)
    queue = queue.slice(batch.length)
    inflight++
    run(batch.map((b) => b.input))
      .then(
        (outputs) => batch.forEach((b, i) => b.resolve(outputs[i]!)),
        (error: unknown) => batch.forEach((b) => b.reject(error)),
      )
      .finally(() => {
        inflight--
        if (queue.length > 0) flush()
      })
  }

  return (input: I): Promise<O> =>
    new Promise((resolve, reject) => {
      queue.push({ input, resolve, reject })
      if (queue.length >= opts.maxBatch) flush()
      else if (!timer && inflight < opts.maxInflight) timer = setTimeout(flush, opts.windowMs)
    })
}
