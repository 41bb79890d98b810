import type { IncomingMessage } from 'node:http'

/**
 * Reads the whole body of an expensive request BEFORE it waits for an admission slot (ADR 024
 * addendum). An applicant's cheap phone uploading a 1 MB diploma over a slow link needs tens of
 * seconds to send it; if the request took one of its process's two expensive slots first, two
 * such phones would hold both and every other upload and password step would be refused with 503
 * while the CPU idles. Receiving bytes costs no CPU worth bounding, so it happens outside the
 * admission controller, and the slot is held only for the work (multipart parsing, hashing,
 * sniffing, storing).
 *
 * Bounded twice so a flood of uploads cannot exhaust memory: a body declared larger than
 * `maxBodyBytes` is not pre-read (the route reads it and refuses it with its own message, as
 * before), and all bodies being held by one process together stay under `budgetBytes` (beyond it
 * the request is refused with 503 like any other overload).
 */
export type PreReadLimits = { maxBodyBytes: number; budgetBytes: number }

/** The largest form the portal accepts is the internship application (6 MB); a little above it. */
export const DEFAULT_PRE_READ_LIMITS: PreReadLimits = { maxBodyBytes: 7 * 1024 * 1024, budgetBytes: 256 * 1024 * 1024 }

export type PreReadResult =
  | { kind: 'read'; body: Buffer }
  /** Not pre-read (no body, or declared too large): the route reads the stream itself. */
  | { kind: 'skipped' }
  /** The process holds too many bodies already: answer 503. */
  | { kind: 'over-budget' }
  /** The client went away, or sent more than it declared or than the limit: nothing to answer. */
  | { kind: 'aborted' }

export class BodyPreReader {
  private held = 0
  constructor(readonly limits: PreReadLimits = DEFAULT_PRE_READ_LIMITS) {}

  /** Bytes of bodies being read or waiting for their slot now (for tests and diagnostics). */
  get heldBytes() {
    return this.held
  }

  /**
   * Reads `req`'s body. The returned `release` must be called once the request is finished (its
   * buffer is then only referenced by the Request handed to Remix, which the GC reclaims).
   */
  async read(req: IncomingMessage): Promise<{ result: PreReadResult; release: () => void }> {
    const noop = () => {}
    const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length'])
    const chunked = req.headers['transfer-encoding'] !== undefined
    if (!chunked && (declared === null || declared === 0)) return { result: { kind: 'skipped' }, release: noop }
    if (declared !== null && (!Number.isFinite(declared) || declared > this.limits.maxBodyBytes)) return { result: { kind: 'skipped' }, release: noop }
    // A chunked body has no declared size: reserve the per-request maximum.
    const reserve = declared ?? this.limits.maxBodyBytes
    if (this.held + reserve > this.limits.budgetBytes) return { result: { kind: 'over-budget' }, release: noop }
    this.held += reserve
    let released = false
    const release = () => {
      if (released) return
      released = true
      this.held -= reserve
    }
    try {
      const body = await collect(req, reserve)
      if (!body) {
        release()
        return { result: { kind: 'aborted' }, release: noop }
      }
      return { result: { kind: 'read', body }, release }
    } catch {
      release()
      return { result: { kind: 'aborted' }, release: noop }
    }
  }
}

function collect(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        req.destroy()
        resolve(null)
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(Buffer.concat(chunks, size))
    }
    const onClose = () => {
      cleanup()
      resolve(null)
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onClose)
      req.off('error', onError)
    }
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('close', onClose)
    req.once('error', onError)
  })
}
