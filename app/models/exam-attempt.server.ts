import crypto from 'node:crypto'
import { promisify } from 'node:util'
import { prisma } from '~/utils/db.server'
import { audited, type AuditActor } from '~/models/audit.server'
import { hitRateLimit } from '~/models/rate-limit.server'
import { signedCode, valueFromSignedCode } from '~/utils/card-pdf.server'
import { publicItem, renderInline, renderStem, type ItemKey, type PublicItem } from '~/domain/exam/items'
import { currentAnswers, isClosed, secondsLeft, type AttemptState } from '~/domain/exam/attempt-state'
import { startAllowed } from '~/domain/exam/sessions'

/**
 * The candidate's side of an attempt (issue 6; ADR 014): the light exam sign-in (participant number
 * + registration PIN), start/resume, the answer save and finish. Start and save are the hot paths
 * (ARCHITECTURE.md): start is one conditional UPDATE plus its audit row and one read of the
 * pre-drawn items, whose key-free text comes from an in-process cache (item versions are
 * immutable); a save is ONE INSERT … SELECT … ON CONFLICT DO NOTHING that checks the attempt's
 * state and deadline with the database clock in the same statement, and no audit row (the steps
 * themselves are the append-only record).
 */

const scrypt = promisify(crypto.scrypt) as (pin: string, salt: Buffer, len: number) => Promise<Buffer>

// ───────────────────────── PIN ─────────────────────────

/** A fresh 6-digit registration PIN from the CSPRNG. */
export function newPin(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0')
}

export async function hashPin(pin: string): Promise<string> {
  const salt = crypto.randomBytes(16)
  const derived = await scrypt(pin, salt, 32)
  return `scrypt$${salt.toString('base64url')}$${derived.toString('base64url')}`
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const derived = await scrypt(pin, Buffer.from(salt, 'base64url'), 32)
  const expected = Buffer.from(hash, 'base64url')
  return derived.length === expected.length && crypto.timingSafeEqual(derived, expected)
}

// ───────────────────────── exam sign-in cookie ─────────────────────────

const COOKIE = '__ujian'

/** The exam cookie: `<attemptId>.<HMAC>`; checked without a database read on every save. */
export function examCookie(attemptId: string): string {
  return `${COOKIE}=${signedCode('exam-attempt', attemptId)}; Path=/ujian; HttpOnly; SameSite=Lax; Max-Age=${12 * 3600}`
}

export function clearExamCookie(): string {
  return `${COOKIE}=; Path=/ujian; HttpOnly; SameSite=Lax; Max-Age=0`
}

/** The attempt the request's exam cookie names, or null. */
export function attemptIdFrom(request: Request): string | null {
  const header = request.headers.get('Cookie') ?? ''
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === COOKIE) return valueFromSignedCode('exam-attempt', decodeURIComponent(rest.join('=')))
  }
  return null
}

export type SignInResult = { ok: true; attemptId: string } | { ok: false; error: 'invalid' | 'noPin' | 'closed' | 'tooMany' }

/**
 * Participant number + PIN (a separate light sign-in, not the applicant's account). Works on any PC
 * of the room, so a candidate whose PC fails continues on another one (domain.md §3 "Faults").
 */
export async function examSignIn(participantNumber: string, pin: string, ip: string | null): Promise<SignInResult> {
  const limit = await hitRateLimit(`exam-pin:${participantNumber}`, 10, 600)
  if (!limit.allowed) return { ok: false, error: 'tooMany' }
  if (ip) {
    const byIp = await hitRateLimit(`exam-pin-ip:${ip}`, 600, 60)
    if (!byIp.allowed) return { ok: false, error: 'tooMany' }
  }
  const attempt = await prisma.examAttempt.findUnique({
    where: { participantNumber: participantNumber.trim().toUpperCase() },
    select: { id: true, pinHash: true, state: true },
  })
  if (!attempt) return { ok: false, error: 'invalid' }
  if (!attempt.pinHash) return { ok: false, error: 'noPin' }
  if (!(await verifyPin(pin.trim(), attempt.pinHash))) return { ok: false, error: 'invalid' }
  if (attempt.state === 'ABSENT') return { ok: false, error: 'closed' }
  return { ok: true, attemptId: attempt.id }
}

