import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import Papa from 'papaparse'
import { prisma, type Tx } from '~/utils/db.server'
import { audited, type AuditActor } from '~/models/audit.server'
import { RULES_2024, type PeriodRules } from '~/domain/selection/rules'
import { getActiveRules } from '~/models/period.server'
import {
  DEFAULT_REQUIRED_DOCUMENTS,
  FORMATION_TEMPLATE_EXAMPLE,
  formationRowToRecord,
  groupByPosition,
  summarizeFormation,
  validateFormation,
  type FormationContext,
  type FormationError,
  type FormationRow,
  type FormationSummary,
} from '~/domain/selection/formation'
import { readFormationFile, writeFormationCsv, writeFormationXlsx } from '~/utils/formation-files.server'
import { sendMail } from '~/utils/mail.server'
import { statusChangeEmail } from '~/utils/mail-templates.server'

/**
 * Agency formations (issue 10): versions of an agency's rows for a period, the transitions
 * DRAFT → SUBMITTED → APPROVED/REJECTED (→ SUPERSEDED), and publication into Position/Vacancy.
 * Every function that takes `agencyIds` filters by them in the query, so another agency's
 * formation is "not found" whatever id is posted.
 */
export type AgencyScope = readonly string[] | 'all'

const scopeWhere = (agencyIds: AgencyScope) => (agencyIds === 'all' ? {} : { agencyId: { in: [...agencyIds] } })

/** Formation versions without their (possibly large) rows. */
const formationListSelect = {
  id: true,
  periodId: true,
  agencyId: true,
  version: true,
  status: true,
  rowCount: true,
  totalVacancies: true,
  createdAt: true,
  submittedAt: true,
  decidedAt: true,
  decisionNote: true,
} as const

export function currentFormations(periodId: string, agencyId: string) {
  return prisma.formation.findMany({
    where: { periodId, agencyId },
    orderBy: { version: 'desc' },
    select: formationListSelect,
  })
}

export async function getFormation(formationId: string, agencyIds: AgencyScope) {
  const formation = await prisma.formation.findFirst({
    where: { id: formationId, ...scopeWhere(agencyIds) },
    include: {
      agency: { select: { id: true, code: true, name: true, kind: true } },
      period: { select: { id: true, code: true, name: true } },
    },
  })
  if (!formation) return null
  const rows = formation.rows as unknown as FormationRow[]
  return { ...formation, rows, summary: summarizeFormation(rows) }
}

export function listSubmittedFormations(periodId?: string) {
  return prisma.formation.findMany({
    where: { status: 'SUBMITTED', ...(periodId ? { periodId } : {}) },
    orderBy: { submittedAt: 'asc' },
    select: { ...formationListSelect, agency: { select: { code: true, name: true } }, period: { select: { name: true } } },
  })
}

/** Every version of every agency (newest first), for the national overview. */
export function listAllFormations(periodId?: string) {
  return prisma.formation.findMany({
    where: periodId ? { periodId } : {},
    orderBy: [{ agency: { name: 'asc' } }, { version: 'desc' }],
    select: { ...formationListSelect, agency: { select: { code: true, name: true } }, period: { select: { name: true } } },
  })
}

// ───────────────────────────── reference data ─────────────────────────────

const STUDY_PROGRAMS_FILE = path.join('prisma', 'reference', 'study-programs.csv')

/** Loads the study programme reference list (code,name,level) from its CSV; changes are audited. */
export async function loadStudyPrograms(actor: AuditActor, file = path.resolve(process.cwd(), STUDY_PROGRAMS_FILE)) {
  const text = await fs.readFile(file, 'utf8')
  const parsed = Papa.parse<{ code: string; name: string; level: string }>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
  })
  if (parsed.errors.length) throw new Error(`${file}: ${parsed.errors[0]!.message} (row ${parsed.errors[0]!.row})`)
  const programs = parsed.data.map((p) => ({ code: p.code.trim().toUpperCase(), name: p.name.trim(), level: p.level.trim().toUpperCase() }))
  const existing = new Map((await prisma.studyProgram.findMany()).map((p) => [p.code, p]))
  const created = programs.filter((p) => !existing.has(p.code))
  const changed = programs.filter((p) => {
    const e = existing.get(p.code)
    return e && (e.name !== p.name || e.level !== p.level)
  })
  if (!created.length && !changed.length) return { created: 0, updated: 0 }
  await audited(actor, async (tx, audit) => {
    if (created.length) await tx.studyProgram.createMany({ data: created, skipDuplicates: true })
    for (const p of changed) await tx.studyProgram.update({ where: { code: p.code }, data: { name: p.name, level: p.level } })
    await audit({
      action: 'studyPrograms.loaded',
      entityType: 'StudyProgram',
      entityId: 'reference',
      after: { created: created.map((p) => p.code), updated: changed.map((p) => p.code), total: programs.length },
    })
  })
  return { created: created.length, updated: changed.length }
}

