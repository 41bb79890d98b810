import express, { type Express, type Request, type Response } from 'express'
import { csrfGuard } from './app.ts'

/**
 * Mounts the exam's hot endpoints (issue 6 "Speed"; ADR 014 addendum) on Express ahead of Remix:
 * `POST /ujian/api/mulai`, `POST /ujian/api/simpan`, `GET /ujian/api/paket/:id`. The functions come
 * from the Remix build (`entry.server.tsx` exports `examHotPath`), so they share the build's
 * database pools, environment and rules; this file only translates HTTP. The CSRF guard is the
 * same middleware every other mutation passes (ADR 005).
 */
type HotResponse = { status: number; json?: unknown; raw?: { body: string | Buffer; encoding?: 'gzip' }; headers: Record<string, string> }
type HotRequest = { cookie: string | null | undefined; body?: unknown; ip?: string | null; userAgent?: string | null }
export type ExamHotPath = {
  save(req: HotRequest): Promise<HotResponse>
  start(req: HotRequest): Promise<HotResponse>
  bundle(req: HotRequest & { bundleId: string; acceptsGzip: boolean }): Promise<HotResponse>
}

export function mountExamHotPath(app: Express, hot: ExamHotPath) {
  const body = express.json({ limit: '64kb', type: () => true })
  const request = (req: Request): HotRequest => ({ cookie: req.headers.cookie, body: req.body as unknown, ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null })
  app.post('/ujian/api/simpan', csrfGuard, body, (req, res) => void reply(res, hot.save(request(req))))
  app.post('/ujian/api/mulai', csrfGuard, body, (req, res) => void reply(res, hot.start(request(req))))
  app.get('/ujian/api/paket/:id', (req, res) =>
    void reply(res, hot.bundle({ ...request(req), bundleId: req.params.id ?? '', acceptsGzip: /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) })),
  )
  // A body that is not JSON: the same answer the save gives for any invalid body.
  app.use('/ujian/api', ((error, _req, res, next) => {
    if ((error as { type?: string }).type === 'entity.parse.failed' || (error as { status?: number }).status === 413) {
      res.status(400).set('Cache-Control', 'no-store').json({ ok: false, acked: [], error: 'invalid' })
      return
    }
    next(error)
  }) as express.ErrorRequestHandler)
}

async function reply(res: Response, pending: Promise<HotResponse>) {
  let r: HotResponse
  try {
    r = await pending
  } catch (error) {
    // The database is away (restart, failover): nothing was acknowledged, the page retries.
    console.error('Exam hot path failed:', (error as Error).message)
    res.status(503).set('Cache-Control', 'no-store').set('Retry-After', '2').json({ ok: false, acked: [], error: 'unavailable' })
    return
  }
  res.status(r.status).set(r.headers)
  if (r.raw) {
    if (r.raw.encoding) res.set('Content-Encoding', r.raw.encoding)
    res.send(r.raw.body)
  } else {
    res.json(r.json)
  }
}