// ───────────────────────── item versions (immutable → cached) ─────────────────────────

type CachedVersion = { public: PublicItem; key: ItemKey; stemHtml: string; optionHtml: Map<string, string> }
const versionCache = new Map<string, CachedVersion>()

/** Key-free text and key of item versions; a version never changes, so it is read once per process. */
export async function loadVersions(versionIds: readonly string[]): Promise<Map<string, CachedVersion>> {
  const missing = [...new Set(versionIds)].filter((id) => !versionCache.has(id))
  if (missing.length > 0) {
    const rows = await prisma.questionItemVersion.findMany({ where: { id: { in: missing } } })
    for (const row of rows) {
      const view = publicItem(row)
      versionCache.set(row.id, {
        public: view,
        key: row.key as ItemKey,
        // Rendered once: Markdown with raw HTML escaped and images only from the bank's media.
        stemHtml: renderStem(view.stem),
        optionHtml: new Map(view.options.map((o) => [o.id, renderInline(o.text)])),
      })
    }
  }
  const out = new Map<string, CachedVersion>()
  for (const id of versionIds) {
    const v = versionCache.get(id)
    if (v) out.set(id, v)
  }
  return out
}

// ───────────────────────── start / resume ─────────────────────────

/** What the exam page receives: stems and options (safe HTML) in this candidate's order, never a key. */
export type ExamItem = { position: number; subtest: string; stemHtml: string; options: { id: string; html: string }[] }

export type ExamView = {
  attemptId: string
  state: AttemptState
  participantNumber: string
  candidateName: string
  blueprintCode: string
  sessionCode: string
  startsAt: string
  durationMinutes: number
  extraMinutes: number
  checkedIn: boolean
  agreed: boolean
  deadline: string | null
  serverNow: string
  secondsLeft: number | null
}

type AttemptRow = {
  id: string
  state: AttemptState
  participantNumber: string
  applicationId: string
  extraMinutes: number
  checkedInAt: Date | null
  agreedAt: Date | null
  startedAt: Date | null
  deadline: Date | null
  blueprintCode: string
  sessionCode: string
  startsAt: Date
  durationMinutes: number
  now: Date
}

async function attemptRow(attemptId: string): Promise<AttemptRow | null> {
  const rows = await prisma.$queryRaw<AttemptRow[]>`
    SELECT a.id, a.state::text AS state, a."participantNumber", a."applicationId", a."extraMinutes", a."checkedInAt",
           a."agreedAt", a."startedAt", a.deadline, s."blueprintCode", s.code AS "sessionCode", s."startsAt",
           s."durationMinutes", now() AS now
    FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId" WHERE a.id = ${attemptId}`
  return rows[0] ?? null
}

async function candidateName(applicationId: string): Promise<string> {
  const rows = await prisma.$queryRaw<{ fullName: string }[]>`
    SELECT i."fullName" FROM "Application" ap JOIN "ApplicantIdentity" i ON i."userId" = ap."userId" WHERE ap.id = ${applicationId}`
  return rows[0]?.fullName ?? ''
}

function viewOf(row: AttemptRow, name: string): ExamView {
  return {
    attemptId: row.id,
    state: row.state,
    participantNumber: row.participantNumber,
    candidateName: name,
    blueprintCode: row.blueprintCode,
    sessionCode: row.sessionCode,
    startsAt: row.startsAt.toISOString(),
    durationMinutes: row.durationMinutes,
    extraMinutes: row.extraMinutes,
    checkedIn: Boolean(row.checkedInAt),
    agreed: Boolean(row.agreedAt),
    deadline: row.deadline?.toISOString() ?? null,
    serverNow: row.now.toISOString(),
    secondsLeft: row.deadline ? secondsLeft(row.deadline, row.now) : null,
  }
}

