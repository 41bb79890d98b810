import path from 'node:path'
import express, { type RequestHandler } from 'express'
import compression from 'compression'
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type ServerBuild,
} from '@remix-run/node'
import type { IncomingMessage } from 'node:http'
import { examHotPathListener, type ExamHotPath } from './exam-hot-path.ts'
import { memoizeRouteMatches } from './route-match-memo.ts'
import { AdmissionController, admissionClass, admissionLimitsFromEnv, isRefusal } from './admission.ts'
import { BodyPreReader } from './pre-read-body.ts'
import { AnonymousPageCache } from './page-cache.ts'
import type { OverloadedPage } from '../app/utils/overload-page.server.ts'

type OverloadedPageFn = (opts: { cookie: string | null | undefined; path: string; method: string; retryAfterSeconds: number }) => OverloadedPage

/**
 * The HTTP front of the portal: static assets, security headers, the CSRF guard, admission
 * control (ADR 024), and Remix.
 * Stateless, so any number of these can run behind a load balancer (ARCHITECTURE.md).
 */
export function createApp(
  build: ServerBuild,
  opts: { publicDir?: string; admission?: AdmissionController; preReader?: BodyPreReader; pageCache?: AnonymousPageCache | null } = {},
) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', process.env.TRUST_PROXY === 'true' ? true : 'loopback')
  app.use(compression())
  app.use(securityHeaders)

  const publicDir = path.resolve(opts.publicDir ?? 'public')
  // Fingerprinted build assets are immutable; everything else in public/ is cached briefly.
  app.use('/build', express.static(path.join(publicDir, 'build'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(publicDir, { maxAge: '1h' }))

  app.use(csrfGuard)
  // Anonymous pages that are the same for everyone, from memory: like static files, they cost
  // too little to be held back by admission control.
  const pageCache = opts.pageCache === undefined ? new AnonymousPageCache() : opts.pageCache
  if (pageCache) app.use(pageCache.middleware())
  const overloaded = (build.entry.module as { overloadedPage?: OverloadedPageFn }).overloadedPage
  app.use(admissionControl(opts.admission ?? new AdmissionController(admissionLimitsFromEnv()), overloaded, opts.preReader ?? new BodyPreReader()))
  memoizeRouteMatches()
  app.all('*', remixHandler(build, pageCache))
  return app
}

/**
 * Holds each request until the process's admission controller gives it a slot (ADR 024), and
 * answers 503 + Retry-After when it will not: a friendly page for a browser, or for a Remix data
 * request (`?_data`) a caught response that the route's error boundary shows. Static files and the
 * exam's hot path never come here (they are answered before).
 */
export function admissionControl(controller: AdmissionController, overloaded?: OverloadedPageFn, preReader?: BodyPreReader): RequestHandler {
  return async (req, res, next) => {
    const cls = admissionClass(req)
    if (!cls) return next()
    if (cls === 'expensive' && preReader) {
      // The body arrives before the slot is taken: a slow upload must not hold a slot (ADR 024).
      const { result, release } = await preReader.read(req)
      if (result.kind === 'aborted') return
      if (result.kind === 'over-budget') return refuse(req, res, controller.limits.retryAfterSeconds, overloaded)
      if (result.kind === 'read') {
        res.locals.preReadBody = result.body
        res.once('close', release)
      }
    }
    const gone = new AbortController()
    const onClose = () => gone.abort()
    res.once('close', onClose)
    void controller.admit(cls, gone.signal).then((slot) => {
      res.off('close', onClose)
      if (isRefusal(slot)) {
        if (slot.reason !== 'cancelled') refuse(req, res, controller.limits.retryAfterSeconds, overloaded)
        return
      }
      // The client went away just as the slot came: give it back rather than wait for a 'close'.
      if (gone.signal.aborted) return slot()
      // 'close' follows 'finish' and also comes when the client goes away mid-response.
      res.once('close', slot)
      next()
    })
  }
}

/**
 * Remix behind Express — what `@remix-run/express`'s handler does (its request and response
 * helpers are not public), except that a body the admission step has already read
 * (`res.locals.preReadBody`, ADR 024) is handed to Remix from memory instead of the socket.
 */
function remixHandler(build: ServerBuild, pageCache: AnonymousPageCache | null): RequestHandler {
  const handle = createRequestHandler(build, build.mode)
  return async (req, res, next) => {
    try {
      const response = await handle(remixRequest(req, res, res.locals.preReadBody as Buffer | undefined))
      const cacheKey = res.locals.pageCacheKey as string | undefined
      const cached = cacheKey && pageCache ? await pageCache.store(cacheKey, response) : null
      res.statusMessage = response.statusText
      res.status(response.status)
      for (const [key, value] of response.headers.entries()) res.append(key, value)
      if (cached) res.end(cached)
      else if (response.body) await writeReadableStreamToWritable(response.body, res)
      else res.end()
    } catch (error) {
      next(error)
    }
  }
}

function remixRequest(req: express.Request, res: express.Response, preRead: Buffer | undefined): Request {
  // req.hostname respects "trust proxy" but drops the port: take it from the forwarded or own Host.
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(':')[1] ?? '', 10)
  const port = [portOf(req.get('X-Forwarded-Host')), portOf(req.get('host'))].find(Number.isSafeInteger)
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  // Abort the loaders and actions once no response can be written (a 'close' before 'finish').
  const controller = new AbortController()
  let finished = false
  res.on('finish', () => (finished = true))
  res.on('close', () => finished || controller.abort())
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal: controller.signal }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    // A Buffer is a Uint8Array, which fetch takes; the DOM typings spell BodyInit more narrowly.
    init.body = preRead ? (preRead as unknown as BodyInit) : createReadableStreamFromReadable(req)
    init.duplex = 'half'
  }
  return new Request(url.href, init)
}

