import { z } from 'zod'
import { attemptIdFromCookie, examBundle, startOrResume } from '~/models/exam-attempt.server'
import { saveAnswers } from '~/models/exam-save.server'
import type { AuditActor } from '~/models/audit.server'

/**
 * The exam's hot endpoints without the Remix request pipeline (issue 6 "Speed"; ADR 014 addendum):
 * start/resume, the answer save and the item bundle. HTTP-agnostic functions over the Cookie header
 * and the parsed body; `server/exam-hot-path.ts` mounts them on Express before Remix (after the
 * security headers and with the same CSRF guard, ADR 005), and the Remix routes `ujian.api.*` call
 * the same functions, so there is one implementation. The exam cookie is an HMAC checked without a
 * database read.
 */

export type HotRequest = { cookie: string | null | undefined; body?: unknown; ip?: string | null; userAgent?: string | null }
export type HotResponse = { status: number; json?: unknown; raw?: { body: string | Buffer; encoding?: 'gzip' }; headers: Record<string, string> }

const NO_STORE = { 'Cache-Control': 'no-store' }

const Step = z.object({
  seq: z.number().int().min(1).max(1_000_000),
  position: z.number().int().min(1).max(1000),
  optionId: z.string().regex(/^[A-Z]$/).nullable(),
})
const SaveBody = z.union([
  z.object({ attemptId: z.string().min(1).max(40), steps: z.array(Step).min(1).max(200) }),
  z.object({ attemptId: z.string().min(1).max(40) }).extend(Step.shape),
])

const SAVE_STATUS = { deadline: 410, closed: 410, paused: 423, notStarted: 409, conflict: 409, invalid: 400 } as const

/**
 * One answer save: POST {attemptId, seq, position, optionId} or {attemptId, steps: […]} (a replay of
 * several unacknowledged changes). Acknowledged only after the commit (group commit); no audit row
 * per save — the append-only steps are the record.
 */
async function save(req: HotRequest): Promise<HotResponse> {
  const attemptId = attemptIdFromCookie(req.cookie)
  const parsed = SaveBody.safeParse(req.body)
  if (!parsed.success) return { status: 400, json: { ok: false, acked: [], error: 'invalid' }, headers: NO_STORE }
  // The cookie names the attempt: a save for any other attempt is refused before the database.
  if (!attemptId || attemptId !== parsed.data.attemptId) return { status: 401, json: { ok: false, acked: [], error: 'signIn' }, headers: NO_STORE }
  const d = parsed.data
  const steps = 'steps' in d ? d.steps : [{ seq: d.seq, position: d.position, optionId: d.optionId }]
  const outcome = await saveAnswers(attemptId, steps)
  return { status: outcome.ok ? 200 : SAVE_STATUS[outcome.error], json: outcome, headers: NO_STORE }
}

/** Start or resume the attempt of the exam cookie; the candidate is the actor of the audited start. */
async function start(req: HotRequest): Promise<HotResponse> {
  const attemptId = attemptIdFromCookie(req.cookie)
  if (!attemptId) return { status: 401, json: { ok: false, error: 'signIn' }, headers: NO_STORE }
  const agreed = typeof req.body === 'object' && req.body !== null && (req.body as { agreed?: unknown }).agreed === true
  const actor: AuditActor = { actorId: null, actorRole: 'CANDIDATE', ip: req.ip ?? null, userAgent: req.userAgent ?? null }
  const result = await startOrResume(attemptId, { agreed }, actor)
  return { status: result.ok ? 200 : result.error === 'notFound' ? 404 : 409, json: result, headers: NO_STORE }
}

/**
 * The key-free text of the attempt's items. Immutable (content-addressed), so the browser keeps it;
 * `private` because only a started candidate was given its (signed) name.
 */
async function bundle(req: HotRequest & { bundleId: string; acceptsGzip: boolean }): Promise<HotResponse> {
  const attemptId = attemptIdFromCookie(req.cookie)
  if (!attemptId) return { status: 401, json: { ok: false, error: 'signIn' }, headers: NO_STORE }
  const built = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{16}$/.test(req.bundleId) ? await examBundle(attemptId, req.bundleId) : null
  if (!built) return { status: 404, json: { ok: false, error: 'notFound' }, headers: NO_STORE }
  const headers = { 'Cache-Control': 'private, max-age=31536000, immutable', 'Content-Type': 'application/json; charset=utf-8', Vary: 'Accept-Encoding, Cookie' }
  return req.acceptsGzip
    ? { status: 200, raw: { body: built.gzip, encoding: 'gzip' }, headers }
    : { status: 200, raw: { body: built.json }, headers }
}

export const examHotPath = { save, start, bundle }
export type ExamHotPath = typeof examHotPath
