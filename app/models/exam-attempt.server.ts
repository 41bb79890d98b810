import crypto from 'node:crypto'
import zlib from 'node:zlib'
import { promisify } from 'node:util'
import { prisma } from '~/utils/db.server'
import { Prisma } from '~/generated/prisma/client'
import { audited, SYSTEM_ACTOR, writeAuditBatchPg, type AuditActor } from '~/models/audit.server'
import { examPool, inExamTransaction } from '~/models/exam-save.server'
import { createBatcher } from '~/utils/batch.server'
import { hitRateLimit } from '~/models/rate-limit.server'
import { signedCode, valueFromSignedCode } from '~/utils/card-pdf.server'
import { getEnv } from '~/utils/env.server'
import { publicItem, renderInline, renderStem, type ItemKey, type PublicItem } from '~/domain/exam/items'
import { versionIdsOf } from '~/domain/exam/item-refs'
import { currentAnswers, isClosed, secondsLeft, type AttemptState } from '~/domain/exam/attempt-state'
import { EXAM_SIGN_IN_LIMIT, signInLimitKey, startAllowed } from '~/domain/exam/sessions'

/**
 * The candidate's side of an attempt (issue 6; ADR 014): the light exam sign-in (participant number
 * + registration PIN), start/resume, the item bundle, the answer save and finish. Start and save
 * are the hot paths (ARCHITECTURE.md; ADR 014 addendum): concurrent starts share one read and one
 * audited transition transaction, and answer only the attempt's own data, while the items' key-free
 * text is a content-addressed bundle the browser caches; a save is group-committed with others in
 * ONE INSERT … SELECT … ON CONFLICT DO NOTHING that checks state and deadline with the database
 * clock (exam-save.server.ts), and has no audit row (the steps are the append-only record).
 */

const scrypt = promisify(crypto.scrypt) as (pin: string, salt: Buffer, len: number) => Promise<Buffer>

// ───────────────────────── PIN ─────────────────────────

/** A fresh 6-digit registration PIN from the CSPRNG. */
export function newPin(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0')
}

/**
 * The PIN's stored form: `hmac$<salt>$<HMAC-SHA256>` keyed by a key derived from SESSION_SECRET
 * (ADR 014 addendum "starts"). Not a slow KDF: a PIN has 10^6 values, so scrypt or argon2 would
 * not stop an offline search by someone holding the database anyway (seconds to hours), while it
 * cost ~50 ms of CPU per sign-in — a whole room signing in at once paid minutes of CPU. What
 * protects a PIN is that it lives one session, is rate-limited per number and per IP with a
 * lockout (`EXAM_SIGN_IN_LIMIT`), and that the HMAC key is not in the database: a leaked table
 * alone gives nothing to search against.
 */
export async function hashPin(pin: string): Promise<string> {
  const salt = crypto.randomBytes(16).toString('base64url')
  return `hmac$${salt}$${pinMac(salt, pin)}`
}

let pinKey: Buffer | null = null
function pinMac(salt: string, pin: string): string {
  pinKey ??= crypto.createHmac('sha256', getEnv().SESSION_SECRET).update('exam-pin-key').digest()
  return crypto.createHmac('sha256', pinKey).update(`${salt}:${pin}`).digest('base64url')
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$')
  if (!salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  let given: Buffer
  if (scheme === 'hmac') given = Buffer.from(pinMac(salt, pin), 'base64url')
  // PINs issued before the HMAC (a session checked in across the upgrade) still work.
  else if (scheme === 'scrypt') given = await scrypt(pin, Buffer.from(salt, 'base64url'), 32)
  else return false
  return given.length === expected.length && crypto.timingSafeEqual(given, expected)
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
  return attemptIdFromCookie(request.headers.get('Cookie'))
}

/** The same from a raw Cookie header (the hot path's Express handlers, ADR 014). */
export function attemptIdFromCookie(cookieHeader: string | null | undefined): string | null {
  const header = cookieHeader ?? ''
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === COOKIE) return verifiedCookie(decodeURIComponent(rest.join('=')))
  }
  return null
}

