import { prisma, type Tx } from '~/utils/db.server'
import { audited, type AuditActor } from '~/models/audit.server'
import { sendMail } from '~/utils/mail.server'
import { windowExtensionEmail } from '~/utils/mail-templates-selection.server'
import { PeriodRulesSchema, RULES_2024, WINDOW_KINDS, isWindowOpen, type PeriodRules, type WindowKind } from '~/domain/selection/rules'
import {
  MIN_REASON_LENGTH,
  canSetWindow,
  shiftByYears,
  shiftScheduleByYears,
  validateExtension,
  validateSchedule,
  withWindow,
  type ExtensionIssue,
  type ScheduleIssue,
} from '~/domain/selection/schedule'

/**
 * Selection periods, their schedule and their rules (issue 10). Every other context reads its
 * deadlines through `getWindow` / `isWithinWindow` and its rules through `getActiveRules`.
 */

export type SelectionKind = 'CPNS' | 'PPPK'

export function listPeriods() {
  return prisma.selectionPeriod.findMany({
    orderBy: [{ year: 'desc' }, { code: 'asc' }],
    select: {
      id: true,
      code: true,
      name: true,
      kind: true,
      year: true,
      status: true,
      isDemo: true,
      _count: { select: { windows: true } },
    },
  })
}

/** The period with its windows (in schedule order, with their extensions) and the rules in force. */
export async function getPeriodByCode(code: string) {
  const period = await prisma.selectionPeriod.findUnique({
    where: { code },
    include: { windows: { include: { extensions: { orderBy: { createdAt: 'asc' } } } } },
  })
  if (!period) return null
  const [rules, copiedFrom] = await Promise.all([
    getActiveRules(period.id),
    period.copiedFromId
      ? prisma.selectionPeriod.findUnique({ where: { id: period.copiedFromId }, select: { code: true, name: true } })
      : null,
  ])
  const names = await userNames(period.windows.flatMap((w) => w.extensions.map((e) => e.createdById)))
  const windows = [...period.windows]
    .sort((a, b) => WINDOW_KINDS.indexOf(a.kind) - WINDOW_KINDS.indexOf(b.kind))
    .map((w) => ({
      ...w,
      extensions: w.extensions.map((e) => ({ ...e, createdByName: e.createdById ? (names.get(e.createdById) ?? null) : null })),
    }))
  return { ...period, windows, rules, copiedFrom }
}

/** What the public timeline shows: the period and its windows with their extensions, nothing about staff. */
export async function getPublicTimeline(code: string) {
  const period = await prisma.selectionPeriod.findUnique({
    where: { code },
    select: {
      code: true,
      name: true,
      kind: true,
      year: true,
      status: true,
      windows: {
        select: {
          kind: true,
          opensAt: true,
          closesAt: true,
          extensions: { select: { id: true, previousClosesAt: true, reason: true }, orderBy: { createdAt: 'asc' } },
        },
      },
    },
  })
  if (!period) return null
  return { ...period, windows: [...period.windows].sort((a, b) => WINDOW_KINDS.indexOf(a.kind) - WINDOW_KINDS.indexOf(b.kind)) }
}

export type CreatePeriodInput = {
  code: string
  name: string
  kind: SelectionKind
  year: number
  /** The date at which applicants' age is computed; when copying and not given, last period's date moved by the years between. */
  ageCutoffDate?: Date | null
  /** Copy the schedule (moved by the years between the periods) and the rules in force. */
  copyFromPeriodId?: string | null
}

export type CreatePeriodResult =
  | { ok: true; period: { id: string; code: string } }
  | { ok: false; error: 'codeTaken' | 'copySourceNotFound' }

class Refusal<E extends string> extends Error {
  constructor(readonly error: E) {
    super(error)
  }
}

/**
 * Creates a period. Without a source it gets RULES_2024 as rules version 1 and an empty schedule;
 * with one it gets the source's windows on the same calendar days and WIB times, `year − source
 * year` years later, and the source's rules in force as version 1.
 */