/** The attempt summary for the exam page's first render (no items). */
export async function getExamView(attemptId: string): Promise<ExamView | null> {
  const row = await attemptRow(attemptId)
  return row ? viewOf(row, await candidateName(row.applicationId)) : null
}

export type StartResult =
  | { ok: true; view: ExamView; items: ExamItem[]; answers: Record<number, string | null>; lastSeq: number }
  | { ok: false; error: 'notFound' | 'notCheckedIn' | 'agreementRequired' | 'notYet' | 'closed'; view?: ExamView }

/**
 * Starts the attempt (NOT_STARTED → IN_PROGRESS, audited) or resumes it (any PC, after a reload),
 * and returns the whole item set with the current answers, so navigation costs no request.
 */
export async function startOrResume(attemptId: string, opts: { agreed: boolean }, actor: AuditActor): Promise<StartResult> {
  let row = await attemptRow(attemptId)
  if (!row) return { ok: false, error: 'notFound' }
  if (row.state === 'NOT_STARTED') {
    if (!row.checkedInAt) return { ok: false, error: 'notCheckedIn' }
    if (!opts.agreed) return { ok: false, error: 'agreementRequired' }
    if (!startAllowed(row.startsAt, row.now)) return { ok: false, error: 'notYet' }
    const current = row
    await audited(actor, async (tx, audit) => {
      // Conditional on the state: two PCs pressing Mulai at once start the attempt once.
      const started = await tx.$queryRaw<{ startedAt: Date; deadline: Date }[]>`
        UPDATE "ExamAttempt" SET state = 'IN_PROGRESS', "agreedAt" = now(), "startedAt" = now(),
          deadline = now() + make_interval(mins => ${current.durationMinutes + current.extraMinutes}::int)
        WHERE id = ${attemptId} AND state = 'NOT_STARTED' RETURNING "startedAt", deadline`
      if (started[0]) {
        await audit({
          action: 'exam.attempt.start',
          entityType: 'ExamAttempt',
          entityId: attemptId,
          before: { state: 'NOT_STARTED' },
          after: { state: 'IN_PROGRESS', startedAt: started[0].startedAt, deadline: started[0].deadline, integrityAgreement: true },
        })
      }
    })
    row = (await attemptRow(attemptId))!
  }
  const name = await candidateName(row.applicationId)
  if (isClosed(row.state)) return { ok: false, error: 'closed', view: viewOf(row, name) }

  const [items, steps] = await Promise.all([
    prisma.examAttemptItem.findMany({ where: { attemptId }, orderBy: { position: 'asc' } }),
    prisma.examAnswerStep.findMany({ where: { attemptId }, select: { seq: true, position: true, optionId: true } }),
  ])
  const versions = await loadVersions(items.map((i) => i.versionId))
  const examItems: ExamItem[] = items.map((item) => {
    const version = versions.get(item.versionId)
    if (!version) throw new Error(`Item version ${item.versionId} of attempt ${attemptId} is missing`)
    return {
      position: item.position,
      subtest: item.subtest,
      stemHtml: version.stemHtml,
      options: item.optionOrder.map((id) => ({ id, html: version.optionHtml.get(id) ?? '' })),
    }
  })
  const answers = Object.fromEntries(currentAnswers(steps))
  const lastSeq = steps.reduce((max, s) => Math.max(max, s.seq), 0)
  return { ok: true, view: viewOf(row, name), items: examItems, answers, lastSeq }
}

// ───────────────────────── save ─────────────────────────

export type AnswerChange = { seq: number; position: number; optionId: string | null }

export type SaveOutcome =
  | { ok: true; acked: number[] }
  | { ok: false; acked: number[]; error: 'deadline' | 'paused' | 'closed' | 'notStarted' | 'conflict' | 'invalid' }

/**
 * Appends answer steps. Acknowledged only after the INSERT committed; a replay of a stored step
 * (same seq, same answer) is acknowledged again without a second row. The attempt's state and
 * deadline are checked by the database in the same statement, with its clock.
 */
