import PDFDocument from 'pdfkit'
import Papa from 'papaparse'
import ExcelJS from 'exceljs'
import crypto from 'node:crypto'
import { prisma, type Tx } from '~/utils/db.server'
import { audited, type AuditActor } from '~/models/audit.server'
import { recordStatusChange, sendStatusMails } from '~/models/application.server'
import { getActiveRules } from '~/models/period.server'
import { decideObjection as decideSharedObjection, fileObjection, ObjectionRefused } from '~/models/objection.server'
import type { MailInput } from '~/utils/mail.server'
import { putBytes, readStoredFile, recordStoredFile } from '~/utils/storage.server'
import { RULES_2024, isWindowOpen } from '~/domain/selection/rules'
import { toWib } from '~/domain/selection/schedule'
import {
  ANNOUNCEMENT_COLUMNS,
  DEFAULT_SETTINGS,
  DEFAULT_TMS_REASONS,
  announcementTable,
  canObject,
  disagreements,
  inSample,
  itemsInForce,
  objectionTimeline,
  overallResult,
  validateItems,
  type Decision,
  type ItemDecision,
  type ObjectionRefusal,
} from '~/domain/verification/rules'

/**
 * Administrative verification, announcements and objections (issue 5, domain.md §2).
 *
 * Scope is always in the query: every function takes the agency ids the caller acts for (from
 * `agenciesWith(user.grants, permission)`) and joins Application → Vacancy → Position to them,
 * so an application of another agency is "not found", exactly like an id that does not exist.
 * Results reach the applicant (and the other contexts) only through an announcement, which
 * writes Application.status VERIFIED_MS / VERIFIED_TMS via `recordStatusChange`.
 */

class Refusal<E extends string> extends Error {
  constructor(
    readonly error: E,
    readonly detail?: unknown,
  ) {
    super(error)
  }
}

async function refusing<T, E extends string>(work: () => Promise<T>): Promise<T | { ok: false; error: E; detail?: unknown }> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: err.error as E, ...(err.detail !== undefined ? { detail: err.detail } : {}) }
    throw err
  }
}

type ScopedApplication = { id: string; periodId: string; positionId: string; agencyId: string; status: string }

/** The application if it is finalised and belongs to one of `agencyIds`; optionally locks its row. */
async function scopedApplication(db: Pick<Tx, '$queryRaw'>, applicationId: string, agencyIds: readonly string[], lock = false) {
  if (!agencyIds.length) return null
  const rows = lock
    ? await db.$queryRaw<ScopedApplication[]>`
        SELECT a.id, a."periodId", p.id AS "positionId", p."agencyId", a.status::text AS status
        FROM "Application" a JOIN "Vacancy" v ON v.id = a."vacancyId" JOIN "Position" p ON p.id = v."positionId"
        WHERE a.id = ${applicationId} AND p."agencyId" = ANY(${[...agencyIds]}) AND a.status <> 'DRAFT'
        FOR UPDATE OF a`
    : await db.$queryRaw<ScopedApplication[]>`
        SELECT a.id, a."periodId", p.id AS "positionId", p."agencyId", a.status::text AS status
        FROM "Application" a JOIN "Vacancy" v ON v.id = a."vacancyId" JOIN "Position" p ON p.id = v."positionId"
        WHERE a.id = ${applicationId} AND p."agencyId" = ANY(${[...agencyIds]}) AND a.status <> 'DRAFT'`
  return rows[0] ?? null
}

/** Verifiers work from registration opening until the ADMIN_VERIFICATION window closes (issue 5). */
async function verificationOpen(db: Pick<Tx, 'scheduleWindow'>, periodId: string, now: Date) {
  const windows = await db.scheduleWindow.findMany({
    where: { periodId, kind: { in: ['REGISTRATION', 'ADMIN_VERIFICATION'] } },
    select: { kind: true, opensAt: true, closesAt: true },
  })
  const verification = windows.find((w) => w.kind === 'ADMIN_VERIFICATION')
  if (!verification) return false
  const registration = windows.find((w) => w.kind === 'REGISTRATION')
  const opensAt = registration && registration.opensAt < verification.opensAt ? registration.opensAt : verification.opensAt
  return isWindowOpen({ opensAt, closesAt: verification.closesAt }, now)
}

// ───────────────────────── settings and reasons ─────────────────────────

export async function getSettings(agencyId: string) {
  const row = await prisma.verificationSetting.findUnique({ where: { agencyId } })
  return { samplePercent: row?.samplePercent ?? DEFAULT_SETTINGS.samplePercent, claimMinutes: row?.claimMinutes ?? DEFAULT_SETTINGS.claimMinutes }
}

export async function saveSettings(agencyId: string, value: { samplePercent: number; claimMinutes: number }, actor: AuditActor) {
  return audited(actor, async (tx, audit) => {
    const before = await tx.verificationSetting.findUnique({ where: { agencyId } })
    await tx.verificationSetting.upsert({
      where: { agencyId },
      update: { ...value, updatedById: actor.actorId },
      create: { agencyId, ...value, updatedById: actor.actorId },
    })
    await audit({ action: 'verification.settings.save', entityType: 'Agency', entityId: agencyId, before, after: value })
  })
}

/** The TMS reasons an agency's verifiers choose from: the national defaults, then the agency's own. */
export async function listReasons(agencyId: string, opts: { includeInactive?: boolean } = {}) {
  const own = await prisma.verificationReason.findMany({
    where: { agencyId, ...(opts.includeInactive ? {} : { isActive: true }) },
    orderBy: { createdAt: 'asc' },
  })
  return [
    ...DEFAULT_TMS_REASONS.map((r) => ({ id: null as string | null, code: r.code as string, label: r.label as string, isActive: true, isDefault: true })),
    ...own.map((r) => ({ id: r.id as string | null, code: r.code, label: r.label, isActive: r.isActive, isDefault: false })),
  ]
}

export async function addReason(agencyId: string, label: string, actor: AuditActor) {
  const code = `A_${crypto.createHash('sha256').update(label.trim().toLowerCase()).digest('hex').slice(0, 10).toUpperCase()}`
  return audited(actor, async (tx, audit) => {
    const row = await tx.verificationReason.upsert({
      where: { agencyId_code: { agencyId, code } },
      update: { isActive: true, label: label.trim() },
      create: { agencyId, code, label: label.trim() },
    })
    await audit({ action: 'verification.reason.add', entityType: 'Agency', entityId: agencyId, after: { code, label: row.label } })
    return row
  })
}

export async function deactivateReason(agencyIds: readonly string[], reasonId: string, actor: AuditActor) {
  return audited(actor, async (tx, audit) => {
    const row = await tx.verificationReason.findFirst({ where: { id: reasonId, agencyId: { in: [...agencyIds] } } })
    if (!row) return false
    await tx.verificationReason.update({ where: { id: row.id }, data: { isActive: false } })
    await audit({ action: 'verification.reason.deactivate', entityType: 'Agency', entityId: row.agencyId, before: { code: row.code, label: row.label } })
    return true
  })
}