/**
 * Exam cookies already verified by this process: every save and bundle request of a candidate
 * carries the same cookie, and a code that verified once verifies again (the key is fixed for the
 * process's life), so the HMAC is computed once per candidate instead of once per request. Only
 * genuine codes are remembered; bounded, cleared when full.
 */
const verifiedCookies = new Map<string, string>()
function verifiedCookie(code: string): string | null {
  const known = verifiedCookies.get(code)
  if (known !== undefined) return known
  const attemptId = valueFromSignedCode('exam-attempt', code)
  if (attemptId !== null) {
    if (verifiedCookies.size >= 100_000) verifiedCookies.clear()
    verifiedCookies.set(code, attemptId)
  }
  return attemptId
}

export type SignInResult = { ok: true; attemptId: string } | { ok: false; error: 'invalid' | 'noPin' | 'closed' | 'tooMany' }

/**
 * Participant number + PIN (a separate light sign-in, not the applicant's account). Works on any PC
 * of the room, so a candidate whose PC fails continues on another one (domain.md §3 "Faults").
 */
export async function examSignIn(participantNumber: string, pin: string, ip: string | null): Promise<SignInResult> {
  const limit = await hitRateLimit(signInLimitKey(participantNumber), EXAM_SIGN_IN_LIMIT.perNumber, EXAM_SIGN_IN_LIMIT.windowSeconds)
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

/** The applicant's name from the identity checked against Dukcapil (expects the attempt's alias `a`). */
const IDENTITY_NAME_SQL = `(SELECT i."fullName" FROM "Application" ap JOIN "ApplicantIdentity" i ON i."userId" = ap."userId" WHERE ap.id = a."applicationId" LIMIT 1)`

/**
 * The candidate's name for the exam page: the applicant's identity, or — in an online internship
 * session, whose attempts carry an InternshipApplication id (ADR 019 addendum) — the student's
 * account name. Expects the attempt's alias `a`.
 */
const CANDIDATE_NAME_SQL = `COALESCE(
  ${IDENTITY_NAME_SQL},
  (SELECT u.name FROM "InternshipApplication" ia JOIN "User" u ON u.id = ia."studentId" WHERE ia.id = a."applicationId" LIMIT 1))`

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
  /**
   * The minutes a start now would give (`onlineMinutes`): the full time at a test site, at most
   * until an online window's close; null once started. The agreement screen shows it when less.
   */
  minutesIfStartedNow: number | null
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
  /** An online session's window close (ADR 019 addendum); null at a test site. */
  closesAt: Date | null
  now: Date
}

async function attemptRow(attemptId: string): Promise<AttemptRow | null> {
  const rows = await prisma.$queryRaw<AttemptRow[]>`
    SELECT a.id, a.state::text AS state, a."participantNumber", a."applicationId", a."extraMinutes", a."checkedInAt",
           a."agreedAt", a."startedAt", a.deadline, s."blueprintCode", s.code AS "sessionCode", s."startsAt",
           s."durationMinutes", s."closesAt", now() AS now
    FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId" WHERE a.id = ${attemptId}`
  return rows[0] ?? null
}

async function candidateName(applicationId: string): Promise<string> {
  const rows = await prisma.$queryRaw<{ fullName: string | null }[]>`SELECT ${Prisma.raw(CANDIDATE_NAME_SQL)} AS "fullName" FROM (SELECT ${applicationId}::text AS "applicationId") a`
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
    minutesIfStartedNow: row.state === 'NOT_STARTED' ? onlineMinutes(row.durationMinutes + row.extraMinutes, row.closesAt, row.now) : null,
  }
}

/** The attempt summary for the exam page's first render (no items). */
export async function getExamView(attemptId: string): Promise<ExamView | null> {
  const row = await attemptRow(attemptId)
  return row ? viewOf(row, await candidateName(row.applicationId)) : null
}

export type StartResult =
  | {
      ok: true
      view: ExamView
      /** The key-free text of the attempt's item versions: GET /ujian/api/paket/<bundle>, cacheable. */
      bundle: string
      /** The items in this candidate's order: `position,subtest,versionId,OPTIONS;…` (`parseItemRefs`). */
      items: string
      answers: Record<number, string | null>
      lastSeq: number
    }
  | { ok: false; error: 'notFound' | 'notCheckedIn' | 'agreementRequired' | 'notYet' | 'closed' | 'windowClosed'; view?: ExamView }