export async function createPeriod(input: CreatePeriodInput, actor: AuditActor): Promise<CreatePeriodResult> {
  try {
    return await audited(actor, async (tx, audit) => {
      if (await tx.selectionPeriod.findUnique({ where: { code: input.code }, select: { id: true } })) {
        throw new Refusal('codeTaken')
      }
      const source = input.copyFromPeriodId
        ? await tx.selectionPeriod.findUnique({
            where: { id: input.copyFromPeriodId },
            include: { windows: true, ruleVersions: { orderBy: { version: 'desc' }, take: 1 } },
          })
        : null
      if (input.copyFromPeriodId && !source) throw new Refusal('copySourceNotFound')
      const years = source ? input.year - source.year : 0
      const sourceRules = source?.ruleVersions[0]
      const rules = sourceRules ? PeriodRulesSchema.parse(sourceRules.rules) : RULES_2024
      const ageCutoffDate =
        input.ageCutoffDate ?? (source?.ageCutoffDate ? shiftDateOnly(source.ageCutoffDate, years) : null)

      const period = await tx.selectionPeriod.create({
        data: {
          code: input.code,
          name: input.name,
          kind: input.kind,
          year: input.year,
          ageCutoffDate,
          copiedFromId: source?.id ?? null,
          createdById: actor.actorId,
        },
      })
      const windows = source
        ? shiftScheduleByYears(
            source.windows.map((w) => ({ kind: w.kind, opensAt: w.opensAt, closesAt: w.closesAt })),
            years,
          )
        : []
      if (windows.length) {
        await tx.scheduleWindow.createMany({ data: windows.map((w) => ({ periodId: period.id, ...w })) })
      }
      const ruleVersion = await tx.ruleVersion.create({
        data: {
          periodId: period.id,
          version: 1,
          rules,
          reason: source
            ? `Disalin dari ${source.code}${sourceRules ? ` versi ${sourceRules.version}` : ''}`
            : 'Aturan 2024 (bawaan)',
          createdById: actor.actorId,
        },
      })
      await audit({
        action: 'period.created',
        entityType: 'SelectionPeriod',
        entityId: period.id,
        after: {
          code: period.code,
          name: period.name,
          kind: period.kind,
          year: period.year,
          ageCutoffDate: period.ageCutoffDate,
          copiedFrom: source?.code ?? null,
          windows,
        },
      })
      await audit({
        action: 'rules.saved',
        entityType: 'RuleVersion',
        entityId: ruleVersion.id,
        after: { periodCode: period.code, version: 1, rules, reason: ruleVersion.reason },
      })
      return { ok: true as const, period: { id: period.id, code: period.code } }
    })
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: err.error as 'codeTaken' | 'copySourceNotFound' }
    // Two admins creating the same code at once: the unique index decides.
    if ((err as { code?: unknown }).code === 'P2002') return { ok: false, error: 'codeTaken' }
    throw err
  }
}

/** A date-only value (ageCutoffDate, stored as midnight UTC) moved by whole years. */
function shiftDateOnly(date: Date, years: number) {
  const year = date.getUTCFullYear() + years
  const lastDay = new Date(Date.UTC(year, date.getUTCMonth() + 1, 0)).getUTCDate()
  return new Date(Date.UTC(year, date.getUTCMonth(), Math.min(date.getUTCDate(), lastDay)))
}

/**
 * Serialises schedule and rules changes of one period (row lock until commit), so two admins
 * cannot each validate against a schedule the other is changing.
 */
async function lockPeriod(tx: Tx, periodId: string) {
  const rows = await tx.$queryRaw<{ id: string; code: string; name: string }[]>`
    SELECT id, code, name FROM "SelectionPeriod" WHERE id = ${periodId} FOR UPDATE`
  return rows[0] ?? null
}

const windowSnapshot = (w: { kind: string; opensAt: Date; closesAt: Date }) => ({
  kind: w.kind,
  opensAt: w.opensAt.toISOString(),
  closesAt: w.closesAt.toISOString(),
})

export type SetWindowResult =
  | { ok: true; window: { id: string; kind: WindowKind; opensAt: Date; closesAt: Date } }
  | { ok: false; error: 'notFound' | 'alreadyOpened' }
  | { ok: false; error: 'invalid'; issues: ScheduleIssue[] }

/**
 * Sets (or replaces) one window, validated against the whole schedule. A window that has already
 * opened is refused: its close can only move later, through `extendWindow`.
 */
