import path from 'node:path'
import express, { type RequestHandler } from 'express'
import compression from 'compression'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { mountExamHotPath, type ExamHotPath } from './exam-hot-path.ts'

/**
 * The HTTP front of the portal: static assets, security headers, the CSRF guard, and Remix.
 * Stateless, so any number of these can run behind a load balancer (ARCHITECTURE.md).
 */
export function createApp(build: ServerBuild, opts: { publicDir?: string } = {}) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', process.env.TRUST_PROXY === 'true' ? true : 'loopback')
  app.use(securityHeaders)
  // The exam's hot endpoints answer before compression and Remix (ADR 014 addendum).
  const hot = (build.entry.module as { examHotPath?: ExamHotPath }).examHotPath
  if (hot) mountExamHotPath(app, hot)
  app.use(compression())

  const publicDir = path.resolve(opts.publicDir ?? 'public')
  // Fingerprinted build assets are immutable; everything else in public/ is cached briefly.
  app.use('/build', express.static(path.join(publicDir, 'build'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(publicDir, { maxAge: '1h' }))

  app.use(csrfGuard)
  app.all('*', createRequestHandler({ build, mode: build.mode }))
  return app
}

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Referrer-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()')
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