/** The newest rule version of the period; the 2024 rules when the period has none yet. */
async function rulesForPeriod(periodId: string): Promise<PeriodRules> {
  return (await getActiveRules(periodId))?.rules ?? RULES_2024
}

async function formationContext(periodId: string, agencyKind: 'CENTRAL' | 'REGIONAL'): Promise<FormationContext> {
  const [formasiTypes, programs, rules] = await Promise.all([
    prisma.formasiType.findMany({ select: { code: true }, orderBy: { sortOrder: 'asc' } }),
    prisma.studyProgram.findMany({ select: { code: true, level: true } }),
    rulesForPeriod(periodId),
  ])
  return {
    formasiTypes: formasiTypes.map((f) => f.code),
    studyPrograms: new Map(programs.map((p) => [p.code, p.level])),
    agencyKind,
    skbWeightLimits: rules.skbWeightLimits,
  }
}

// ───────────────────────────── transitions ─────────────────────────────

/** One agency's formation in one period changes one transition at a time. */
async function lockFormations(tx: Tx, periodId: string, agencyId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x464f}::int, hashtext(${`${periodId}:${agencyId}`}))`
}

const rowsHash = (rows: readonly FormationRow[]) => crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex')

const stateOf = (f: { version: number; status: string; rowCount: number; totalVacancies: number }) => ({
  version: f.version,
  status: f.status,
  rowCount: f.rowCount,
  totalVacancies: f.totalVacancies,
})

export type ImportResult =
  | { ok: true; formationId: string; version: number; created: boolean; summary: FormationSummary }
  | { ok: false; kind: 'file'; error: { key: string; params?: Record<string, string | number> } }
  | { ok: false; kind: 'rows'; errors: FormationError[] }
  | { ok: false; kind: 'state'; error: string }

/**
 * Reads and validates a whole file; only a fully valid file is stored. It replaces the rows of
 * the current DRAFT version, or — when the latest version is approved or rejected, or there is
 * none — becomes a new DRAFT version. A SUBMITTED version cannot be changed.
 */
export async function importFormation(
  periodId: string,
  agencyId: string,
  file: { name: string; bytes: Uint8Array },
  actor: AuditActor,
): Promise<ImportResult> {
  const [period, agency, latest] = await Promise.all([
    prisma.selectionPeriod.findUnique({ where: { id: periodId }, select: { id: true, status: true } }),
    prisma.agency.findUnique({ where: { id: agencyId }, select: { id: true, kind: true } }),
    latestVersion(prisma, periodId, agencyId),
  ])
  if (!period || !agency) return { ok: false, kind: 'state', error: 'formation.errors.notFound' }
  if (period.status === 'CLOSED') return { ok: false, kind: 'state', error: 'formation.errors.periodClosed' }
  // Refused before the (possibly long) validation; checked again under the lock below.
  if (latest?.status === 'SUBMITTED') return { ok: false, kind: 'state', error: 'formation.errors.submittedLocked' }

  const parsed = await readFormationFile(file.bytes)
  if (!parsed.ok) return { ok: false, kind: 'file', error: parsed.error }
  const result = validateFormation(parsed.header, parsed.records, await formationContext(periodId, agency.kind))
  if (!result.ok) return { ok: false, kind: 'rows', errors: result.errors }

  const rows = result.rows
  const summary = summarizeFormation(rows)
  const fileSha256 = crypto.createHash('sha256').update(file.bytes).digest('hex')
  return audited(actor, async (tx, audit) => {
    await lockFormations(tx, periodId, agencyId)
    const current = await latestVersion(tx, periodId, agencyId)
    if (current?.status === 'SUBMITTED') return { ok: false, kind: 'state', error: 'formation.errors.submittedLocked' } as const
    const data = { rows: rows as unknown as object, rowCount: summary.rows, totalVacancies: summary.totalVacancies }
    const after = { ...summary, rowsSha256: rowsHash(rows), fileName: file.name.slice(0, 200), fileFormat: parsed.format, fileSha256 }
    if (current?.status === 'DRAFT') {
      await tx.formation.update({ where: { id: current.id }, data })
      await audit({
        action: 'formation.imported',
        entityType: 'Formation',
        entityId: current.id,
        before: stateOf(current),
        after: { ...after, version: current.version, status: 'DRAFT' },
      })
      return { ok: true, formationId: current.id, version: current.version, created: false, summary } as const
    }
    const version = (current?.version ?? 0) + 1
    const created = await tx.formation.create({
      data: { periodId, agencyId, version, status: 'DRAFT', createdById: actor.actorId, ...data },
    })
    await audit({
      action: 'formation.imported',
      entityType: 'Formation',
      entityId: created.id,
      before: current ? stateOf(current) : null,
      after: { ...after, version, status: 'DRAFT' },
    })
    return { ok: true, formationId: created.id, version, created: true, summary } as const
  })
}

function latestVersion(db: Tx | typeof prisma, periodId: string, agencyId: string) {
  return db.formation.findFirst({
    where: { periodId, agencyId },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, status: true, rowCount: true, totalVacancies: true, rows: true },
  })
}

/** A new DRAFT version starting as a copy of the latest version's rows (after approval or rejection). */
export async function startNewVersion(
  periodId: string,
  agencyId: string,
  actor: AuditActor,
): Promise<{ ok: true; formationId: string; version: number } | { ok: false; error: string }> {
  return audited(actor, async (tx, audit) => {
    await lockFormations(tx, periodId, agencyId)
    const current = await latestVersion(tx, periodId, agencyId)
    if (!current) return { ok: false, error: 'formation.errors.nothingToCopy' } as const
    if (current.status === 'DRAFT') return { ok: false, error: 'formation.errors.draftExists' } as const
    if (current.status === 'SUBMITTED') return { ok: false, error: 'formation.errors.submittedLocked' } as const
    const version = current.version + 1
    const created = await tx.formation.create({
      data: {
        periodId,
        agencyId,
        version,
        status: 'DRAFT',
        rows: current.rows as object,
        rowCount: current.rowCount,
        totalVacancies: current.totalVacancies,
        createdById: actor.actorId,
      },
    })
    await audit({
      action: 'formation.versionStarted',
      entityType: 'Formation',
      entityId: created.id,
      before: { copiedFrom: current.id, ...stateOf(current) },
      after: { version, status: 'DRAFT', rowCount: current.rowCount, totalVacancies: current.totalVacancies },
    })
    return { ok: true, formationId: created.id, version } as const
  })
}

export type TransitionResult = { ok: true } | { ok: false; error: string }

/** DRAFT → SUBMITTED, for the national admins' approval. `null` when not found in the scope. */
export async function submitFormation(formationId: string, agencyIds: AgencyScope, actor: AuditActor): Promise<TransitionResult | null> {
  const found = await prisma.formation.findFirst({ where: { id: formationId, ...scopeWhere(agencyIds) }, select: { periodId: true, agencyId: true } })
  if (!found) return null
  return audited(actor, async (tx, audit) => {
    await lockFormations(tx, found.periodId, found.agencyId)
    const f = await tx.formation.findFirstOrThrow({ where: { id: formationId }, select: { ...formationListSelect } })
    if (f.status !== 'DRAFT') return { ok: false, error: 'formation.errors.notDraft' } as const
    if (f.rowCount === 0) return { ok: false, error: 'formation.errors.emptyFormation' } as const
    const now = new Date()
    await tx.formation.update({ where: { id: f.id }, data: { status: 'SUBMITTED', submittedAt: now, submittedById: actor.actorId } })
    await audit({
      action: 'formation.submitted',
      entityType: 'Formation',
      entityId: f.id,
      before: stateOf(f),
      after: { ...stateOf(f), status: 'SUBMITTED' },
    })
    return { ok: true } as const
  })
}

export type PublicationSummary = {
  positionsCreated: number
  positionsUpdated: number
  positionsDeactivated: string[]
  vacanciesCreated: number
  vacanciesUpdated: number
  vacanciesDeactivated: number
}

/**
 * The national decision on a SUBMITTED version. Approval publishes the rows into Position,
 * Vacancy, PositionStudyProgram, PositionDocument and PositionSkbTest in the same transaction as
 * the status change and its audit rows; the previously approved version becomes SUPERSEDED.
 * `null` when there is no such formation.
 */
export async function decideFormation(
  formationId: string,
  decision: 'APPROVE' | 'REJECT',
  note: string | null,
  actor: AuditActor,
): Promise<(TransitionResult & { publication?: PublicationSummary }) | null> {
  const found = await prisma.formation.findUnique({
    where: { id: formationId },
    select: { periodId: true, agencyId: true, version: true, submittedById: true, agency: { select: { name: true } }, period: { select: { name: true } } },
  })
  if (!found) return null
  const trimmedNote = note?.trim() || null
  if (decision === 'REJECT' && !trimmedNote) return { ok: false, error: 'formation.errors.noteRequired' }

  const outcome = await audited(actor, async (tx, audit) => {
    await lockFormations(tx, found.periodId, found.agencyId)
    const f = await tx.formation.findFirstOrThrow({ where: { id: formationId } })
    if (f.status !== 'SUBMITTED') return { ok: false, error: 'formation.errors.notSubmitted' } as const
    const now = new Date()
    const status = decision === 'APPROVE' ? 'APPROVED' : 'REJECTED'
    let publication: PublicationSummary | undefined
    if (decision === 'APPROVE') {
      publication = await publish(tx, f.periodId, f.agencyId, f.version, f.rows as unknown as FormationRow[])
      const previous = await tx.formation.findMany({
        where: { periodId: f.periodId, agencyId: f.agencyId, status: 'APPROVED', id: { not: f.id } },
        select: formationListSelect,
      })
      for (const p of previous) {
        await tx.formation.update({ where: { id: p.id }, data: { status: 'SUPERSEDED' } })
        await audit({
          action: 'formation.superseded',
          entityType: 'Formation',
          entityId: p.id,
          before: stateOf(p),
          after: { ...stateOf(p), status: 'SUPERSEDED', supersededBy: f.id },
        })
      }
    }
    await tx.formation.update({
      where: { id: f.id },
      data: { status, decidedAt: now, decidedById: actor.actorId, decisionNote: trimmedNote },
    })
    await audit({
      action: decision === 'APPROVE' ? 'formation.approved' : 'formation.rejected',
      entityType: 'Formation',
      entityId: f.id,
      before: stateOf(f),
      after: { ...stateOf(f), status, note: trimmedNote, ...(publication ? { publication } : {}) },
    })
    return { ok: true, publication } as const
  }, { timeoutMs: 120_000 }) // publishing thousands of rows outlasts the default 5 s

  if (outcome.ok && found.submittedById) await notifySubmitter(found, decision, trimmedNote)
  return outcome
}


const CHUNK = 2000
function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Upserts by natural keys — Position by (period, agency, code), Vacancy by (position, formasi
 * type, location) — so ids that applications refer to stay stable. Positions and vacancies that
 * the new version no longer has are deactivated, never deleted. Bulk statements keep the number
 * of queries independent of the number of rows.
 */
async function publish(tx: Tx, periodId: string, agencyId: string, version: number, rows: readonly FormationRow[]): Promise<PublicationSummary> {
  const positions = groupByPosition(rows)
  const existing = await tx.position.findMany({ where: { periodId, agencyId }, select: { id: true, code: true, isActive: true } })
  const existingByCode = new Map(existing.map((p) => [p.code, p]))
  const fields = (p: (typeof positions)[number]) => ({
    name: p.positionName,
    unit: p.unit,
    educationLevels: p.educationLevels,
    minGpa: p.minGpa,
    minAge: p.minAge,
    maxAge: p.maxAge,
    catWeight: p.catWeight,
  })

  const toCreate = positions.filter((p) => !existingByCode.has(p.code))
  for (const part of chunks(toCreate)) {
    await tx.position.createMany({
      data: part.map((p) => ({ periodId, agencyId, code: p.code, ...fields(p), formationVersion: version, isActive: true })),
    })
  }
  const toUpdate = positions.filter((p) => existingByCode.has(p.code))
  for (const part of chunks(toUpdate)) {
    const json = JSON.stringify(part.map((p) => ({ id: existingByCode.get(p.code)!.id, ...fields(p) })))
    await tx.$executeRaw`
      UPDATE "Position" AS p
      SET "name" = x."name", "unit" = x."unit", "educationLevels" = x."educationLevels", "minGpa" = x."minGpa",
          "minAge" = x."minAge", "maxAge" = x."maxAge", "catWeight" = x."catWeight",
          "formationVersion" = ${version}, "isActive" = true, "updatedAt" = (now() AT TIME ZONE 'UTC')
      FROM jsonb_to_recordset(${json}::jsonb) AS x("id" text, "name" text, "unit" text, "educationLevels" text[],
           "minGpa" numeric, "minAge" int, "maxAge" int, "catWeight" int)
      WHERE p."id" = x."id"`
  }

  const codes = new Set(positions.map((p) => p.code))
  const dropped = existing.filter((p) => !codes.has(p.code) && p.isActive)
  for (const part of chunks(dropped.map((p) => p.id))) {
    await tx.position.updateMany({ where: { id: { in: part } }, data: { isActive: false } })
  }
  let vacanciesDeactivated = 0
  for (const part of chunks(existing.filter((p) => !codes.has(p.code)).map((p) => p.id))) {
    vacanciesDeactivated += (await tx.vacancy.updateMany({ where: { positionId: { in: part }, isActive: true }, data: { isActive: false } })).count
  }

  const all = await tx.position.findMany({ where: { periodId, agencyId }, select: { id: true, code: true } })
  const idOf = new Map(all.map((p) => [p.code, p.id]))
  const keptIds = positions.map((p) => idOf.get(p.code)!)

  // Study programmes: a join table without ids of its own, so it is simply replaced.
  for (const part of chunks(keptIds)) await tx.positionStudyProgram.deleteMany({ where: { positionId: { in: part } } })
  const programPairs = positions.flatMap((p) => p.studyPrograms.map((code) => ({ positionId: idOf.get(p.code)!, studyProgramCode: code })))
  for (const part of chunks(programPairs)) await tx.positionStudyProgram.createMany({ data: part })

  // Default documents: added where missing (an agency's own additions are left alone).
  const documents = JSON.stringify(DEFAULT_REQUIRED_DOCUMENTS.map((d, i) => ({ ...d, sortOrder: i })))
  for (const part of chunks(keptIds)) {
    await tx.$executeRaw`
      INSERT INTO "PositionDocument" ("id", "positionId", "code", "label", "format", "maxKb", "required", "sortOrder")
      SELECT gen_random_uuid()::text, pid, d."code", d."label", d."format"::"DocumentFormat", d."maxKb", d."required", d."sortOrder"
      FROM jsonb_array_elements_text(${JSON.stringify(part)}::jsonb) AS pid
      CROSS JOIN jsonb_to_recordset(${documents}::jsonb) AS d("code" text, "label" text, "format" text, "maxKb" int, "required" boolean, "sortOrder" int)
      ON CONFLICT ("positionId", "code") DO NOTHING`
  }

  // Additional SKB tests: kept by (position, type) so scores recorded against them stay attached.
  const wantedTests = positions.flatMap((p) => p.skbTests.map((t) => ({ positionId: idOf.get(p.code)!, ...t })))
  const wantedKeys = new Set(wantedTests.map((t) => `${t.positionId}:${t.type}`))
  const existingTests: { id: string; positionId: string; type: string }[] = []
  for (const part of chunks(keptIds)) {
    existingTests.push(...(await tx.positionSkbTest.findMany({ where: { positionId: { in: part } }, select: { id: true, positionId: true, type: true } })))
  }
  const removedTests = existingTests.filter((t) => !wantedKeys.has(`${t.positionId}:${t.type}`)).map((t) => t.id)
  for (const part of chunks(removedTests)) await tx.positionSkbTest.deleteMany({ where: { id: { in: part } } })
  for (const part of chunks(wantedTests)) {
    await tx.$executeRaw`
      INSERT INTO "PositionSkbTest" ("id", "positionId", "type", "weight", "eliminating")
      SELECT gen_random_uuid()::text, x."positionId", x."type", x."weight", x."eliminating"
      FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS x("positionId" text, "type" text, "weight" int, "eliminating" boolean)
      ON CONFLICT ("positionId", "type") DO UPDATE SET "weight" = EXCLUDED."weight", "eliminating" = EXCLUDED."eliminating"`
  }

  // Vacancies.
  const existingVacancies: { id: string; positionId: string; formasiTypeCode: string; location: string; count: number; isActive: boolean }[] = []
  for (const part of chunks(keptIds)) {
    existingVacancies.push(
      ...(await tx.vacancy.findMany({
        where: { positionId: { in: part } },
        select: { id: true, positionId: true, formasiTypeCode: true, location: true, count: true, isActive: true },
      })),
    )
  }
  const vKey = (positionId: string, formasiType: string, location: string) => `${positionId}\u0000${formasiType}\u0000${location}`
  const existingV = new Map(existingVacancies.map((v) => [vKey(v.positionId, v.formasiTypeCode, v.location), v]))
  const wantedV = positions.flatMap((p) => p.vacancies.map((v) => ({ positionId: idOf.get(p.code)!, ...v })))
  const wantedVKeys = new Set(wantedV.map((v) => vKey(v.positionId, v.formasiType, v.location)))
  const newV = wantedV.filter((v) => !existingV.has(vKey(v.positionId, v.formasiType, v.location)))
  for (const part of chunks(newV)) {
    await tx.vacancy.createMany({
      data: part.map((v) => ({ positionId: v.positionId, formasiTypeCode: v.formasiType, location: v.location, count: v.count, isActive: true })),
    })
  }
  const changedV = wantedV.flatMap((v) => {
    const e = existingV.get(vKey(v.positionId, v.formasiType, v.location))
    return e && (e.count !== v.count || !e.isActive) ? [{ id: e.id, count: v.count }] : []
  })
  for (const part of chunks(changedV)) {
    await tx.$executeRaw`
      UPDATE "Vacancy" AS v SET "count" = x."count", "isActive" = true
      FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS x("id" text, "count" int)
      WHERE v."id" = x."id"`
  }
  const droppedV = existingVacancies.filter((v) => v.isActive && !wantedVKeys.has(vKey(v.positionId, v.formasiTypeCode, v.location)))
  for (const part of chunks(droppedV.map((v) => v.id))) {
    vacanciesDeactivated += (await tx.vacancy.updateMany({ where: { id: { in: part } }, data: { isActive: false } })).count
  }

  return {
    positionsCreated: toCreate.length,
    positionsUpdated: toUpdate.length,
    positionsDeactivated: dropped.map((p) => p.code),
    vacanciesCreated: newV.length,
    vacanciesUpdated: changedV.length,
    vacanciesDeactivated,
  }
}

async function notifySubmitter(
  f: { submittedById: string | null; version: number; agency: { name: string }; period: { name: string } },
  decision: 'APPROVE' | 'REJECT',
  note: string | null,
) {
  const submitter = f.submittedById
    ? await prisma.user.findUnique({ where: { id: f.submittedById }, select: { email: true, name: true } })
    : null
  if (!submitter) return
  const mail = statusChangeEmail({
    name: submitter.name,
    item: `Formasi ${f.agency.name} — ${f.period.name} (versi ${f.version})`,
    itemEn: `Formation of ${f.agency.name} — ${f.period.name} (version ${f.version})`,
    status: decision === 'APPROVE' ? 'Disetujui dan diumumkan' : 'Ditolak',
    statusEn: decision === 'APPROVE' ? 'Approved and published' : 'Rejected',
    note,
    link: '/instansi/formasi',
  })
  // After the commit: a failed mail must not undo the decision.
  await sendMail({ to: submitter.email, ...mail, template: 'formation-decision' }).catch((err) => {
    console.error('formation decision mail could not be queued', err)
  })
}

// ───────────────────────────── files ─────────────────────────────

export type FormationFileFormat = 'xlsx' | 'csv'
export type FormationDownload = { fileName: string; contentType: string; body: Buffer }

const CONTENT_TYPES: Record<FormationFileFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
}

async function toFile(records: Parameters<typeof writeFormationCsv>[0], format: FormationFileFormat) {
  return format === 'xlsx' ? writeFormationXlsx(records) : Buffer.from(writeFormationCsv(records), 'utf8')
}

/** A version's rows in the import format; `null` when not found in the scope. */
export async function exportFormation(formationId: string, agencyIds: AgencyScope, format: FormationFileFormat): Promise<FormationDownload | null> {
  const f = await getFormation(formationId, agencyIds)
  if (!f) return null
  const body = await toFile(f.rows.map(formationRowToRecord), format)
  const slug = `${f.agency.code}-${f.period.code}-v${f.version}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-')
  return { fileName: `formasi-${slug}.${format}`, contentType: CONTENT_TYPES[format], body }
}

/** An empty formation file: the header and one example row. */
export async function formationTemplate(format: FormationFileFormat): Promise<FormationDownload> {
  return { fileName: `templat-formasi.${format}`, contentType: CONTENT_TYPES[format], body: await toFile([FORMATION_TEMPLATE_EXAMPLE], format) }
}