// ───────────────────────── the queue ─────────────────────────

/** What the verifier's queue page shows: their own live claims and how much waits. */
export async function getQueue(agencyIds: readonly string[], verifierId: string, now = new Date()) {
  const claimed = await prisma.verificationCase.findMany({
    where: { agencyId: { in: [...agencyIds] }, claimedById: verifierId, claimExpiresAt: { gte: now }, stage: { in: ['FIRST', 'SECOND'] } },
    orderBy: { claimExpiresAt: 'asc' },
  })
  const numbers = await prisma.application.findMany({
    where: { id: { in: claimed.map((c) => c.applicationId) } },
    select: { id: true, registrationNumber: true },
  })
  const waiting = agencyIds.length
    ? await prisma.$queryRaw<{ first: bigint; second: bigint }[]>`
        SELECT count(*) FILTER (WHERE c.id IS NULL OR c.stage = 'FIRST') AS first,
               count(*) FILTER (WHERE c.stage = 'SECOND' AND c."firstById" <> ${verifierId}) AS second
        FROM "Application" a JOIN "Vacancy" v ON v.id = a."vacancyId" JOIN "Position" p ON p.id = v."positionId"
        LEFT JOIN "VerificationCase" c ON c."applicationId" = a.id
        WHERE p."agencyId" = ANY(${[...agencyIds]}) AND a.status = 'SUBMITTED'
          AND (c.id IS NULL OR c.stage IN ('FIRST', 'SECOND'))`
    : [{ first: 0n, second: 0n }]
  const positions = await prisma.position.findMany({
    where: { agencyId: { in: [...agencyIds] }, isActive: true, vacancies: { some: {} }, period: { status: { not: 'CLOSED' } } },
    select: { id: true, code: true, name: true, period: { select: { name: true } } },
    orderBy: [{ name: 'asc' }],
    take: 500,
  })
  return {
    positions: positions.map((p) => ({ id: p.id, label: `${p.name} (${p.code}) — ${p.period.name}` })),
    claimed: claimed.map((c) => ({
      applicationId: c.applicationId,
      registrationNumber: numbers.find((n) => n.id === c.applicationId)?.registrationNumber ?? '',
      stage: c.stage,
      claimExpiresAt: c.claimExpiresAt!,
    })),
    waitingFirst: Number(waiting[0]?.first ?? 0),
    waitingSecond: Number(waiting[0]?.second ?? 0),
  }
}

export type ClaimResult = { ok: true; applicationId: string } | { ok: false; error: 'empty' | 'notFound' | 'claimedByOther' | 'notClaimable' | 'closed' }

/**
 * Claims the next application for `verifierId` (or a given one): second reviews first, then the
 * oldest finalised application nobody holds. Candidate rows are taken with
 * `FOR UPDATE … SKIP LOCKED`, so two verifiers claiming at the same instant get different
 * applications; the claim itself (claimedById + claimExpiresAt) keeps others away afterwards
 * until it expires.
 */
export async function claim(
  agencyIds: readonly string[],
  actor: AuditActor & { actorId: string },
  opts: { applicationId?: string; positionId?: string | null; now?: Date } = {},
): Promise<ClaimResult> {
  if (!agencyIds.length) return { ok: false, error: 'notFound' }
  // "Next application" can lose a race: another verifier's claim committed after this statement's
  // snapshot but before its row lock, so the row is free to lock yet already claimed. A new
  // transaction sees that claim and skips it, so the automatic pick tries again (a named
  // application keeps its `claimedByOther` answer).
  for (let tries = 1; ; tries++) {
    const result = await claimOnce(agencyIds, actor, opts)
    if (opts.applicationId || result.ok || result.error !== 'claimedByOther' || tries === 3) return result
  }
}

async function claimOnce(
  agencyIds: readonly string[],
  actor: AuditActor & { actorId: string },
  opts: { applicationId?: string; positionId?: string | null; now?: Date },
): Promise<ClaimResult> {
  const now = opts.now ?? new Date()
  const me = actor.actorId
  return (await refusing<ClaimResult, string>(() =>
    audited(actor, async (tx, audit) => {
      let candidate: ScopedApplication | null
      if (opts.applicationId) {
        candidate = await scopedApplication(tx, opts.applicationId, agencyIds, true)
        if (!candidate) throw new Refusal('notFound')
      } else {
        const rows = await tx.$queryRaw<ScopedApplication[]>`
          SELECT a.id, a."periodId", p.id AS "positionId", p."agencyId", a.status::text AS status
          FROM "Application" a JOIN "Vacancy" v ON v.id = a."vacancyId" JOIN "Position" p ON p.id = v."positionId"
          LEFT JOIN "VerificationCase" c ON c."applicationId" = a.id
          WHERE p."agencyId" = ANY(${[...agencyIds]}) AND a.status = 'SUBMITTED'
            AND (${opts.positionId ?? null}::text IS NULL OR p.id = ${opts.positionId ?? null})
            AND (c.id IS NULL OR ((c.stage = 'FIRST' OR (c.stage = 'SECOND' AND c."firstById" <> ${me}))
                 AND (c."claimedById" IS NULL OR c."claimedById" = ${me} OR c."claimExpiresAt" < ${now})))
            AND EXISTS (SELECT 1 FROM "ScheduleWindow" w WHERE w."periodId" = a."periodId" AND w.kind = 'ADMIN_VERIFICATION' AND w."closesAt" >= ${now})
          ORDER BY (c.stage = 'SECOND') DESC NULLS LAST, a."finalizedAt" ASC, a.id
          LIMIT 1
          FOR UPDATE OF a SKIP LOCKED`
        candidate = rows[0] ?? null
        if (!candidate) throw new Refusal('empty')
      }
      if (candidate.status !== 'SUBMITTED') throw new Refusal('notClaimable')
      if (!(await verificationOpen(tx, candidate.periodId, now))) throw new Refusal('closed')
      const existing = await tx.verificationCase.findUnique({ where: { applicationId: candidate.id } })
      if (existing) {
        if (existing.stage === 'PANEL' || existing.stage === 'DONE') throw new Refusal('notClaimable')
        if (existing.stage === 'SECOND' && existing.firstById === me) throw new Refusal('notClaimable')
        if (existing.claimedById && existing.claimedById !== me && existing.claimExpiresAt && existing.claimExpiresAt >= now) {
          throw new Refusal('claimedByOther')
        }
      }
      const settings = await tx.verificationSetting.findUnique({ where: { agencyId: candidate.agencyId } })
      const claimExpiresAt = new Date(now.getTime() + (settings?.claimMinutes ?? DEFAULT_SETTINGS.claimMinutes) * 60_000)
      await tx.verificationCase.upsert({
        where: { applicationId: candidate.id },
        update: { claimedById: me, claimExpiresAt },
        create: {
          applicationId: candidate.id,
          periodId: candidate.periodId,
          agencyId: candidate.agencyId,
          positionId: candidate.positionId,
          claimedById: me,
          claimExpiresAt,
        },
      })
      await audit({
        action: 'verification.claim',
        entityType: 'Application',
        entityId: candidate.id,
        before: existing ? { claimedById: existing.claimedById, claimExpiresAt: existing.claimExpiresAt } : null,
        after: { claimedById: me, claimExpiresAt, stage: existing?.stage ?? 'FIRST' },
      })
      return { ok: true as const, applicationId: candidate.id }
    }),
  )) as ClaimResult
}

