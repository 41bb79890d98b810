import type { IncomingMessage, ServerResponse } from 'node:http'
import { isCrossSite, SECURITY_HEADERS } from './app.ts'

/**
 * The exam's hot endpoints (issue 6 "Speed"; ADR 014 addendum) answered on the raw Node request,
 * ahead of Express and Remix: `POST /ujian/api/mulai`, `POST /ujian/api/simpan`,
 * `GET /ujian/api/paket/:id`. The functions come from the Remix build (`entry.server.tsx` exports
 * `examHotPath`), so they share the build's database pools, environment and rules; this file only
 * translates HTTP — with the same security headers and the same CSRF rule as every other mutation
 * (ADR 005). Express's router, body parser and response helpers cost more CPU per save than the
 * save itself on this hardware, which is why these three skip it.
 */
type HotResponse = { status: number; json?: unknown; raw?: { body: string | Buffer; encoding?: 'gzip' }; headers: Record<string, string> }
type HotRequest = { cookie: string | null | undefined; body?: unknown; ip?: string | null; userAgent?: string | null }
export type ExamHotPath = {
  save(req: HotRequest): Promise<HotResponse>
  start(req: HotRequest): Promise<HotResponse>
  bundle(req: HotRequest & { bundleId: string; acceptsGzip: boolean }): Promise<HotResponse>
}

const MAX_BODY = 64 * 1024
const BUNDLE_PATH = '/ujian/api/paket/'

/**
 * Returns a request listener that answers the hot paths and hands everything else to `next`.
 * `clientIp` is how the app decides the client address (trust proxy), for the audit row of a start.
 */
export function examHotPathListener(
  hot: ExamHotPath,
  next: (req: IncomingMessage, res: ServerResponse) => void,
  clientIp: (req: IncomingMessage) => string | null,
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? ''
    const route = url === '/ujian/api/simpan' ? 'save' : url === '/ujian/api/mulai' ? 'start' : url.startsWith(BUNDLE_PATH) ? 'bundle' : null
    if (!route) return next(req, res)
    if (route === 'bundle' && req.method === 'GET') {
      const bundleId = url.slice(BUNDLE_PATH.length)
      const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
      return void reply(res, hot.bundle({ cookie: req.headers.cookie, bundleId, acceptsGzip }))
    }
    if (route === 'bundle' || req.method !== 'POST') return next(req, res)
    if (isCrossSite(req.headers['sec-fetch-site'], req.headers.origin, req.headers.host)) {
      res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('Permintaan ditolak: asal permintaan tidak sah (CSRF).')
      return
    }
    readJson(req).then(
      (body) => {
        if (route === 'save') return void reply(res, hot.save({ cookie: req.headers.cookie, body }))
        void reply(res, hot.start({ cookie: req.headers.cookie, body, ip: clientIp(req), userAgent: req.headers['user-agent'] ?? null }))
      },
      () => {
        // Too large or not JSON: the answer the save gives for any invalid body.
        send(res, 400, { 'Cache-Control': 'no-store' }, { ok: false, acked: [], error: 'invalid' })
        req.resume()
      },
    )
  }
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) return reject(new Error('too large'))
      chunks.push(chunk)
    })
    req.on('end', () => {
      try {
        resolve(size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch (error) {
        reject(error)
      }
    })
    req.on('error', reject)
  })
}

async function reply(res: ServerResponse, pending: Promise<HotResponse>) {
  let r: HotResponse
  try {
    r = await pending
  } catch (error) {
    // The database is away (restart, failover): nothing was acknowledged, the page retries.
    console.error('Exam hot path failed:', (error as Error).message)
    send(res, 503, { 'Cache-Control': 'no-store', 'Retry-After': '2' }, { ok: false, acked: [], error: 'unavailable' })
    return
  }
  if (r.raw) {
    const headers: Record<string, string> = { ...SECURITY_HEADERS, ...r.headers }
    if (r.raw.encoding) headers['Content-Encoding'] = r.raw.encoding
    res.writeHead(r.status, headers)
    res.end(r.raw.body)
  } else {
    send(res, r.status, r.headers, r.json)
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, json: unknown) {
  if (res.headersSent) return
  const body = JSON.stringify(json)
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}