function refuse(req: express.Request, res: express.Response, retryAfterSeconds: number, overloaded?: OverloadedPageFn) {
  const page = overloaded?.({ cookie: req.headers.cookie, path: req.path, method: req.method, retryAfterSeconds }) ?? {
    html: `Layanan sedang padat. Silakan coba lagi dalam ${retryAfterSeconds} detik.`,
    message: `Layanan sedang padat. Silakan coba lagi dalam ${retryAfterSeconds} detik.`,
  }
  res.status(503).set({ 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store' })
  // A body not read (an upload, perhaps) is not wanted either: close rather than drain it.
  if (req.headers['transfer-encoding'] || Number(req.headers['content-length'] ?? 0) > 0) res.set('Connection', 'close')
  if (typeof req.query._data === 'string') res.set('X-Remix-Catch', 'yes').json(page.message)
  else res.type('html').send(page.html)
}

/**
 * The portal's request listener: the exam's hot endpoints on the raw request (ADR 014 addendum),
 * everything else through Express.
 */
export function createListener(build: ServerBuild, opts: { publicDir?: string } = {}) {
  const app = createApp(build, opts)
  const hot = (build.entry.module as { examHotPath?: ExamHotPath }).examHotPath
  if (!hot) return app
  // The client address as Express computes it (trust proxy), for a start's audit row: Express's own
  // request prototype, which its router would have given this request anyway.
  const clientIp = (req: IncomingMessage) => {
    Object.setPrototypeOf(req, app.request)
    return (req as unknown as express.Request).ip ?? null
  }
  return examHotPathListener(hot, app, clientIp)
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
}

const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
  next()
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF protection for every mutation, in one place so no route can forget it (ADR 005).
 * Browsers mark each request with where it came from (`Sec-Fetch-Site`, `Origin`); a state-changing
 * request from another site is refused. Session cookies are also SameSite=Lax.
 */
export const csrfGuard: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next()
  if (isCrossSite(req.headers['sec-fetch-site'], req.headers.origin, req.headers.host)) {
    res.status(403).type('text/plain').send('Permintaan ditolak: asal permintaan tidak sah (CSRF).')
    return
  }
  next()
}

export function isCrossSite(
  fetchSite: string | string[] | undefined,
  origin: string | undefined,
  host: string | undefined,
): boolean {
  if (typeof fetchSite === 'string') return fetchSite !== 'same-origin' && fetchSite !== 'none'
  if (origin && origin !== 'null') {
    try {
      return new URL(origin).host !== host
    } catch {
      return true
    }
  }
  if (origin === 'null') return true
  // No browser provenance headers: not a browser request, so not a CSRF vector.
  return false
}