export async function releaseClaim(applicationId: string, agencyIds: readonly string[], actor: AuditActor & { actorId: string }) {
  return audited(actor, async (tx, audit) => {
    const app = await scopedApplication(tx, applicationId, agencyIds, true)
    if (!app) return false
    const released = await tx.verificationCase.updateMany({
      where: { applicationId, claimedById: actor.actorId },
      data: { claimedById: null, claimExpiresAt: null },
    })
    if (released.count) await audit({ action: 'verification.release', entityType: 'Application', entityId: applicationId })
    return released.count > 0
  })
}

// ───────────────────────── one application, for the verifier ─────────────────────────

/** Everything the verifier sees beside the rules; null outside the caller's agencies (404). */
export async function getCaseView(applicationId: string, agencyIds: readonly string[], viewerId: string, now = new Date()) {
  const scoped = await scopedApplication(prisma, applicationId, agencyIds)
  if (!scoped) return null
  const application = await prisma.application.findUniqueOrThrow({
    where: { id: applicationId },
    include: { documents: { where: { replacedAt: null }, orderBy: { uploadedAt: 'asc' } } },
  })
  const [identity, vacancy, documentsRules, verificationCase, reasons, period] = await Promise.all([
    prisma.applicantIdentity.findUnique({ where: { userId: application.userId } }),
    prisma.vacancy.findUniqueOrThrow({
      where: { id: application.vacancyId! },
      select: {
        location: true,
        formasiType: { select: { name: true } },
        position: { select: { code: true, name: true, unit: true, educationLevels: true, minGpa: true, agency: { select: { name: true } } } },
      },
    }),
    prisma.positionDocument.findMany({ where: { positionId: scoped.positionId }, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] }),
    prisma.verificationCase.findUnique({ where: { applicationId }, include: { items: { orderBy: [{ round: 'asc' }] } } }),
    listReasons(scoped.agencyId),
    prisma.selectionPeriod.findUniqueOrThrow({ where: { id: scoped.periodId }, select: { name: true } }),
  ])
  const requirements = requirementsOf(documentsRules, application.documents)
  const stage = verificationCase?.stage ?? 'FIRST'
  const claimedByMe = Boolean(verificationCase?.claimedById === viewerId && verificationCase.claimExpiresAt && verificationCase.claimExpiresAt >= now)
  const claimedByOther = Boolean(
    verificationCase?.claimedById && verificationCase.claimedById !== viewerId && verificationCase.claimExpiresAt && verificationCase.claimExpiresAt >= now,
  )
  const round = stage === 'SECOND' ? 2 : 1
  return {
    application: {
      id: application.id,
      status: application.status,
      registrationNumber: application.registrationNumber,
      finalizedAt: application.finalizedAt,
      education: application.education as Record<string, unknown> | null,
    },
    periodName: period.name,
    identity: identity
      ? { fullName: identity.fullName, nik: identity.nik, birthPlace: identity.birthPlace, birthDate: identity.birthDate, sex: identity.sex, nikFlags: identity.nikFlags }
      : null,
    vacancy,
    requirements: requirements.map((r) => ({
      ...r,
      items: (verificationCase?.items ?? []).filter((i) => i.requirementCode === r.code).map((i) => ({ round: i.round, decision: i.decision, reasonCode: i.reasonCode, note: i.note })),
    })),
    reasons,
    stage,
    result: verificationCase?.result ?? null,
    sampled: verificationCase?.sampled ?? false,
    claim: {
      byMe: claimedByMe,
      byOther: claimedByOther,
      expiresAt: verificationCase?.claimExpiresAt ?? null,
    },
    // The first verifier never does the second review of the same application.
    canWork: application.status === 'SUBMITTED' && (stage === 'FIRST' || (stage === 'SECOND' && verificationCase?.firstById !== viewerId)),
    round,
  }
}

/** Requirements are the position's documents: every required one, and optional ones the applicant uploaded. */
function requirementsOf(
  rules: { code: string; label: string; format: string; maxKb: number; required: boolean }[],
  uploaded: { id: string; code: string; fileName: string; size: number; mime: string; fileHash: string }[],
) {
  return rules
    .filter((r) => r.required || uploaded.some((d) => d.code === r.code))
    .map((r) => {
      const doc = uploaded.find((d) => d.code === r.code) ?? null
      return {
        code: r.code,
        label: r.label,
        rule: { format: r.format, maxKb: r.maxKb, required: r.required },
        document: doc ? { id: doc.id, fileName: doc.fileName, size: doc.size, mime: doc.mime, sha256: doc.fileHash } : null,
      }
    })
}

/** A document's bytes for staff of the application's agency (the agency join is in the query). */
export async function getDocumentForStaff(documentId: string, agencyIds: readonly string[]) {
  if (!agencyIds.length) return null
  const rows = await prisma.$queryRaw<{ id: string; code: string; fileHash: string; mime: string }[]>`
    SELECT d.id, d.code, d."fileHash", d.mime
    FROM "ApplicationDocument" d JOIN "Application" a ON a.id = d."applicationId"
    JOIN "Vacancy" v ON v.id = a."vacancyId" JOIN "Position" p ON p.id = v."positionId"
    WHERE d.id = ${documentId} AND p."agencyId" = ANY(${[...agencyIds]}) AND a.status <> 'DRAFT'`
  const document = rows[0]
  if (!document) return null
  const file = await readStoredFile(document.fileHash)
  return file ? { document, bytes: file.bytes } : null
}

// ───────────────────────── decisions ─────────────────────────

export type DecisionResult =
  | { ok: true; stage: 'SECOND' | 'PANEL' | 'DONE'; result: Decision | null }
  | { ok: false; error: 'notFound' | 'notClaimed' | 'notYourRound' | 'closed' | 'notClaimable' }
  | { ok: false; error: 'invalid'; detail: { requirementCode: string; problem: string }[] }

/**
 * Records one verifier's MS/TMS per requirement. The first round either finishes the case or,
 * when drawn for the sample, hands it to a second verifier; the second round finishes it when
 * both agree and sends it to the agency panel when they do not.
 */