/** One item of the attempt as the start sends it: where it sits, which version, the option order. */
export type { ExamItemRef } from '~/domain/exam/item-refs'

/** The bundle: rendered stems and options per version, never a key. */
export type ExamBundle = { versions: Record<string, { stemHtml: string; options: Record<string, string> }> }

type Snapshot = AttemptRow & {
  fullName: string | null
  /** Compact item text (`parseItemRefs`), prepared or aggregated. */
  items: string
  /** Set when the items came from the prepared start (its bundle's content address). */
  bundleHash: string | null
  steps: { seq: number; position: number; optionId: string | null }[]
}
type SnapshotRow = AttemptRow & { fullName: string | null; items: string | null; preparedItems: string | null; bundleHash: string | null; steps: string | null }

/**
 * An attempt's items as one compact text, `position,subtest,versionId,OPTIONS;…` (ids are
 * cuid/slug, subtests and options are capitals: no separators): cheaper for PostgreSQL to build
 * and for Node to read than JSON. Used by the dynamic start/resume and by prepareStarts.
 */
const ITEMS_AGG = `string_agg(it.position || ',' || it.subtest || ',' || it."versionId" || ',' || array_to_string(it."optionOrder", ''), ';' ORDER BY it.position)`


/**
 * Everything a start or resume needs, for many attempts in ONE query on the hot path's pool (a
 * room's starts arrive together). Items and steps come as one compact text each — cheaper for
 * PostgreSQL to build and for Node to read than JSON: `position,subtest,versionId,OPTIONS;…` and
 * `seq,position,option;…` (ids are cuid/slug, subtests and options are capitals: no separators).
 */
async function snapshots(attemptIds: string[]): Promise<(Snapshot | null)[]> {
  const { rows } = await examPool.query<SnapshotRow>(
    `SELECT a.id, a.state::text AS state, a."participantNumber", a."applicationId", a."extraMinutes", a."checkedInAt",
            a."agreedAt", a."startedAt", a.deadline, s."blueprintCode", s.code AS "sessionCode", s."startsAt",
            s."durationMinutes", s."closesAt", now() AS now,
            -- The name stored with the prepared start (an applicant's identity name never changes);
            -- looked up otherwise (COALESCE evaluates the subqueries only when it is null).
            COALESCE(p."candidateName", ${CANDIDATE_NAME_SQL}) AS "fullName",
            -- A start not yet made sends the answer prepared with the draw (prepareStarts); a
            -- resume builds it from the items (the dynamic path).
            CASE WHEN a.state = 'NOT_STARTED' THEN p.items END AS "preparedItems",
            CASE WHEN a.state = 'NOT_STARTED' THEN p."bundleHash" END AS "bundleHash",
            CASE WHEN a.state <> 'NOT_STARTED' OR p."attemptId" IS NULL THEN
              (SELECT ${ITEMS_AGG} FROM "ExamAttemptItem" it WHERE it."attemptId" = a.id) END AS items,
            -- A save needs IN_PROGRESS, so an attempt not yet started has no steps to read.
            CASE WHEN a.state <> 'NOT_STARTED' THEN
              (SELECT string_agg(st.seq || ',' || st.position || ',' || COALESCE(st."optionId", ''), ';')
                 FROM "ExamAnswerStep" st WHERE st."attemptId" = a.id) END AS steps
     FROM "ExamAttempt" a JOIN "ExamSession" s ON s.id = a."sessionId"
     LEFT JOIN "ExamPreparedStart" p ON p."attemptId" = a.id
     WHERE a.id = ANY($1::text[])`,
    [[...new Set(attemptIds)]],
  )
  const byId = new Map(rows.map((r) => [r.id, r]))
  return attemptIds.map((id) => {
    const r = byId.get(id)
    if (!r) return null
    const items = r.preparedItems ?? r.items ?? ''
    const steps = r.steps
      ? r.steps.split(';').map((t) => {
          const [seq, position, optionId] = t.split(',')
          return { seq: Number(seq), position: Number(position), optionId: optionId || null }
        })
      : []
    return { ...r, items, steps }
  })
}