export async function setWindow(
  periodId: string,
  kind: WindowKind,
  opensAt: Date,
  closesAt: Date,
  actor: AuditActor,
  now: Date = new Date(),
): Promise<SetWindowResult> {
  return audited(actor, async (tx, audit): Promise<SetWindowResult> => {
    const period = await lockPeriod(tx, periodId)
    if (!period) return { ok: false, error: 'notFound' }
    const windows = await tx.scheduleWindow.findMany({ where: { periodId } })
    const existing = windows.find((w) => w.kind === kind)
    if (!canSetWindow(existing, now)) return { ok: false, error: 'alreadyOpened' }
    // Only problems this change causes count; the others (if any) are not this admin's to fix here.
    const issues = validateSchedule(withWindow(windows, { kind, opensAt, closesAt })).filter(
      (i) => i.kind === kind || (i.code === 'opensBeforeEarlier' && i.earlier === kind),
    )
    if (issues.length) return { ok: false, error: 'invalid', issues }
    const saved = await tx.scheduleWindow.upsert({
      where: { periodId_kind: { periodId, kind } },
      update: { opensAt, closesAt },
      create: { periodId, kind, opensAt, closesAt },
    })
    await audit({
      action: 'schedule.window.set',
      entityType: 'ScheduleWindow',
      entityId: saved.id,
      before: existing ? { periodCode: period.code, ...windowSnapshot(existing) } : null,
      after: { periodCode: period.code, ...windowSnapshot(saved) },
    })
    return { ok: true, window: saved }
  })
}

export type ExtendWindowResult =
  | {
      ok: true
      extension: { id: string; previousClosesAt: Date; newClosesAt: Date; reason: string }
      /** E-mails queued to applicants, and the ones that could not be queued. */
      notified: number
      notifyFailed: number
    }
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'invalid'; issues: ExtensionIssue[] }

/**
 * Moves a window's close later with a reason (ScheduleExtension + new close + audit row in one
 * transaction), then e-mails the period's applicants once it has committed.
 */
export async function extendWindow(
  periodId: string,
  kind: WindowKind,
  newClosesAt: Date,
  reason: string,
  actor: AuditActor,
): Promise<ExtendWindowResult> {
  const outcome = await audited(actor, async (tx, audit) => {
    const period = await lockPeriod(tx, periodId)
    if (!period) return { ok: false as const, error: 'notFound' as const }
    const window = await tx.scheduleWindow.findUnique({ where: { periodId_kind: { periodId, kind } } })
    if (!window) return { ok: false as const, error: 'notFound' as const }
    const issues = validateExtension(window, newClosesAt, reason)
    if (issues.length) return { ok: false as const, error: 'invalid' as const, issues }
    const extension = await tx.scheduleExtension.create({
      data: {
        windowId: window.id,
        previousClosesAt: window.closesAt,
        newClosesAt,
        reason: reason.trim(),
        createdById: actor.actorId,
      },
    })
    await tx.scheduleWindow.update({ where: { id: window.id }, data: { closesAt: newClosesAt } })
    await audit({
      action: 'schedule.window.extended',
      entityType: 'ScheduleWindow',
      entityId: window.id,
      before: { periodCode: period.code, ...windowSnapshot(window) },
      after: {
        periodCode: period.code,
        ...windowSnapshot({ ...window, closesAt: newClosesAt }),
        extensionId: extension.id,
        reason: extension.reason,
      },
    })
    return { ok: true as const, period, extension }
  })
  if (!outcome.ok) return outcome
  const { period, extension } = outcome
  const { notified, failed } = await notifyApplicants(periodId, (recipient) =>
    windowExtensionEmail({
      name: recipient.name,
      periodName: period.name,
      kind,
      previousClosesAt: extension.previousClosesAt,
      newClosesAt: extension.newClosesAt,
      reason: extension.reason,
      link: `/jadwal/${encodeURIComponent(period.code)}`,
    }),
  )
  return {
    ok: true,
    extension: {
      id: extension.id,
      previousClosesAt: extension.previousClosesAt,
      newClosesAt: extension.newClosesAt,
      reason: extension.reason,
    },
    notified,
    notifyFailed: failed,
  }
}