export async function recordDecision(
  applicationId: string,
  agencyIds: readonly string[],
  items: ItemDecision[],
  actor: AuditActor & { actorId: string },
  now = new Date(),
): Promise<DecisionResult> {
  const me = actor.actorId
  return (await refusing<DecisionResult, string>(() =>
    audited(actor, async (tx, audit) => {
      const app = await scopedApplication(tx, applicationId, agencyIds, true)
      if (!app) throw new Refusal('notFound')
      if (app.status !== 'SUBMITTED') throw new Refusal('notClaimable')
      if (!(await verificationOpen(tx, app.periodId, now))) throw new Refusal('closed')
      const current = await tx.verificationCase.findUnique({ where: { applicationId }, include: { items: true } })
      // Whoever holds the claim decides; an expired claim still counts until someone else takes it.
      if (!current || current.claimedById !== me) throw new Refusal('notClaimed')
      if (current.stage !== 'FIRST' && current.stage !== 'SECOND') throw new Refusal('notClaimable')
      if (current.stage === 'SECOND' && current.firstById === me) throw new Refusal('notYourRound')
      const requirements = await requirementCodes(tx, applicationId, app.positionId)
      const reasons = (await listReasons(app.agencyId)).map((r) => r.code)
      const valid = validateItems(requirements, items, reasons)
      if (!valid.ok) throw new Refusal('invalid', valid.problems)
      const round = current.stage === 'FIRST' ? 1 : 2
      const clean = items.map((i) => ({
        requirementCode: i.requirementCode,
        decision: i.decision,
        reasonCode: i.decision === 'TMS' ? i.reasonCode : null,
        note: i.note?.trim() ? i.note.trim().slice(0, 2000) : null,
      }))
      await tx.verificationItem.createMany({ data: clean.map((i) => ({ caseId: current.id, round, verifierId: me, at: now, ...i })) })
      const result = overallResult(clean)
      let stage: 'SECOND' | 'PANEL' | 'DONE'
      if (round === 1) {
        const settings = await tx.verificationSetting.findUnique({ where: { agencyId: app.agencyId } })
        const sampled = inSample(applicationId, settings?.samplePercent ?? DEFAULT_SETTINGS.samplePercent)
        stage = sampled ? 'SECOND' : 'DONE'
        await tx.verificationCase.update({
          where: { id: current.id },
          data: {
            stage,
            sampled,
            firstById: me,
            firstResult: result,
            firstAt: now,
            claimedById: null,
            claimExpiresAt: null,
            ...(stage === 'DONE' ? { result, decidedAt: now } : {}),
          },
        })
      } else {
        const first = current.items.filter((i) => i.round === 1)
        const diff = disagreements(first, clean)
        stage = diff.length ? 'PANEL' : 'DONE'
        await tx.verificationCase.update({
          where: { id: current.id },
          data: {
            stage,
            secondById: me,
            secondResult: result,
            secondAt: now,
            claimedById: null,
            claimExpiresAt: null,
            ...(stage === 'DONE' ? { result, decidedAt: now } : {}),
          },
        })
      }
      await audit({
        action: round === 1 ? 'verification.decide.first' : 'verification.decide.second',
        entityType: 'Application',
        entityId: applicationId,
        before: { stage: current.stage },
        after: { stage, result, items: clean },
      })
      return { ok: true as const, stage, result: stage === 'DONE' ? result : null }
    }),
  )) as DecisionResult
}

async function requirementCodes(tx: Tx, applicationId: string, positionId: string) {
  // One after the other: inside a transaction the queries share one connection.
  const rules = await tx.positionDocument.findMany({ where: { positionId }, select: { code: true, required: true } })
  const uploaded = await tx.applicationDocument.findMany({ where: { applicationId, replacedAt: null }, select: { code: true } })
  return rules.filter((r) => r.required || uploaded.some((u) => u.code === r.code)).map((r) => r.code)
}

/** The agency panel settles the requirements on which the two verifiers disagreed. */
export async function panelDecide(
  applicationId: string,
  agencyIds: readonly string[],
  items: ItemDecision[],
  actor: AuditActor & { actorId: string },
  now = new Date(),
): Promise<DecisionResult> {
  return (await refusing<DecisionResult, string>(() =>
    audited(actor, async (tx, audit) => {
      const app = await scopedApplication(tx, applicationId, agencyIds, true)
      if (!app) throw new Refusal('notFound')
      const current = await tx.verificationCase.findUnique({ where: { applicationId }, include: { items: true } })
      if (!current || current.stage !== 'PANEL') throw new Refusal('notClaimable')
      const diff = disagreements(
        current.items.filter((i) => i.round === 1),
        current.items.filter((i) => i.round === 2),
      )
      const reasons = (await listReasons(app.agencyId)).map((r) => r.code)
      const valid = validateItems(diff, items, reasons)
      if (!valid.ok) throw new Refusal('invalid', valid.problems)
      await tx.verificationItem.createMany({
        data: items.map((i) => ({
          caseId: current.id,
          round: 3,
          verifierId: actor.actorId,
          at: now,
          requirementCode: i.requirementCode,
          decision: i.decision,
          reasonCode: i.decision === 'TMS' ? i.reasonCode : null,
          note: i.note?.trim() || null,
        })),
      })
      const all = await tx.verificationItem.findMany({ where: { caseId: current.id } })
      const result = overallResult(itemsInForce(all))
      await tx.verificationCase.update({ where: { id: current.id }, data: { stage: 'DONE', result, decidedAt: now, panelById: actor.actorId, panelAt: now } })
      await audit({ action: 'verification.decide.panel', entityType: 'Application', entityId: applicationId, before: { stage: 'PANEL' }, after: { stage: 'DONE', result, items } })
      return { ok: true as const, stage: 'DONE' as const, result }
    }),
  )) as DecisionResult
}

/** Cases waiting for the agency panel (the two verifiers disagreed). */
export async function listPanelCases(agencyIds: readonly string[]) {
  const cases = await prisma.verificationCase.findMany({
    where: { agencyId: { in: [...agencyIds] }, stage: 'PANEL' },
    include: { items: true },
    orderBy: { secondAt: 'asc' },
  })
  const apps = await prisma.application.findMany({ where: { id: { in: cases.map((c) => c.applicationId) } }, select: { id: true, registrationNumber: true } })
  return cases.map((c) => ({
    applicationId: c.applicationId,
    registrationNumber: apps.find((a) => a.id === c.applicationId)?.registrationNumber ?? '',
    disputed: disagreements(
      c.items.filter((i) => i.round === 1),
      c.items.filter((i) => i.round === 2),
    ),
  }))
}

// ───────────────────────── progress and export ─────────────────────────