const snapshot = createBatcher(snapshots, { windowMs: 2, maxBatch: 200, maxInflight: 4 })

/**
 * Starts the attempt (NOT_STARTED → IN_PROGRESS, audited) or resumes it (any PC, after a reload).
 * The answer carries the attempt's own data only — item order, version ids, option permutations,
 * current answers — and names the bundle with the items' text, which the browser fetches (and
 * caches) separately: the text is the same for every candidate who drew the same versions.
 */
export async function startOrResume(attemptId: string, opts: { agreed: boolean }, actor: AuditActor): Promise<StartResult> {
  let row = await snapshot(attemptId)
  if (!row) return { ok: false, error: 'notFound' }
  if (row.state === 'NOT_STARTED') {
    if (!row.checkedInAt) return { ok: false, error: 'notCheckedIn' }
    if (!opts.agreed) return { ok: false, error: 'agreementRequired' }
    if (!startAllowed(row.startsAt, row.now)) return { ok: false, error: 'notYet' }
    const minutes = onlineMinutes(row.durationMinutes + row.extraMinutes, row.closesAt, row.now)
    if (minutes === 0) return { ok: false, error: 'windowClosed' }
    const started = await startBatched({ attemptId, minutes, actor })
    // Started here: the new times are known; otherwise another PC won the race — read it again.
    if (started) row = { ...row, state: 'IN_PROGRESS', agreedAt: started.startedAt, startedAt: started.startedAt, deadline: started.deadline, now: started.startedAt }
    else row = (await snapshot(attemptId))!
  }
  const view = viewOf(row, row.fullName ?? '')
  if (isClosed(row.state)) return { ok: false, error: 'closed', view }
  const { items, steps } = row
  const answers = Object.fromEntries(currentAnswers(steps))
  const lastSeq = steps.reduce((max, s) => Math.max(max, s.seq), 0)
  const hash = row.bundleHash ?? bundleHash(versionIdsOf(items))
  return { ok: true, view, bundle: bundleIdFor(attemptId, hash), items, answers, lastSeq }
}

/**
 * The minutes an attempt gets when it starts now: its full time at a test site; in an online
 * session never past the window's close (Moodle's quiz `timeclose`), so a late start gets less time
 * and a start after the close none (0 = refused).
 */
export function onlineMinutes(fullMinutes: number, closesAt: Date | null, now: Date): number {
  if (!closesAt) return fullMinutes
  return Math.max(0, Math.min(fullMinutes, Math.floor((closesAt.getTime() - now.getTime()) / 60_000)))
}

// ───────────────────────── batched start transitions ─────────────────────────

type StartRequest = { attemptId: string; minutes: number; actor: AuditActor }
type Started = { startedAt: Date; deadline: Date }

/**
 * Starts released at once (a whole room pressing *Mulai* in the same second) are collected for a
 * few milliseconds and made in ONE transaction: one conditional `UPDATE … FROM unnest … WHERE state =
 * 'NOT_STARTED' RETURNING` and the audit rows of every attempt it started (one row per attempt, each
 * with its own actor, written with `writeAuditBatch`: one chain lock, one INSERT — ADR 004). The
 * state condition still makes two PCs pressing *Mulai* start the attempt once.
 */
async function startMany(requests: StartRequest[]): Promise<(Started | null)[]> {
  const started = await startTransaction(requests)
  return requests.map((r) => started.get(r.attemptId) ?? null)
}