export async function saveAnswers(attemptId: string, changes: readonly AnswerChange[]): Promise<SaveOutcome> {
  if (changes.length === 0) return { ok: true, acked: [] }
  const seqs = changes.map((c) => c.seq)
  const positions = changes.map((c) => c.position)
  const options = changes.map((c) => c.optionId)
  const inserted = await prisma.$queryRaw<{ seq: number }[]>`
    INSERT INTO "ExamAnswerStep" ("attemptId", seq, position, "optionId")
    SELECT a.id, c.seq, c.position, c.option
    FROM "ExamAttempt" a
    CROSS JOIN unnest(${seqs}::int[], ${positions}::int[], ${options}::text[]) AS c(seq, position, option)
    JOIN "ExamAttemptItem" it ON it."attemptId" = a.id AND it.position = c.position
    WHERE a.id = ${attemptId} AND a.state = 'IN_PROGRESS' AND a.deadline > now()
      AND (c.option IS NULL OR c.option = ANY(it."optionOrder"))
    ON CONFLICT DO NOTHING
    RETURNING seq`
  if (inserted.length === changes.length) return { ok: true, acked: seqs }
  return explainShortfall(attemptId, changes, new Set(inserted.map((r) => r.seq)))
}

/** The slow path, only when some change was not inserted: replays, refusals and conflicts. */
async function explainShortfall(attemptId: string, changes: readonly AnswerChange[], inserted: Set<number>): Promise<SaveOutcome> {
  const stored = await prisma.examAnswerStep.findMany({
    where: { attemptId, seq: { in: changes.map((c) => c.seq) } },
    select: { seq: true, position: true, optionId: true },
  })
  const bySeq = new Map(stored.map((s) => [s.seq, s]))
  const acked: number[] = []
  let conflict = false
  let missing = false
  for (const c of changes) {
    const s = bySeq.get(c.seq)
    if (inserted.has(c.seq)) acked.push(c.seq)
    else if (s && s.position === c.position && s.optionId === c.optionId) acked.push(c.seq)
    else if (s) conflict = true
    else missing = true
  }
  if (!missing && !conflict) return { ok: true, acked }
  if (conflict) return { ok: false, acked, error: 'conflict' }
  const rows = await prisma.$queryRaw<{ state: AttemptState; open: boolean }[]>`
    SELECT state::text AS state, (deadline > now()) AS open FROM "ExamAttempt" WHERE id = ${attemptId}`
  const row = rows[0]
  if (!row) return { ok: false, acked, error: 'invalid' }
  if (row.state === 'PAUSED') return { ok: false, acked, error: 'paused' }
  if (row.state === 'NOT_STARTED') return { ok: false, acked, error: 'notStarted' }
  if (row.state !== 'IN_PROGRESS') return { ok: false, acked, error: 'closed' }
  if (!row.open) return { ok: false, acked, error: 'deadline' }
  return { ok: false, acked, error: 'invalid' }
}

// ───────────────────────── finish ─────────────────────────

/** The candidate ends the attempt (IN_PROGRESS → FINISHED, audited); scoring follows at once. */
export async function finishAttempt(attemptId: string, actor: AuditActor): Promise<{ ok: boolean }> {
  const ok = await audited(actor, async (tx, audit) => {
    const rows = await tx.$queryRaw<{ finishedAt: Date }[]>`
      UPDATE "ExamAttempt" SET state = 'FINISHED', "finishedAt" = now()
      WHERE id = ${attemptId} AND state = 'IN_PROGRESS' RETURNING "finishedAt"`
    if (!rows[0]) return false
    await audit({
      action: 'exam.attempt.finish',
      entityType: 'ExamAttempt',
      entityId: attemptId,
      before: { state: 'IN_PROGRESS' },
      after: { state: 'FINISHED', finishedAt: rows[0].finishedAt },
    })
    return true
  })
  return { ok }
}