export type PositionProgress = {
  positionId: string
  code: string
  name: string
  total: number
  decided: number
  ms: number
  tms: number
  inReview: number
  panel: number
  announcedAt: Date | null
  announcementId: string | null
  postAnnouncedAt: Date | null
  postAnnouncementId: string | null
  objectionClosesAt: Date | null
  postDueAt: Date | null
  pendingObjections: number
}

/** Verified / remaining / MS / TMS per position of the agency in the period (issue 5). */
export async function progressByPosition(periodId: string, agencyId: string): Promise<PositionProgress[]> {
  const rows = await prisma.$queryRaw<
    { positionId: string; code: string; name: string; total: bigint; decided: bigint; ms: bigint; tms: bigint; inReview: bigint; panel: bigint }[]
  >`
    SELECT p.id AS "positionId", p.code, p.name,
           count(a.id) AS total,
           count(c.id) FILTER (WHERE c.stage = 'DONE') AS decided,
           count(c.id) FILTER (WHERE c.stage = 'DONE' AND c.result = 'MS') AS ms,
           count(c.id) FILTER (WHERE c.stage = 'DONE' AND c.result = 'TMS') AS tms,
           count(c.id) FILTER (WHERE c.stage = 'SECOND') AS "inReview",
           count(c.id) FILTER (WHERE c.stage = 'PANEL') AS panel
    FROM "Position" p
    LEFT JOIN "Vacancy" v ON v."positionId" = p.id
    LEFT JOIN "Application" a ON a."vacancyId" = v.id AND a.status IN ('SUBMITTED', 'VERIFIED_MS', 'VERIFIED_TMS')
    LEFT JOIN "VerificationCase" c ON c."applicationId" = a.id
    WHERE p."periodId" = ${periodId} AND p."agencyId" = ${agencyId} AND p."isActive"
    GROUP BY p.id, p.code, p.name
    ORDER BY p.name`
  const announcements = await prisma.announcement.findMany({
    where: { periodId, agencyId },
    select: { id: true, positionId: true, kind: true, publishedAt: true, objectionClosesAt: true, postDueAt: true },
  })
  const pending = await prisma.objection.groupBy({ by: ['positionId'], where: { agencyId, stage: 'ADMINISTRATION', status: 'PENDING' }, _count: true })
  return rows.map((r) => {
    const first = announcements.find((a) => a.positionId === r.positionId && a.kind === 'ADMINISTRATION')
    const post = announcements.find((a) => a.positionId === r.positionId && a.kind === 'POST_OBJECTION')
    return {
      positionId: r.positionId,
      code: r.code,
      name: r.name,
      total: Number(r.total),
      decided: Number(r.decided),
      ms: Number(r.ms),
      tms: Number(r.tms),
      inReview: Number(r.inReview),
      panel: Number(r.panel),
      announcedAt: first?.publishedAt ?? null,
      announcementId: first?.id ?? null,
      postAnnouncedAt: post?.publishedAt ?? null,
      postAnnouncementId: post?.id ?? null,
      objectionClosesAt: first?.objectionClosesAt ?? null,
      postDueAt: first?.postDueAt ?? null,
      pendingObjections: pending.find((p) => p.positionId === r.positionId)?._count ?? 0,
    }
  })
}

const EXPORT_COLUMNS = ['nomor_peserta', 'nama', 'kode_jabatan', 'jabatan', 'lokasi', 'jenis_formasi', 'tahap', 'hasil', 'keterangan_tms'] as const