async function startTransaction(requests: StartRequest[]): Promise<Map<string, Started>> {
  // The same attempt twice in one batch (two PCs): the UPDATE's state condition starts it once.
  const unique = [...new Map(requests.map((r) => [r.attemptId, r])).values()]
  return inExamTransaction(async (client) => {
    const { rows } = await client.query<{ id: string; startedAt: Date; deadline: Date }>(
      `UPDATE "ExamAttempt" a SET state = 'IN_PROGRESS', "agreedAt" = now(), "startedAt" = now(),
         deadline = now() + make_interval(mins => u.minutes)
       FROM unnest($1::text[], $2::int[]) AS u(id, minutes)
       WHERE a.id = u.id AND a.state = 'NOT_STARTED'
       RETURNING a.id, a."startedAt", a.deadline`,
      [unique.map((r) => r.attemptId), unique.map((r) => r.minutes)],
    )
    if (rows.length > 0) {
      const actorOf = new Map(unique.map((r) => [r.attemptId, r.actor]))
      await writeAuditBatchPg(
        client,
        SYSTEM_ACTOR,
        rows.map((r) => ({
          actor: actorOf.get(r.id),
          action: 'exam.attempt.start',
          entityType: 'ExamAttempt',
          entityId: r.id,
          before: { state: 'NOT_STARTED' },
          after: { state: 'IN_PROGRESS', startedAt: r.startedAt, deadline: r.deadline, integrityAgreement: true },
        })),
      )
    }
    return new Map(rows.map((r) => [r.id, { startedAt: r.startedAt, deadline: r.deadline }]))
  })
}

const startBatched = createBatcher(startMany, { windowMs: Number(process.env.EXAM_START_WINDOW_MS ?? 5), maxBatch: 1000, maxInflight: 2 })

// ───────────────────────── the item bundle ─────────────────────────

/** Content address of a set of item versions (order-independent). */
function bundleHash(versionIds: readonly string[]): string {
  return crypto.createHash('sha256').update([...new Set(versionIds)].sort().join('\n')).digest('base64url').slice(0, 22)
}

/**
 * `<hash>.<signature>`: the hash names the content (so every candidate with the same versions gets
 * the same text, and a browser may cache it forever); the signature binds it to the attempt that
 * was given it at start, so the bundle endpoint needs no database read to authorise a request.
 */
function bundleIdFor(attemptId: string, hash: string): string {
  return `${hash}.${signedCode('exam-bundle', `${attemptId}:${hash}`).split('.').pop()}`
}

type BuiltBundle = { readonly json: string; readonly gzip: Buffer }
const bundles = new Map<string, BuiltBundle>()
const MAX_BUNDLES = 2000

function cacheBundle(hash: string, built: BuiltBundle) {
  if (bundles.size >= MAX_BUNDLES) bundles.delete(bundles.keys().next().value!)
  bundles.set(hash, built)
}

/** A bundle read back from its gzip: the plain JSON only for the rare client without gzip. */
function fromGzip(gzip: Buffer): BuiltBundle {
  let json: string | null = null
  return {
    gzip,
    get json() {
      json ??= zlib.gunzipSync(gzip).toString('utf8')
      return json
    },
  }
}

/** The key-free rendered text of these versions (sorted by id), with its gzip. */
async function buildBundle(versionIds: readonly string[]): Promise<BuiltBundle> {
  const versions = await loadVersions(versionIds)
  const content: ExamBundle = { versions: {} }
  for (const id of [...new Set(versionIds)].sort()) {
    const v = versions.get(id)
    if (!v) throw new Error(`Item version ${id} is missing`)
    content.versions[id] = { stemHtml: v.stemHtml, options: Object.fromEntries(v.optionHtml) }
  }
  const json = JSON.stringify(content)
  return { json, gzip: zlib.gzipSync(json) }
}

/**
 * The bundle named by `bundleId` for the attempt of the exam cookie, or null when the id was not
 * issued to that attempt (the signature binds attempt and content hash, so no database read is
 * needed to authorise). Served from the process's memory, else from the prepared `ExamBundle`
 * row (one primary-key read of bytes already gzipped), else built from the version cache.
 */
export async function examBundle(attemptId: string, bundleId: string): Promise<BuiltBundle | null> {
  const [hash, sig] = bundleId.split('.')
  if (!hash || !sig || valueFromSignedCode('exam-bundle', `${attemptId}:${hash}.${sig}`) === null) return null
  const cached = bundles.get(hash)
  if (cached) return cached
  // A room fetches its bundles in the same second: one load per bundle, the others wait for it.
  const pending = loading.get(hash)
  if (pending) return pending
  const load = loadBundle(attemptId, hash).finally(() => loading.delete(hash))
  loading.set(hash, load)
  return load
}

const loading = new Map<string, Promise<BuiltBundle | null>>()

