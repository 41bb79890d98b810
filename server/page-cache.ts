import zlib from 'node:zlib'
import type { RequestHandler, Request as ExpressRequest } from 'express'

/**
 * Anonymous pages that are the same for every visitor, rendered once per language and served from
 * memory for a few seconds (ADR 023 addendum 2).
 *
 * The account wizard's identity form (`/daftar-akun`) is the first request of every account
 * creation and cost ~16 ms of CPU to render (root + route loaders, React, compression) while it
 * differs only by language. Nothing in it is per request: CSRF protection is by Fetch metadata
 * (ADR 005, no token in the form), the wizard's state lives in the sealed `__registrasi` cookie
 * (a visitor who has one is not served from here), and the CAPTCHA challenge is fetched by the
 * page with a request of its own. What it does show that changes is the list of periods whose
 * registration window is open; a cached copy lives `ttlMs` (10 s), so a window that opens or closes
 * shows on the form within that time, and the identity post checks the window on the server's
 * clock as before.
 *
 * Only a request that could not be told apart from any other visitor's is served from the cache:
 * GET/HEAD of a listed path, no query string (a Remix `?_data` load, `?pesan=…`), and no cookie but
 * the language toggle's `lng`. Only a 200 without Set-Cookie is stored.
 */
export const CACHEABLE_ANONYMOUS_PAGES: ReadonlySet<string> = new Set(['/daftar-akun'])

type Entry = { at: number; status: number; headers: [string, string][]; body: Buffer; gzip: Buffer }

export class AnonymousPageCache {
  private readonly entries = new Map<string, Entry>()
  hits = 0
  stores = 0

  constructor(
    readonly opts: { ttlMs: number; paths: ReadonlySet<string> } = { ttlMs: 10_000, paths: CACHEABLE_ANONYMOUS_PAGES },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The cache key of a request that may be served from (and stored into) the cache, or null. */
  keyOf(req: Pick<ExpressRequest, 'method' | 'originalUrl' | 'headers'>): string | null {
    if (req.method !== 'GET' && req.method !== 'HEAD') return null
    if (!this.opts.paths.has(req.originalUrl)) return null
    const cookie = req.headers.cookie ?? ''
    let locale = 'id'
    for (const part of cookie.split(';')) {
      const pair = part.trim()
      if (pair === '') continue
      const match = /^lng=(id|en)$/.exec(pair)
      // Any other cookie (a session, the wizard's sealed state, a flash message) may change the page.
      if (!match) return null
      locale = match[1]!
    }
    return `${locale} ${req.originalUrl}`
  }

  /** Serves a fresh cached copy and ends the request; otherwise marks it for storing and goes on. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const key = this.keyOf(req)
      if (!key) return next()
      const entry = this.entries.get(key)
      if (entry && this.now() - entry.at < this.opts.ttlMs) {
        this.hits++
        res.status(entry.status)
        for (const [name, value] of entry.headers) res.setHeader(name, value)
        res.setHeader('Vary', 'Accept-Encoding')
        // Compressed once at store time; `compression` leaves a response that already has a
        // Content-Encoding alone.
        const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip'
        const body = gzip ? entry.gzip : entry.body
        if (gzip) res.setHeader('Content-Encoding', 'gzip')
        res.setHeader('Content-Length', String(body.length))
        res.end(req.method === 'HEAD' ? undefined : body)
        return
      }
      res.locals.pageCacheKey = key
      next()
    }
  }

  /**
   * Stores Remix's answer to a request the middleware marked; returns the body it read (the
   * caller sends it), or null when the answer is not cacheable and the caller streams it as usual.
   */
  async store(key: string, response: Response): Promise<Buffer | null> {
    if (response.status !== 200 || response.headers.has('set-cookie') || !response.body) return null
    const body = Buffer.from(await response.arrayBuffer())
    const headers = [...response.headers.entries()].filter(([name]) => name !== 'content-length' && name !== 'content-encoding')
    this.entries.set(key, { at: this.now(), status: response.status, headers, body, gzip: zlib.gzipSync(body) })
    this.stores++
    return body
  }
}