/** The agency's verification list (one row per finalised application) as XLSX or CSV. */
export async function exportVerification(periodId: string, agencyId: string, format: 'xlsx' | 'csv') {
  const rows = await prisma.$queryRaw<
    { applicationId: string; registrationNumber: string; userId: string; positionCode: string; positionName: string; location: string; formasi: string; stage: string | null; result: string | null }[]
  >`
    SELECT a.id AS "applicationId", a."registrationNumber", a."userId", p.code AS "positionCode", p.name AS "positionName",
           v.location, f.name AS formasi, c.stage::text AS stage, c.result::text AS result
    FROM "Application" a JOIN "Vacancy" v ON v.id = a."vacancyId" JOIN "Position" p ON p.id = v."positionId"
    JOIN "FormasiType" f ON f.code = v."formasiTypeCode"
    LEFT JOIN "VerificationCase" c ON c."applicationId" = a.id
    WHERE p."periodId" = ${periodId} AND p."agencyId" = ${agencyId} AND a.status IN ('SUBMITTED', 'VERIFIED_MS', 'VERIFIED_TMS')
    ORDER BY p.name, a."registrationNumber"`
  const names = await prisma.applicantIdentity.findMany({ where: { userId: { in: rows.map((r) => r.userId) } }, select: { userId: true, fullName: true } })
  const reasons = await tmsReasonsFor(rows.map((r) => r.applicationId), agencyId)
  const records = rows.map((r) => [
    r.registrationNumber,
    names.find((n) => n.userId === r.userId)?.fullName ?? '',
    r.positionCode,
    r.positionName,
    r.location,
    r.formasi,
    r.stage ?? 'BELUM',
    r.result ?? '',
    (reasons.get(r.applicationId) ?? []).join('; '),
  ])
  const agency = await prisma.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { code: true } })
  const base = `verifikasi-${agency.code}-${toWib(new Date()).date}`
  if (format === 'csv') {
    const body = '\uFEFF' + Papa.unparse({ fields: [...EXPORT_COLUMNS], data: records }, { newline: '\r\n' }) + '\r\n'
    return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(body, 'utf8') }
  }
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Portal Seleksi ASN'
  const sheet = workbook.addWorksheet('Verifikasi', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'jabatan' || c === 'keterangan_tms' ? 40 : 18 }))
  sheet.getRow(1).font = { bold: true }
  for (const r of records) sheet.addRow(r)
  const buffer = await workbook.xlsx.writeBuffer()
  return {
    fileName: `${base}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Buffer.from(buffer as ArrayBuffer),
  }
}

/** "Ijazah: Dokumen tidak terbaca — keterangan" for each TMS requirement in force, per application. */
async function tmsReasonsFor(applicationIds: string[], agencyId: string, db: Pick<Tx, 'verificationCase' | 'positionDocument' | 'verificationReason'> = prisma) {
  const cases = await db.verificationCase.findMany({ where: { applicationId: { in: applicationIds } }, include: { items: true } })
  const labels = await db.positionDocument.findMany({ where: { positionId: { in: [...new Set(cases.map((c) => c.positionId))] } }, select: { positionId: true, code: true, label: true } })
  const own = await db.verificationReason.findMany({ where: { agencyId } })
  const reasonLabel = (code: string | null) =>
    (DEFAULT_TMS_REASONS.find((r) => r.code === code)?.label as string | undefined) ?? own.find((r) => r.code === code)?.label ?? code ?? ''
  const out = new Map<string, string[]>()
  for (const c of cases) {
    if (c.stage !== 'DONE') continue
    const tms = itemsInForce(c.items).filter((i) => i.decision === 'TMS')
    out.set(
      c.applicationId,
      tms.map((i) => {
        const doc = labels.find((l) => l.positionId === c.positionId && l.code === i.requirementCode)?.label ?? i.requirementCode
        return `${doc}: ${reasonLabel(i.reasonCode)}${i.note ? ` — ${i.note}` : ''}`
      }),
    )
  }
  return out
}

// ───────────────────────── announcements ─────────────────────────

export type PublishResult =
  | { ok: true; announcementId: string }
  | { ok: false; error: 'notFound' | 'windowClosed' | 'alreadyPublished' | 'nothingToAnnounce' | 'objectionOpen' | 'objectionsPending' | 'notAnnounced' }
  | { ok: false; error: 'unfinished'; detail: { remaining: number } }

/**
 * Publishes the frozen list of one position: ADMINISTRATION (inside the ADMIN_ANNOUNCEMENT window,
 * once every finalised application is decided) writes each applicant's MS/TMS status with the
 * reasons and opens the sanggah; POST_OBJECTION (after the sanggah closed and every objection is
 * answered) freezes the results as they stand after the panel. The CSV is the canonical content;
 * its SHA-256 is shown wherever the list is.
 */
export async function publishAnnouncement(
  input: { positionId: string; agencyIds: readonly string[]; kind: 'ADMINISTRATION' | 'POST_OBJECTION' },
  actor: AuditActor,
  now = new Date(),
): Promise<PublishResult> {
  const mails: MailInput[] = []
  const result = (await refusing<PublishResult, string>(() =>
    audited(
      actor,
      async (tx, audit) => {
        const position = await tx.position.findFirst({
          where: { id: input.positionId, agencyId: { in: [...input.agencyIds] } },
          select: { id: true, code: true, name: true, periodId: true, agencyId: true, agency: { select: { name: true } }, period: { select: { name: true } } },
        })
        if (!position) throw new Refusal('notFound')
        // One publisher per position at a time; the unique (positionId, kind) is the last guard.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`announce:${position.id}`}))`
        if (await tx.announcement.findUnique({ where: { positionId_kind: { positionId: position.id, kind: input.kind } } })) throw new Refusal('alreadyPublished')

        let entries: { applicationId: string; registrationNumber: string; fullName: string; result: Decision; reasons: string[] }[]
        let timeline: ReturnType<typeof objectionTimeline> | null = null
        if (input.kind === 'ADMINISTRATION') {
          const window = await tx.scheduleWindow.findUnique({ where: { periodId_kind: { periodId: position.periodId, kind: 'ADMIN_ANNOUNCEMENT' } } })
          if (!window || !isWindowOpen(window, now)) throw new Refusal('windowClosed')
          const apps = await tx.$queryRaw<{ id: string; registrationNumber: string; userId: string; stage: string | null; result: Decision | null }[]>`
            SELECT a.id, a."registrationNumber", a."userId", c.stage::text AS stage, c.result::text AS result
            FROM "Application" a JOIN "Vacancy" v ON v.id = a."vacancyId" LEFT JOIN "VerificationCase" c ON c."applicationId" = a.id
            WHERE v."positionId" = ${position.id} AND a.status = 'SUBMITTED'
            FOR UPDATE OF a`
          if (!apps.length) throw new Refusal('nothingToAnnounce')
          const remaining = apps.filter((a) => a.stage !== 'DONE').length
          if (remaining) throw new Refusal('unfinished', { remaining })
          const names = await tx.applicantIdentity.findMany({ where: { userId: { in: apps.map((a) => a.userId) } }, select: { userId: true, fullName: true } })
          const reasons = await tmsReasonsFor(apps.map((a) => a.id), position.agencyId, tx)
          entries = apps.map((a) => ({
            applicationId: a.id,
            registrationNumber: a.registrationNumber,
            fullName: names.find((n) => n.userId === a.userId)?.fullName ?? '',
            result: a.result!,
            reasons: a.result === 'TMS' ? (reasons.get(a.id) ?? []) : [],
          }))
          const rules = (await getActiveRules(position.periodId))?.rules ?? RULES_2024
          timeline = objectionTimeline(now, rules.objection)
        } else {
          const first = await tx.announcement.findUnique({ where: { positionId_kind: { positionId: position.id, kind: 'ADMINISTRATION' } }, include: { entries: true } })
          if (!first) throw new Refusal('notAnnounced')
          if (first.objectionClosesAt && now <= first.objectionClosesAt) throw new Refusal('objectionOpen')
          const objections = await tx.objection.findMany({ where: { announcementId: first.id } })
          if (objections.some((o) => o.status === 'PENDING')) throw new Refusal('objectionsPending')
          entries = first.entries.map((e) => {
            const objection = objections.find((o) => o.applicationId === e.applicationId)
            if (objection?.status === 'ACCEPTED') return { ...e, result: 'MS' as const, reasons: [] }
            return { ...e, reasons: objection?.status === 'REJECTED' ? [...e.reasons, `Sanggah ditolak: ${objection.decisionReason ?? ''}`] : e.reasons }
          })
        }

        const table = announcementTable(entries)
        const csv = '\uFEFF' + Papa.unparse({ fields: [...ANNOUNCEMENT_COLUMNS], data: table }, { newline: '\r\n' }) + '\r\n'
        const contentHash = crypto.createHash('sha256').update(csv, 'utf8').digest('hex')
        const title = input.kind === 'ADMINISTRATION' ? 'Pengumuman Hasil Seleksi Administrasi' : 'Pengumuman Hasil Seleksi Administrasi Pasca Sanggah'
        const pdf = await renderAnnouncementPdf({
          title,
          periodName: position.period.name,
          agencyName: position.agency.name,
          positionName: `${position.name} (${position.code})`,
          publishedAt: now,
          contentHash,
          table,
          timeline,
        })
        const stored = await putBytes(pdf)
        await recordStoredFile(tx, { hash: stored.hash, size: stored.size, mime: 'application/pdf' })
        const msCount = entries.filter((e) => e.result === 'MS').length
        const announcement = await tx.announcement.create({
          data: {
            periodId: position.periodId,
            agencyId: position.agencyId,
            positionId: position.id,
            kind: input.kind,
            publishedAt: now,
            publishedById: actor.actorId,
            csv,
            contentHash,
            pdfFileHash: stored.hash,
            rowCount: entries.length,
            msCount,
            ...(timeline ?? {}),
            entries: {
              createMany: {
                data: entries.map((e) => ({
                  applicationId: e.applicationId,
                  registrationNumber: e.registrationNumber,
                  fullName: e.fullName,
                  result: e.result,
                  reasons: e.reasons,
                })),
              },
            },
          },
        })
        if (input.kind === 'ADMINISTRATION') {
          for (const e of entries) {
            mails.push(
              await recordStatusChange(tx, {
                applicationId: e.applicationId,
                status: e.result === 'MS' ? 'VERIFIED_MS' : 'VERIFIED_TMS',
                reason:
                  e.result === 'MS'
                    ? 'Hasil seleksi administrasi diumumkan: Memenuhi Syarat.'
                    : `Hasil seleksi administrasi diumumkan: Tidak Memenuhi Syarat. ${e.reasons.join('; ')}. Anda dapat mengajukan sanggah satu kali sampai ${formatWib(timeline!.objectionClosesAt)}.`,
                actorId: actor.actorId,
                at: now,
              }),
            )
          }
        }
        await audit({
          action: input.kind === 'ADMINISTRATION' ? 'announcement.publish' : 'announcement.publish.postObjection',
          entityType: 'Announcement',
          entityId: announcement.id,
          after: { positionId: position.id, kind: input.kind, rows: entries.length, msCount, contentHash, pdfFileHash: stored.hash, ...(timeline ?? {}) },
        })
        return { ok: true as const, announcementId: announcement.id }
      },
      { timeoutMs: 60_000 },
    ),
  )) as PublishResult
  if (result.ok) await sendStatusMails(mails)
  return result
}