async function loadBundle(attemptId: string, hash: string): Promise<BuiltBundle | null> {
  const stored = await examPool.query<{ gzip: Buffer }>(`SELECT gzip FROM "ExamBundle" WHERE hash = $1`, [hash])
  if (stored.rows[0]) {
    const built = fromGzip(stored.rows[0].gzip)
    cacheBundle(hash, built)
    return built
  }
  const { rows } = await examPool.query<{ versionId: string }>(`SELECT DISTINCT "versionId" FROM "ExamAttemptItem" WHERE "attemptId" = $1`, [attemptId])
  const versionIds = rows.map((r) => r.versionId)
  if (bundleHash(versionIds) !== hash) return null
  const built = await buildBundle(versionIds)
  cacheBundle(hash, built)
  return built
}

// ───────────────────────── prepared starts ─────────────────────────

const PREPARE_BATCH = 500

/**
 * Prepares the start of every drawn, not yet started attempt of these sessions that has none
 * (idempotent; ADR 014 addendum 2026-12-01 night): the item refs the start answer carries, in
 * the compact text the dynamic path reads (`ITEMS_AGG`), the applicant's name (from the identity
 * checked against Dukcapil, which is never edited; an internship student's account name can
 * change, so it stays null and is looked up at the start), and the gzipped bundle of the attempt's versions, content-addressed, so a start is a state
 * flip plus stored bytes and a bundle request is one primary-key read. Both are derived from the
 * audited draw and never change (an attempt's items and an item version are immutable), so they
 * carry no audit row of their own. Called by `drawSessions`, i.e. before the session opens.
 */
export async function prepareStarts(sessionIds: readonly string[]): Promise<number> {
  let prepared = 0
  for (;;) {
    const { rows } = await examPool.query<{ id: string; items: string; name: string | null }>(
      // The ids first: the items are aggregated for this batch only, not for every row sorted.
      `WITH todo AS (
         SELECT a.id FROM "ExamAttempt" a
         WHERE a."sessionId" = ANY($1::text[]) AND a.state = 'NOT_STARTED'
           AND NOT EXISTS (SELECT 1 FROM "ExamPreparedStart" p WHERE p."attemptId" = a.id)
           AND EXISTS (SELECT 1 FROM "ExamAttemptItem" it WHERE it."attemptId" = a.id)
         ORDER BY a.id LIMIT ${PREPARE_BATCH}
       )
       SELECT t.id, (SELECT ${ITEMS_AGG} FROM "ExamAttemptItem" it WHERE it."attemptId" = t.id) AS items,
              ${IDENTITY_NAME_SQL} AS name
       FROM todo t JOIN "ExamAttempt" a ON a.id = t.id`,
      [sessionIds],
    )
    if (rows.length === 0) return prepared
    const starts = rows.map((r) => {
      const versionIds = versionIdsOf(r.items)
      return { attemptId: r.id, items: r.items, name: r.name, hash: bundleHash(versionIds), versionIds }
    })
    const hashes = [...new Set(starts.map((s) => s.hash))]
    const known = new Set((await examPool.query<{ hash: string }>(`SELECT hash FROM "ExamBundle" WHERE hash = ANY($1::text[])`, [hashes])).rows.map((r) => r.hash))
    const fresh = new Map<string, Buffer>()
    for (const s of starts) {
      if (!known.has(s.hash) && !fresh.has(s.hash)) fresh.set(s.hash, (await buildBundle(s.versionIds)).gzip)
    }
    await inExamTransaction(async (client) => {
      if (fresh.size > 0) {
        await client.query(`INSERT INTO "ExamBundle" (hash, gzip) SELECT * FROM unnest($1::text[], $2::bytea[]) ON CONFLICT DO NOTHING`, [[...fresh.keys()], [...fresh.values()]])
      }
      await client.query(
        `INSERT INTO "ExamPreparedStart" ("attemptId", "bundleHash", items, "candidateName")
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
        [starts.map((s) => s.attemptId), starts.map((s) => s.hash), starts.map((s) => s.items), starts.map((s) => s.name)],
      )
    })
    prepared += starts.length
  }
}

// ───────────────────────── save ─────────────────────────

export { saveAnswers, type AnswerChange, type SaveOutcome } from '~/models/exam-save.server'

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


