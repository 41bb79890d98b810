import path from 'node:path'
import express, { type RequestHandler } from 'express'
import compression from 'compression'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import type { IncomingMessage } from 'node:http'
import { examHotPathListener, type ExamHotPath } from './exam-hot-path.ts'

/**
 * The HTTP front of the portal: static assets, security headers, the CSRF guard, and Remix.
 * Stateless, so any number of these can run behind a load balancer (ARCHITECTURE.md).
 */
export function createApp(build: ServerBuild, opts: { publicDir?: string } = {}) {
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
  app.all('*', createRequestHandler({ build, mode: build.mode }))
  return app
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