function formatWib(instant: Date) {
  const { date, time } = toWib(instant)
  return `${date} ${time} WIB`
}

async function renderAnnouncementPdf(input: {
  title: string
  periodName: string
  agencyName: string
  positionName: string
  publishedAt: Date
  contentHash: string
  table: string[][]
  timeline: ReturnType<typeof objectionTimeline> | null
}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, lang: 'id-ID', info: { Title: input.title, Author: 'Portal Seleksi ASN', Subject: input.periodName } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.font('Helvetica-Bold').fontSize(14).fillColor('#0b4f8a').text(input.title)
  doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor('#1b1f24')
  doc.text(`${input.periodName}`)
  doc.text(`Instansi: ${input.agencyName}`)
  doc.text(`Jabatan: ${input.positionName}`)
  doc.text(`Diumumkan: ${formatWib(input.publishedAt)}`)
  if (input.timeline) {
    doc.text(`Masa sanggah: ${formatWib(input.timeline.objectionOpensAt)} s.d. ${formatWib(input.timeline.objectionClosesAt)}`)
  }
  doc.font('Courier').fontSize(8).text(`SHA-256 (CSV): ${input.contentHash}`)
  doc.moveDown(0.6)
  const cols = [30, 130, 150, 40, 165]
  const header = ['No', 'Nomor peserta', 'Nama', 'Hasil', 'Keterangan']
  const drawRow = (cells: string[], bold: boolean) => {
    const y = doc.y
    let x = 40
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8)
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: cols[i]! - 4 }))
    const h = Math.max(...heights) + 4
    if (y + h > doc.page.height - 50) {
      doc.addPage()
      return drawRow(cells, bold)
    }
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y + 2, { width: cols[i]! - 4 })
      x += cols[i]!
    })
    doc.moveTo(40, y + h).lineTo(40 + cols.reduce((a, b) => a + b, 0), y + h).strokeColor('#c8ccd0').stroke()
    doc.x = 40
    doc.y = y + h
  }
  drawRow(header, true)
  for (const row of input.table) drawRow(row, false)
  doc.end()
  return done
}

/** Published announcements, newest first (the public page). */
export function listAnnouncements() {
  return prisma.announcement.findMany({
    orderBy: { publishedAt: 'desc' },
    select: { id: true, kind: true, publishedAt: true, rowCount: true, msCount: true, contentHash: true, positionId: true, agencyId: true, periodId: true },
    take: 200,
  })
}

export async function describeAnnouncements<T extends { positionId: string; agencyId: string; periodId: string }>(rows: T[]) {
  const [positions, agencies, periods] = await Promise.all([
    prisma.position.findMany({ where: { id: { in: rows.map((r) => r.positionId) } }, select: { id: true, code: true, name: true } }),
    prisma.agency.findMany({ where: { id: { in: rows.map((r) => r.agencyId) } }, select: { id: true, name: true } }),
    prisma.selectionPeriod.findMany({ where: { id: { in: rows.map((r) => r.periodId) } }, select: { id: true, name: true } }),
  ])
  return rows.map((r) => ({
    ...r,
    positionName: positions.find((p) => p.id === r.positionId)?.name ?? '',
    positionCode: positions.find((p) => p.id === r.positionId)?.code ?? '',
    agencyName: agencies.find((a) => a.id === r.agencyId)?.name ?? '',
    periodName: periods.find((p) => p.id === r.periodId)?.name ?? '',
  }))
}

/** One published list with its entries (public: names and registration numbers, as SSCASN publishes). */
export async function getAnnouncement(id: string) {
  const row = await prisma.announcement.findUnique({ where: { id }, include: { entries: { orderBy: { registrationNumber: 'asc' } } } })
  if (!row) return null
  const [described] = await describeAnnouncements([row])
  return described!
}