/**
 * Who is told about a change to a period's schedule. For now: every account holding the APPLICANT
 * role with a verified address (an unverified one may belong to someone else). The application
 * context replaces this with the applicants who applied in the period.
 */
export async function applicantRecipientsForPeriod(_periodId: string): Promise<{ email: string; name: string }[]> {
  return prisma.user.findMany({
    where: { roles: { some: { role: 'APPLICANT' } }, emailVerifiedAt: { not: null } },
    select: { email: true, name: true },
    orderBy: { email: 'asc' },
  })
}

/** Queues one e-mail per recipient; one failure does not stop the others (the change has committed). */
async function notifyApplicants(
  periodId: string,
  compose: (recipient: { email: string; name: string }) => { subject: string; text: string; html: string },
) {
  const recipients = await applicantRecipientsForPeriod(periodId)
  let notified = 0
  let failed = 0
  for (const recipient of recipients) {
    try {
      await sendMail({ to: recipient.email, ...compose(recipient), template: 'schedule-extension' })
      notified++
    } catch (err) {
      failed++
      console.error(`[period] extension notice to ${recipient.email} not queued: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  return { notified, failed }
}

export type ActiveRules = {
  version: number
  rules: PeriodRules
  reason: string | null
  createdAt: Date
  createdById: string | null
  createdByName: string | null
}

/** The rules in force: the newest version, parsed. Null when the period has none yet. */
export async function getActiveRules(periodId: string): Promise<ActiveRules | null> {
  const row = await prisma.ruleVersion.findFirst({ where: { periodId }, orderBy: { version: 'desc' } })
  if (!row) return null
  const names = await userNames([row.createdById])
  return {
    version: row.version,
    // Stored rules were validated when saved; a row that no longer parses is a defect to surface.
    rules: PeriodRulesSchema.parse(row.rules),
    reason: row.reason,
    createdAt: row.createdAt,
    createdById: row.createdById,
    createdByName: row.createdById ? (names.get(row.createdById) ?? null) : null,
  }
}

/** A refused rule value: where (`skdThresholds.general.tiu`), and an i18n-ready key with its numbers. */
export type RuleIssue = { path: string[]; message: string; minimum?: number; maximum?: number }

export type SaveRulesResult =
  | { ok: true; version: number }
  | { ok: false; error: 'notFound' | 'reasonTooShort' }
  | { ok: false; error: 'invalid'; issues: RuleIssue[] }

/** Saves the rules as a new version; invalid rules are refused with their paths and the old version stays in force. */
export async function saveRules(
  periodId: string,
  rules: unknown,
  reason: string,
  actor: AuditActor,
): Promise<SaveRulesResult> {
  const parsed = PeriodRulesSchema.safeParse(rules)
  if (!parsed.success) {
    return { ok: false, error: 'invalid', issues: parsed.error.issues.map(toRuleIssue) }
  }
  if (reason.trim().length < MIN_REASON_LENGTH) return { ok: false, error: 'reasonTooShort' }
  return audited(actor, async (tx, audit): Promise<SaveRulesResult> => {
    const period = await lockPeriod(tx, periodId)
    if (!period) return { ok: false, error: 'notFound' }
    const latest = await tx.ruleVersion.findFirst({ where: { periodId }, orderBy: { version: 'desc' } })
    const version = (latest?.version ?? 0) + 1
    const saved = await tx.ruleVersion.create({
      data: { periodId, version, rules: parsed.data, reason: reason.trim(), createdById: actor.actorId },
    })
    await audit({
      action: 'rules.saved',
      entityType: 'RuleVersion',
      entityId: saved.id,
      before: latest ? { periodCode: period.code, version: latest.version, rules: latest.rules } : null,
      after: { periodCode: period.code, version, rules: parsed.data, reason: saved.reason },
    })
    return { ok: true, version }
  })
}

function toRuleIssue(issue: { path: PropertyKey[]; message: string; code: string; minimum?: unknown; maximum?: unknown }): RuleIssue {
  const path = issue.path.map(String)
  // The schema's own refinements carry i18n keys (`rules.…`); zod's built-in checks are mapped here.
  if (issue.message.startsWith('rules.')) return { path, message: issue.message }
  if (issue.code === 'too_small') return { path, message: 'rules.tooSmall', minimum: Number(issue.minimum) }
  if (issue.code === 'too_big') return { path, message: 'rules.tooBig', maximum: Number(issue.maximum) }
  if (issue.code === 'invalid_type') return { path, message: 'rules.notANumber' }
  return { path, message: 'rules.invalid' }
}

export function getWindow(periodId: string, kind: WindowKind) {
  return prisma.scheduleWindow.findUnique({
    where: { periodId_kind: { periodId, kind } },
    select: { id: true, kind: true, opensAt: true, closesAt: true },
  })
}

/**
 * The deadline check every other context uses: whether the server's clock is inside the window
 * (opening and close inclusive, to the millisecond). False when the window is not scheduled.
 */
export async function isWithinWindow(periodId: string, kind: WindowKind, now: Date = new Date()) {
  const window = await getWindow(periodId, kind)
  return window ? isWindowOpen(window, now) : false
}

export type AgencyTotals = {
  agencyId: string
  code: string
  name: string
  kind: 'CENTRAL' | 'REGIONAL'
  positions: number
  vacancies: number
  applicants: number
  formationVersion: number | null
  formationStatus: 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'SUPERSEDED' | null
}

/**
 * Per agency taking part in the period (with published positions or a formation): active
 * positions, vacancies (sum of active Vacancy.count of active positions), finalised applicants,
 * and the status of its newest formation version; plus the national sums. Aggregated in SQL.
 */
export async function nationalTotals(periodId: string) {
  const rows = await prisma.$queryRaw<
    {
      agencyId: string
      code: string
      name: string
      kind: 'CENTRAL' | 'REGIONAL'
      positions: number
      vacancies: number
      applicants: number
      formationVersion: number | null
      formationStatus: AgencyTotals['formationStatus']
    }[]
  >`
    WITH pos AS (
      SELECT "agencyId", COUNT(*)::int AS positions
      FROM "Position"
      WHERE "periodId" = ${periodId} AND "isActive"
      GROUP BY "agencyId"
    ), vac AS (
      SELECT p."agencyId", SUM(v."count")::int AS vacancies, SUM(v."applicantCount")::int AS applicants
      FROM "Vacancy" v JOIN "Position" p ON p.id = v."positionId"
      WHERE p."periodId" = ${periodId} AND p."isActive" AND v."isActive"
      GROUP BY p."agencyId"
    ), form AS (
      SELECT DISTINCT ON ("agencyId") "agencyId", version, status::text AS status
      FROM "Formation"
      WHERE "periodId" = ${periodId}
      ORDER BY "agencyId", version DESC
    )
    SELECT a.id AS "agencyId", a.code, a.name, a.kind::text AS kind,
           COALESCE(pos.positions, 0) AS positions,
           COALESCE(vac.vacancies, 0) AS vacancies,
           COALESCE(vac.applicants, 0) AS applicants,
           form.version AS "formationVersion",
           form.status AS "formationStatus"
    FROM "Agency" a
    LEFT JOIN pos ON pos."agencyId" = a.id
    LEFT JOIN vac ON vac."agencyId" = a.id
    LEFT JOIN form ON form."agencyId" = a.id
    WHERE pos."agencyId" IS NOT NULL OR form."agencyId" IS NOT NULL
    ORDER BY a.name`
  const agencies: AgencyTotals[] = rows
  // Sums over the per-agency aggregates (one row per agency), not over positions.
  const totals = agencies.reduce(
    (t, a) => ({
      agencies: t.agencies + 1,
      positions: t.positions + a.positions,
      vacancies: t.vacancies + a.vacancies,
      applicants: t.applicants + a.applicants,
      approvedFormations: t.approvedFormations + (a.formationStatus === 'APPROVED' ? 1 : 0),
    }),
    { agencies: 0, positions: 0, vacancies: 0, applicants: 0, approvedFormations: 0 },
  )
  return { agencies, totals }
}

async function userNames(ids: (string | null)[]) {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))]
  if (!unique.length) return new Map<string, string>()
  const users = await prisma.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } })
  return new Map(users.map((u) => [u.id, u.name]))
}

/** Formasi types (umum, cumlaude, disabilitas…) in their display order. */
export function listFormasiTypes() {
  return prisma.formasiType.findMany({
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    select: { code: true, name: true, isSpecial: true },
  })
}