export async function getAnnouncementFile(id: string, format: 'pdf' | 'csv') {
  const row = await prisma.announcement.findUnique({ where: { id }, select: { csv: true, pdfFileHash: true, kind: true, positionId: true } })
  if (!row) return null
  const name = `pengumuman-${row.kind === 'ADMINISTRATION' ? 'administrasi' : 'pasca-sanggah'}-${id}`
  if (format === 'csv') return { fileName: `${name}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(row.csv, 'utf8') }
  const file = await readStoredFile(row.pdfFileHash)
  return file ? { fileName: `${name}.pdf`, contentType: 'application/pdf', body: file.bytes } : null
}

// ───────────────────────── the applicant's side ─────────────────────────

/**
 * The applicant's administrative result as announced (nothing before the announcement), the
 * unmet requirements with their uploaded documents, and the sanggah: whether it can be filed now
 * by the server's clock, or what became of it.
 */
export async function getApplicantResult(userId: string, now = new Date()) {
  const application = await prisma.application.findFirst({
    where: { userId, registrationNumber: { not: null } },
    orderBy: { finalizedAt: 'desc' },
    select: { id: true, status: true, vacancyId: true },
  })
  if (!application) return null
  const entries = await prisma.announcementEntry.findMany({ where: { applicationId: application.id }, include: { announcement: true } })
  const first = entries.find((e) => e.announcement.kind === 'ADMINISTRATION') ?? null
  if (!first) return null
  const post = entries.find((e) => e.announcement.kind === 'POST_OBJECTION') ?? null
  const objection = await prisma.objection.findUnique({ where: { applicationId_stage: { applicationId: application.id, stage: 'ADMINISTRATION' } } })
  const check = canObject({ result: first.result, alreadyObjected: Boolean(objection), window: first.announcement, now })
  const verificationCase = await prisma.verificationCase.findUnique({ where: { applicationId: application.id }, include: { items: true } })
  const unmet = verificationCase ? itemsInForce(verificationCase.items).filter((i) => i.decision === 'TMS').map((i) => i.requirementCode) : []
  const [rules, documents] = await Promise.all([
    verificationCase ? prisma.positionDocument.findMany({ where: { positionId: verificationCase.positionId }, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] }) : [],
    prisma.applicationDocument.findMany({ where: { applicationId: application.id, replacedAt: null }, select: { id: true, code: true, fileName: true } }),
  ])
  return {
    applicationId: application.id,
    result: first.result,
    reasons: first.reasons,
    announcement: {
      id: first.announcement.id,
      publishedAt: first.announcement.publishedAt,
      objectionOpensAt: first.announcement.objectionOpensAt,
      objectionClosesAt: first.announcement.objectionClosesAt,
    },
    post: post ? { id: post.announcement.id, result: post.result, publishedAt: post.announcement.publishedAt } : null,
    objection: objection
      ? { status: objection.status, reason: objection.reason, submittedAt: objection.submittedAt, decisionReason: objection.decisionReason, decidedAt: objection.decidedAt }
      : null,
    canObject: check.ok,
    objectionRefusal: check.ok ? null : check.reason,
    unmet: unmet.map((code) => ({ code, label: rules.find((r) => r.code === code)?.label ?? code })),
    documents: documents.map((d) => ({ ...d, label: rules.find((r) => r.code === d.code)?.label ?? d.code })),
  }
}

export type ObjectionResult = { ok: true } | { ok: false; error: ObjectionRefusal | 'notFound' }

/** "Akhiri Proses Sanggah": one objection per application, only while the window is open (objection.server.ts). */
export async function submitObjection(userId: string, reason: string, actor: AuditActor, now = new Date()): Promise<ObjectionResult> {
  let mail: MailInput | null = null
  const result = (await refusing<ObjectionResult, string>(() =>
    audited(actor, async (tx, audit) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Application" WHERE "userId" = ${userId} AND "registrationNumber" IS NOT NULL ORDER BY "finalizedAt" DESC LIMIT 1 FOR UPDATE`
      const applicationId = rows[0]?.id
      if (!applicationId) throw new Refusal('notFound')
      const entry = await tx.announcementEntry.findFirst({
        where: { applicationId, announcement: { kind: 'ADMINISTRATION' } },
        include: { announcement: true },
      })
      await sharedObjection(() =>
        fileObjection(tx, audit, {
          stage: 'ADMINISTRATION',
          applicationId,
          subject: { announcementId: entry?.announcementId ?? '' },
          agencyId: entry?.announcement.agencyId ?? '',
          positionId: entry?.announcement.positionId ?? '',
          result: entry?.result ?? null,
          window: entry?.announcement ?? null,
          reason,
          actorId: actor.actorId,
          now,
        }),
      )
      mail = await recordStatusChange(tx, {
        applicationId,
        status: 'VERIFIED_TMS',
        reason: 'Sanggah diajukan; menunggu jawaban panitia instansi.',
        actorId: actor.actorId,
        at: now,
      })
      return { ok: true as const }
    }),
  )) as ObjectionResult
  if (result.ok && mail) await sendStatusMails([mail])
  return result
}

/** The shared mechanism's refusals become this module's refusals (same codes). */
async function sharedObjection<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof ObjectionRefused) throw new Refusal(err.reason)
    throw err
  }
}

/** Objections of the caller's agencies, pending first. */
export async function listObjections(agencyIds: readonly string[]) {
  const objections = await prisma.objection.findMany({
    where: { agencyId: { in: [...agencyIds] }, stage: 'ADMINISTRATION' },
    orderBy: [{ status: 'asc' }, { submittedAt: 'asc' }],
    take: 500,
  })
  const [apps, announcements] = await Promise.all([
    prisma.application.findMany({ where: { id: { in: objections.map((o) => o.applicationId) } }, select: { id: true, registrationNumber: true } }),
    prisma.announcement.findMany({ where: { id: { in: objections.map((o) => o.announcementId).filter((id): id is string => Boolean(id)) } }, select: { id: true, panelClosesAt: true } }),
  ])
  const reasons = new Map<string, string[]>()
  for (const e of await prisma.announcementEntry.findMany({ where: { applicationId: { in: objections.map((o) => o.applicationId) }, announcement: { kind: 'ADMINISTRATION' } } })) {
    reasons.set(e.applicationId, e.reasons)
  }
  return objections.map((o) => ({
    ...o,
    registrationNumber: apps.find((a) => a.id === o.applicationId)?.registrationNumber ?? '',
    panelClosesAt: announcements.find((a) => a.id === o.announcementId)?.panelClosesAt ?? null,
    tmsReasons: reasons.get(o.applicationId) ?? [],
  }))
}

export type PanelResult = { ok: true } | { ok: false; error: 'notFound' | 'alreadyDecided' | 'panelClosed' }

/** The agency panel's answer to one objection; accepted turns the result into MS (domain.md §2). */
export async function decideObjection(
  input: { objectionId: string; agencyIds: readonly string[]; decision: 'ACCEPTED' | 'REJECTED'; reason: string },
  actor: AuditActor,
  now = new Date(),
): Promise<PanelResult> {
  let mail: MailInput | null = null
  const result = (await refusing<PanelResult, string>(() =>
    audited(actor, async (tx, audit) => {
      const objection = await sharedObjection(() =>
        decideSharedObjection(tx, audit, {
          objectionId: input.objectionId,
          scope: { stage: 'ADMINISTRATION', agencyIds: input.agencyIds },
          decision: input.decision,
          reason: input.reason,
          panelClosesAt: async (o) => (await tx.announcement.findUniqueOrThrow({ where: { id: o.announcementId! } })).panelClosesAt,
          actorId: actor.actorId,
          now,
        }),
      )
      mail = await recordStatusChange(tx, {
        applicationId: objection.applicationId,
        status: input.decision === 'ACCEPTED' ? 'VERIFIED_MS' : 'VERIFIED_TMS',
        reason: input.decision === 'ACCEPTED' ? `Sanggah diterima: ${input.reason}` : `Sanggah ditolak: ${input.reason}`,
        actorId: actor.actorId,
        at: now,
      })
      return { ok: true as const }
    }),
  )) as PanelResult
  if (result.ok && mail) await sendStatusMails([mail])
  return result
}

/** The periods with positions of these agencies (for the agency pages' period choice). */
export function periodsOfAgencies(agencyIds: readonly string[]) {
  return prisma.selectionPeriod.findMany({
    where: { positions: { some: { agencyId: { in: [...agencyIds] } } } },
    orderBy: [{ year: 'desc' }, { code: 'asc' }],
    select: { id: true, name: true, isDemo: true },
  })
}
