import { prisma, type Prisma, type Tx } from '~/utils/db.server'
import { Decimal } from '~/generated/prisma/internal/prismaNamespace'
import { audited, type AuditActor } from '~/models/audit.server'
import { getActiveRules } from '~/models/period.server'
import { sendMail, type MailInput } from '~/utils/mail.server'
import { statusChangeEmail } from '~/utils/mail-templates.server'
import { putBytes, readStoredFile, recordStoredFile, MIME_TYPES, type SniffedType } from '~/utils/storage.server'
import { RULES_2024, isWindowOpen } from '~/domain/selection/rules'
import { checkEligibility, type EligibilityProblem } from '~/domain/application/eligibility'
import {
  BiodataSchema,
  EducationSchema,
  StoredEducationSchema,
  WorkHistorySchema,
  formatRegistrationNumber,
  missingSteps,
  stepStatus,
  wibDate,
  type Biodata,
  type Education,
  type StepKey,
  type WorkEntry,
} from '~/domain/application/steps'

/**
 * One application per applicant and period (domain.md §1 B; issue 4). Every query filters by the
 * owner (`where: { id, userId }`), so a forgotten check in a route cannot reach another
 * applicant's record. Changes are refused once the application is no longer a DRAFT.
 */

export type ApplicationStatus = 'DRAFT' | 'SUBMITTED' | 'VERIFIED_MS' | 'VERIFIED_TMS' | 'WITHDRAWN'

/** The applicant's application for their period, created as an empty DRAFT on first visit. */
export async function getOrCreateDraft(userId: string, periodId: string) {
  const existing = await prisma.application.findUnique({ where: { periodId_userId: { periodId, userId } } })
  if (existing) return existing
  const period = await prisma.selectionPeriod.findUniqueOrThrow({ where: { id: periodId }, select: { kind: true } })
  // Two tabs opening the first page at once: the unique (periodId, userId) keeps one row.
  await prisma.application.createMany({
    data: [{ periodId, userId, selectionKind: period.kind, status: 'DRAFT' }],
    skipDuplicates: true,
  })
  return prisma.application.findUniqueOrThrow({ where: { periodId_userId: { periodId, userId } } })
}

const vacancySelect = {
  id: true,
  location: true,
  count: true,
  formasiType: { select: { code: true, name: true } },
  position: {
    select: {
      id: true,
      code: true,
      name: true,
      unit: true,
      periodId: true,
      educationLevels: true,
      minGpa: true,
      minAge: true,
      maxAge: true,
      agency: { select: { code: true, name: true } },
      studyPrograms: { select: { studyProgramCode: true } },
      documents: { orderBy: [{ sortOrder: 'asc' as const }, { code: 'asc' as const }] },
    },
  },
} satisfies Prisma.VacancySelect

/** The application with its choice, current documents, status history and step status. */
export async function getApplication(userId: string, periodId: string) {
  const loaded = await loadApplicationWithHistory(userId, periodId)
  if (!loaded) return null
  const { vacancy, ...application } = loaded
  const required = vacancy?.position.documents.filter((d) => d.required).map((d) => d.code) ?? []
  const steps = stepStatus({
    selectionKind: application.selectionKind,
    biodata: application.biodata,
    vacancyId: application.vacancyId,
    education: application.education,
    workHistory: application.workHistory,
    requiredDocuments: required,
    uploadedDocuments: application.documents.map((d) => d.code),
  })
  return { application, vacancy, steps }
}

type ApplicationWithHistory = Prisma.ApplicationGetPayload<{ include: { documents: true; events: true } }>
type ChosenVacancy = Prisma.VacancyGetPayload<{ select: typeof vacancySelect }>
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] }
type VacancyJson = Omit<ChosenVacancy, 'position'> & { position: Omit<ChosenVacancy['position'], 'minGpa'> & { minGpa: string | null } }

/**
 * The application with its current documents (oldest first), status history (oldest first) and
 * chosen vacancy (as `vacancySelect` gives it), in ONE statement: every step page loads it, and
 * through Prisma it took five queries and several times the CPU (issue 4's registration bench,
 * ADR 023 and its addendum). Times come back as ISO instants in UTC and are turned into Dates, the
 * minimum GPA as text into a Decimal, so callers see what the Prisma queries gave them.
 */
async function loadApplicationWithHistory(userId: string, periodId: string): Promise<(ApplicationWithHistory & { vacancy: ChosenVacancy | null }) | null> {
  type Row = Omit<ApplicationWithHistory, 'documents' | 'events'> & {
    documents: Json<ApplicationWithHistory['documents'][number]>[] | string
    events: Json<ApplicationWithHistory['events'][number]>[] | string
    vacancy: VacancyJson | string | null
  }
  // uploadedAt is a timestamp without zone holding UTC (Prisma's DateTime); at is timestamptz.
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT a.*,
      COALESCE((
        SELECT json_agg(json_build_object(
          'id', d.id, 'applicationId', d."applicationId", 'code', d.code, 'fileHash', d."fileHash",
          'fileName', d."fileName", 'mime', d.mime, 'size', d.size,
          'uploadedAt', to_char(d."uploadedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'replacedAt', NULL
        ) ORDER BY d."uploadedAt", d.id)
        FROM "ApplicationDocument" d WHERE d."applicationId" = a.id AND d."replacedAt" IS NULL
      ), '[]'::json) AS documents,
      COALESCE((
        SELECT json_agg(json_build_object(
          'id', e.id, 'applicationId', e."applicationId", 'status', e.status, 'reason', e.reason, 'actorId', e."actorId",
          'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        ) ORDER BY e.at, e.id)
        FROM "ApplicationStatusEvent" e WHERE e."applicationId" = a.id
      ), '[]'::json) AS events,
      (
        SELECT json_build_object(
          'id', v.id, 'location', v.location, 'count', v.count,
          'formasiType', json_build_object('code', f.code, 'name', f.name),
          'position', json_build_object(
            'id', p.id, 'code', p.code, 'name', p.name, 'unit', p.unit, 'periodId', p."periodId",
            'educationLevels', to_json(p."educationLevels"), 'minGpa', p."minGpa"::text,
            'minAge', p."minAge", 'maxAge', p."maxAge",
            'agency', json_build_object('code', ag.code, 'name', ag.name),
            'studyPrograms', COALESCE((
              SELECT json_agg(json_build_object('studyProgramCode', sp."studyProgramCode"))
              FROM "PositionStudyProgram" sp WHERE sp."positionId" = p.id
            ), '[]'::json),
            'documents', COALESCE((
              SELECT json_agg(json_build_object(
                'id', pd.id, 'positionId', pd."positionId", 'code', pd.code, 'label', pd.label,
                'format', pd.format, 'maxKb', pd."maxKb", 'required', pd.required, 'sortOrder', pd."sortOrder"
              ) ORDER BY pd."sortOrder", pd.code)
              FROM "PositionDocument" pd WHERE pd."positionId" = p.id
            ), '[]'::json)
          ))
        FROM "Vacancy" v
        JOIN "FormasiType" f ON f.code = v."formasiTypeCode"
        JOIN "Position" p ON p.id = v."positionId"
        JOIN "Agency" ag ON ag.id = p."agencyId"
        WHERE v.id = a."vacancyId"
      ) AS vacancy
    FROM "Application" a
    WHERE a."periodId" = ${periodId} AND a."userId" = ${userId}`
  const row = rows[0]
  if (!row) return null
  const parsed = <T,>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)
  const vacancy = row.vacancy === null ? null : parsed(row.vacancy)
  return {
    ...row,
    documents: parsed(row.documents).map((d) => ({ ...d, uploadedAt: new Date(d.uploadedAt), replacedAt: null })),
    events: parsed(row.events).map((e) => ({ ...e, at: new Date(e.at) })),
    vacancy: vacancy && {
      ...vacancy,
      position: { ...vacancy.position, minGpa: vacancy.position.minGpa === null ? null : new Decimal(vacancy.position.minGpa) },
    },
  }
}

export type VacancyChoice = NonNullable<Awaited<ReturnType<typeof getVacancyChoice>>>

/** A vacancy of the given period, as the formasi step shows it; null for another period's or a withdrawn one. */
export function getVacancyChoice(vacancyId: string, periodId: string) {
  return prisma.vacancy.findFirst({
    where: { id: vacancyId, isActive: true, position: { periodId, isActive: true } },
    select: vacancySelect,
  })
}

// ───────────────────────── eligibility ─────────────────────────

type EligibilityContext = {
  selectionKind: 'CPNS' | 'PPPK'
  birthDate: Date
  periodId: string
  education: unknown
  workHistory: unknown
}

/**
 * Eligibility for a vacancy (domain.md §1 "Eligibility"). Age at the period's cut-off date, or the
 * registration close date (WIB) when none is set; limits from the rules in force. Before the
 * education step is filled only the age can be judged; `complete` asks for every rule.
 */
export async function eligibilityFor(
  vacancy: Pick<VacancyChoice, 'formasiType' | 'position'>,
  ctx: EligibilityContext,
  opts: { complete: boolean },
  db: Pick<Tx, 'selectionPeriod' | 'scheduleWindow'> = prisma,
): Promise<EligibilityProblem[]> {
  // One after the other: inside a transaction the queries share one connection.
  const period = await db.selectionPeriod.findUniqueOrThrow({ where: { id: ctx.periodId }, select: { ageCutoffDate: true } })
  const window = await db.scheduleWindow.findUnique({
    where: { periodId_kind: { periodId: ctx.periodId, kind: 'REGISTRATION' } },
    select: { closesAt: true },
  })
  const active = await getActiveRules(ctx.periodId)
  const cutoff = period.ageCutoffDate ? utcDate(period.ageCutoffDate) : window ? wibDate(window.closesAt) : utcDate(new Date())
  const education = StoredEducationSchema.safeParse(ctx.education)
  const history = WorkHistorySchema.safeParse(ctx.workHistory ?? [])
  const problems = checkEligibility({
    selectionKind: ctx.selectionKind,
    birthDate: utcDate(ctx.birthDate),
    cutoffDate: cutoff,
    periodAgeLimits: (active?.rules ?? RULES_2024).ageLimits,
    position: {
      educationLevels: vacancy.position.educationLevels,
      studyProgramCodes: vacancy.position.studyPrograms.map((s) => s.studyProgramCode),
      minGpa: vacancy.position.minGpa === null ? null : Number(vacancy.position.minGpa),
      minAge: vacancy.position.minAge,
      maxAge: vacancy.position.maxAge,
    },
    formasiType: vacancy.formasiType.code,
    education: education.success
      ? { level: education.data.level, studyProgramCode: education.data.studyProgramCode, gpa: education.data.gpa, cumlaude: education.data.cumlaude }
      : { level: '', studyProgramCode: null, gpa: null },
    workHistoryCount: history.success ? history.data.length : 0,
  })
  if (opts.complete) return problems
  return problems.filter((p) => {
    if (p.rule === 'pppk.workHistory') return false
    if (!education.success && (p.rule.startsWith('education.') || p.rule === 'formasi.cumlaude')) return false
    return true
  })
}

function utcDate(date: Date) {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }
}

// ───────────────────────── saving steps ─────────────────────────

export type SaveResult = { ok: true } | { ok: false; error: 'locked' | 'notFound' | 'closed' | 'unknownStudyProgram' }

class Refusal<E extends string> extends Error {
  constructor(
    readonly error: E,
    readonly detail?: unknown,
  ) {
    super(error)
  }
}

/** Locks the owner's application row for this transaction and returns it; refuses anything but a DRAFT. */
async function lockDraft(tx: Tx, applicationId: string, userId: string) {
  const rows = await tx.$queryRaw<{ id: string; status: ApplicationStatus; periodId: string }[]>`
    SELECT id, status::text AS status, "periodId" FROM "Application" WHERE id = ${applicationId} AND "userId" = ${userId} FOR UPDATE`
  const row = rows[0]
  if (!row) throw new Refusal('notFound')
  if (row.status !== 'DRAFT') throw new Refusal('locked')
  return tx.application.findUniqueOrThrow({ where: { id: applicationId } })
}

async function registrationOpen(db: Pick<Tx, 'scheduleWindow'>, periodId: string, now: Date) {
  const window = await db.scheduleWindow.findUnique({
    where: { periodId_kind: { periodId, kind: 'REGISTRATION' } },
    select: { opensAt: true, closesAt: true },
  })
  return window ? isWindowOpen(window, now) : false
}

async function refusing<T, E extends string>(work: () => Promise<T>): Promise<T | { ok: false; error: E; detail?: unknown }> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: err.error as E, ...(err.detail ? { detail: err.detail } : {}) }
    throw err
  }
}

type StepField = 'biodata' | 'education' | 'workHistory'

async function saveStep(
  applicationId: string,
  userId: string,
  field: StepField,
  value: Biodata | Education | WorkEntry[],
  actor: AuditActor,
  now: Date,
): Promise<SaveResult> {
  return refusing(() =>
    audited(actor, async (tx, audit) => {
      const draft = await lockDraft(tx, applicationId, userId)
      if (!(await registrationOpen(tx, draft.periodId, now))) throw new Refusal('closed')
      if (field === 'education') {
        const code = (value as Education).studyProgramCode
        const programme = await tx.studyProgram.findUnique({ where: { code }, select: { level: true } })
        if (!programme || programme.level !== (value as Education).level) throw new Refusal('unknownStudyProgram')
      }
      await tx.application.update({ where: { id: draft.id }, data: { [field]: value } })
      await audit({
        action: `application.${field}.save`,
        entityType: 'Application',
        entityId: draft.id,
        before: draft[field],
        after: value,
      })
      return { ok: true as const }
    }),
  )
}

export function saveBiodata(applicationId: string, userId: string, value: Biodata, actor: AuditActor, now = new Date()) {
  return saveStep(applicationId, userId, 'biodata', BiodataSchema.parse(value), actor, now)
}

export function saveEducation(applicationId: string, userId: string, value: Education, actor: AuditActor, now = new Date()) {
  return saveStep(applicationId, userId, 'education', value, actor, now)
}

export function saveWorkHistory(applicationId: string, userId: string, value: WorkEntry[], actor: AuditActor, now = new Date()) {
  return saveStep(applicationId, userId, 'workHistory', WorkHistorySchema.parse(value), actor, now)
}

// ───────────────────────── the choice of formasi ─────────────────────────

export type ChooseResult =
  | { ok: true }
  | { ok: false; error: 'locked' | 'notFound' | 'closed' | 'vacancyNotFound' | 'kindMismatch' }
  | { ok: false; error: 'otherChoice'; detail: { currentVacancyId: string } }
  | { ok: false; error: 'ineligible'; detail: EligibilityProblem[] }

/**
 * Chooses the one vacancy of this period (one agency, one position, one formasi type). An existing
 * different choice is replaced only with `replace: true` (the applicant's explicit "Ganti
 * pilihan"); after finalising every choice is refused.
 */
export async function chooseVacancy(
  input: { applicationId: string; userId: string; vacancyId: string; replace: boolean; birthDate: Date },
  actor: AuditActor,
  now = new Date(),
): Promise<ChooseResult> {
  return (await refusing<ChooseResult, string>(() =>
    audited(actor, async (tx, audit) => {
      const draft = await lockDraft(tx, input.applicationId, input.userId)
      if (!(await registrationOpen(tx, draft.periodId, now))) throw new Refusal('closed')
      const vacancy = await tx.vacancy.findFirst({
        where: { id: input.vacancyId, isActive: true, position: { periodId: draft.periodId, isActive: true } },
        select: vacancySelect,
      })
      if (!vacancy) throw new Refusal('vacancyNotFound')
      const period = await tx.selectionPeriod.findUniqueOrThrow({ where: { id: vacancy.position.periodId }, select: { kind: true } })
      if (period.kind !== draft.selectionKind) throw new Refusal('kindMismatch')
      if (draft.vacancyId === vacancy.id) return { ok: true as const }
      if (draft.vacancyId && !input.replace) throw new Refusal('otherChoice', { currentVacancyId: draft.vacancyId })
      const problems = await eligibilityFor(
        vacancy,
        { selectionKind: draft.selectionKind, birthDate: input.birthDate, periodId: draft.periodId, education: draft.education, workHistory: draft.workHistory },
        { complete: false },
        tx,
      )
      if (problems.length) throw new Refusal('ineligible', problems)
      // Documents belong to the position they were uploaded for: a new choice starts them afresh
      // (the old ones stay, marked replaced, in the audit trail).
      const replaced = draft.vacancyId
        ? await tx.applicationDocument.updateMany({ where: { applicationId: draft.id, replacedAt: null }, data: { replacedAt: now } })
        : { count: 0 }
      await tx.application.update({ where: { id: draft.id }, data: { vacancyId: vacancy.id } })
      await audit({
        action: draft.vacancyId ? 'application.vacancy.replace' : 'application.vacancy.choose',
        entityType: 'Application',
        entityId: draft.id,
        before: { vacancyId: draft.vacancyId },
        after: { vacancyId: vacancy.id, positionCode: vacancy.position.code, agency: vacancy.position.agency.code, documentsReplaced: replaced.count },
      })
      return { ok: true as const }
    }),
  )) as ChooseResult
}

// ───────────────────────── documents ─────────────────────────

export type UploadResult = { ok: true; documentId: string } | { ok: false; error: 'locked' | 'notFound' | 'closed' | 'unknownDocument' | 'wrongType' | 'tooLarge' | 'empty' }

/**
 * Stores one checked upload for a document of the chosen position. The route has already checked
 * the bytes against the rule from `documentRules`; the rule is checked again here against the
 * stored position, so a stale form cannot slip a file past it. A previous version of the same
 * document is marked replaced (kept, audited).
 */
export async function uploadDocument(
  input: { applicationId: string; userId: string; code: string; bytes: Buffer; type: SniffedType; fileName: string },
  actor: AuditActor,
  now = new Date(),
): Promise<UploadResult> {
  if (input.bytes.byteLength === 0) return { ok: false, error: 'empty' }
  const stored = await putBytes(input.bytes)
  return refusing(() =>
    audited(actor, async (tx, audit) => {
      const draft = await lockDraft(tx, input.applicationId, input.userId)
      if (!(await registrationOpen(tx, draft.periodId, now))) throw new Refusal('closed')
      const rule = draft.vacancyId
        ? await tx.positionDocument.findFirst({ where: { code: input.code, position: { vacancies: { some: { id: draft.vacancyId } } } } })
        : null
      if (!rule) throw new Refusal('unknownDocument')
      if (rule.format !== input.type) throw new Refusal('wrongType')
      if (input.bytes.byteLength > rule.maxKb * 1024) throw new Refusal('tooLarge')
      await recordStoredFile(tx, { hash: stored.hash, size: stored.size, mime: MIME_TYPES[input.type] })
      const previous = await tx.applicationDocument.findMany({ where: { applicationId: draft.id, code: input.code, replacedAt: null } })
      if (previous.length) {
        await tx.applicationDocument.updateMany({ where: { id: { in: previous.map((p) => p.id) } }, data: { replacedAt: now } })
      }
      const document = await tx.applicationDocument.create({
        data: {
          applicationId: draft.id,
          code: input.code,
          fileHash: stored.hash,
          fileName: input.fileName.slice(0, 200),
          mime: MIME_TYPES[input.type],
          size: stored.size,
          uploadedAt: now,
        },
      })
      await audit({
        action: previous.length ? 'application.document.replace' : 'application.document.upload',
        entityType: 'Application',
        entityId: draft.id,
        before: previous.length ? previous.map((p) => ({ id: p.id, code: p.code, fileHash: p.fileHash, size: p.size })) : null,
        after: { id: document.id, code: document.code, fileHash: document.fileHash, size: document.size, fileName: document.fileName },
      })
      return { ok: true as const, documentId: document.id }
    }),
  )
}

/** An owner's document with its bytes; null for another applicant's id (the route answers 404). */
export async function getOwnDocument(documentId: string, userId: string) {
  const document = await prisma.applicationDocument.findFirst({ where: { id: documentId, application: { userId } } })
  if (!document) return null
  const file = await readStoredFile(document.fileHash)
  return file ? { document, bytes: file.bytes } : null
}

// ───────────────────────── status changes ─────────────────────────

export const STATUS_LABELS: Record<ApplicationStatus, { id: string; en: string }> = {
  DRAFT: { id: 'Belum diakhiri', en: 'Not finalised' },
  SUBMITTED: { id: 'Sudah diakhiri', en: 'Finalised' },
  VERIFIED_MS: { id: 'Memenuhi Syarat (MS)', en: 'Eligible (MS)' },
  VERIFIED_TMS: { id: 'Tidak Memenuhi Syarat (TMS)', en: 'Not eligible (TMS)' },
  WITHDRAWN: { id: 'Dibatalkan', en: 'Withdrawn' },
}

/**
 * Every change of an application's status: writes the new status and an ApplicationStatusEvent
 * with its reason, inside the caller's transaction, and returns the e-mail to send. The caller
 * passes it to `sendStatusMails` after the transaction commits (a rolled-back change sends
 * nothing). The verification issue reuses this for MS/TMS.
 */
export async function recordStatusChange(
  tx: Tx,
  input: { applicationId: string; status: ApplicationStatus; reason: string; actorId: string | null; at: Date; extra?: { registrationNumber?: string; finalizedAt?: Date } },
): Promise<MailInput> {
  const application = await tx.application.update({
    where: { id: input.applicationId },
    data: { status: input.status, ...input.extra },
    select: { userId: true, periodId: true, vacancyId: true },
  })
  await tx.applicationStatusEvent.create({
    data: { applicationId: input.applicationId, status: input.status, reason: input.reason, actorId: input.actorId, at: input.at },
  })
  const user = await tx.user.findUniqueOrThrow({ where: { id: application.userId }, select: { email: true, name: true } })
  const identity = await tx.applicantIdentity.findUnique({ where: { userId: application.userId }, select: { fullName: true } })
  const period = await tx.selectionPeriod.findUniqueOrThrow({ where: { id: application.periodId }, select: { name: true } })
  const vacancy = application.vacancyId
    ? await tx.vacancy.findUnique({ where: { id: application.vacancyId }, select: { position: { select: { name: true } } } })
    : null
  const item = `Lamaran ${period.name}${vacancy ? ` – ${vacancy.position.name}` : ''}`
  const content = statusChangeEmail({
    name: identity?.fullName ?? user.name,
    item,
    itemEn: `application ${period.name}${vacancy ? ` – ${vacancy.position.name}` : ''}`,
    status: STATUS_LABELS[input.status].id,
    statusEn: STATUS_LABELS[input.status].en,
    note: input.reason,
    link: '/lamaran',
  })
  return { to: user.email, ...content, template: 'application-status' }
}

/** Queues the e-mails of committed status changes. */
export async function sendStatusMails(mails: MailInput[]) {
  for (const mail of mails) await sendMail(mail)
}

// ───────────────────────── finalise ─────────────────────────

export type FinaliseResult =
  | { ok: true; registrationNumber: string }
  | { ok: false; error: 'locked' | 'notFound' | 'closed'; detail?: unknown }
  | { ok: false; error: 'incomplete'; detail: StepKey[] }
  | { ok: false; error: 'ineligible'; detail: EligibilityProblem[] }

/** Namespace of the advisory lock that serialises the registration-number sequence of a period. */
const NUMBER_LOCK_NAMESPACE = 0x4150 // "AP"

/**
 * "Akhiri pendaftaran": one transaction that locks the application row, re-checks everything
 * (still a DRAFT, the registration window open at `now` by the server's clock, every step and
 * every required document present, eligibility), assigns the registration number, marks it
 * SUBMITTED, counts the applicant on the vacancy and records the status event with its audit
 * rows. It commits all of that or nothing; the e-mail is queued after the commit.
 */
export async function finaliseApplication(
  applicationId: string,
  userId: string,
  actor: AuditActor,
  opts: { now?: Date } = {},
): Promise<FinaliseResult> {
  // The instant the finalise began: a request that started before the deadline completes (or not
  // at all), even when it waits on the row lock past it.
  const now = opts.now ?? new Date()
  let mail: MailInput | null = null
  const result = await refusing<FinaliseResult, string>(() =>
    audited(
      actor,
      async (tx, audit) => {
        const draft = await lockDraft(tx, applicationId, userId)
        if (!(await registrationOpen(tx, draft.periodId, now))) throw new Refusal('closed')
        const vacancy = draft.vacancyId ? await tx.vacancy.findFirst({ where: { id: draft.vacancyId, isActive: true }, select: vacancySelect }) : null
        const current = await tx.applicationDocument.findMany({ where: { applicationId: draft.id, replacedAt: null }, select: { code: true } })
        const missing = missingSteps({
          selectionKind: draft.selectionKind,
          biodata: draft.biodata,
          vacancyId: vacancy ? vacancy.id : null,
          education: draft.education,
          workHistory: draft.workHistory,
          requiredDocuments: vacancy?.position.documents.filter((d) => d.required).map((d) => d.code) ?? [],
          uploadedDocuments: current.map((d) => d.code),
        })
        if (missing.length || !vacancy) throw new Refusal('incomplete', missing)
        const identity = await tx.applicantIdentity.findUniqueOrThrow({ where: { userId }, select: { birthDate: true } })
        const problems = await eligibilityFor(
          vacancy,
          { selectionKind: draft.selectionKind, birthDate: identity.birthDate, periodId: draft.periodId, education: draft.education, workHistory: draft.workHistory },
          { complete: true },
          tx,
        )
        if (problems.length) throw new Refusal('ineligible', problems)

        const period = await tx.selectionPeriod.findUniqueOrThrow({ where: { id: draft.periodId }, select: { year: true } })
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${NUMBER_LOCK_NAMESPACE}::int, hashtext(${draft.periodId}))`
        const numbered = await tx.application.count({ where: { periodId: draft.periodId, registrationNumber: { not: null } } })
        const registrationNumber = formatRegistrationNumber(period.year, vacancy.position.agency.code, numbered + 1)

        mail = await recordStatusChange(tx, {
          applicationId: draft.id,
          status: 'SUBMITTED',
          reason: 'Pendaftaran diakhiri oleh pelamar.',
          actorId: actor.actorId,
          at: now,
          extra: { registrationNumber, finalizedAt: now },
        })
        await tx.vacancy.update({ where: { id: vacancy.id }, data: { applicantCount: { increment: 1 } } })
        await audit({
          action: 'application.finalise',
          entityType: 'Application',
          entityId: draft.id,
          before: { status: 'DRAFT' },
          after: { status: 'SUBMITTED', registrationNumber, vacancyId: vacancy.id, finalizedAt: now },
        })
        return { ok: true as const, registrationNumber }
      },
      { timeoutMs: 15_000 },
    ),
  )
  if (result.ok && mail) await sendStatusMails([mail])
  return result as FinaliseResult
}

// ───────────────────────── the Kartu Pendaftaran ─────────────────────────

/** What the Kartu Pendaftaran shows: only the signed-in owner's own finalised application. */
export async function getRegistrationCard(userId: string) {
  const application = await prisma.application.findFirst({
    where: { userId, registrationNumber: { not: null }, finalizedAt: { not: null } },
    orderBy: { finalizedAt: 'desc' },
  })
  if (!application?.registrationNumber || !application.finalizedAt || !application.vacancyId) return null
  const [identity, period, vacancy] = await Promise.all([
    prisma.applicantIdentity.findUniqueOrThrow({ where: { userId } }),
    prisma.selectionPeriod.findUniqueOrThrow({ where: { id: application.periodId }, select: { name: true, code: true } }),
    prisma.vacancy.findUniqueOrThrow({ where: { id: application.vacancyId }, select: vacancySelect }),
  ])
  const education = StoredEducationSchema.safeParse(application.education)
  const programme = education.success
    ? await prisma.studyProgram.findUnique({ where: { code: education.data.studyProgramCode }, select: { name: true } })
    : null
  return {
    registrationNumber: application.registrationNumber,
    finalizedAt: application.finalizedAt,
    status: application.status as ApplicationStatus,
    periodName: period.name,
    periodCode: period.code,
    fullName: identity.fullName,
    nik: identity.nik,
    agencyName: vacancy.position.agency.name,
    positionName: vacancy.position.name,
    unit: vacancy.position.unit,
    location: vacancy.location,
    formasiTypeName: vacancy.formasiType.name,
    education: education.success
      ? `${education.data.level} ${programme?.name ?? education.data.studyProgramCode} — ${education.data.university}`
      : '',
  }
}

/** For the public check of a card's QR code. */
export async function getCardForCheck(registrationNumber: string) {
  const application = await prisma.application.findUnique({
    where: { registrationNumber },
    select: { userId: true, status: true, vacancyId: true, periodId: true },
  })
  if (!application?.vacancyId) return null
  const [identity, vacancy, period] = await Promise.all([
    prisma.applicantIdentity.findUnique({ where: { userId: application.userId }, select: { fullName: true, nik: true } }),
    prisma.vacancy.findUnique({ where: { id: application.vacancyId }, select: { location: true, position: { select: { name: true, agency: { select: { name: true } } } } } }),
    prisma.selectionPeriod.findUnique({ where: { id: application.periodId }, select: { name: true } }),
  ])
  if (!identity || !vacancy || !period) return null
  return {
    registrationNumber,
    status: application.status as ApplicationStatus,
    fullName: identity.fullName,
    nik: identity.nik,
    agencyName: vacancy.position.agency.name,
    positionName: vacancy.position.name,
    location: vacancy.location,
    periodName: period.name,
  }
}

// ───────────────────────── lists for the formasi and education steps ─────────────────────────

/** Chained choices for the formasi step: agencies of the period, then formasi types, then vacancies. */
export async function formasiOptions(periodId: string, agencyId: string | null, formasiTypeCode: string | null) {
  const agencies = await prisma.agency.findMany({
    where: { positions: { some: { periodId, isActive: true, vacancies: { some: { isActive: true } } } } },
    select: { id: true, code: true, name: true },
    orderBy: { name: 'asc' },
  })
  const agency = agencyId ? agencies.find((a) => a.id === agencyId) ?? null : null
  const formasiTypes = agency
    ? await prisma.formasiType.findMany({
        where: { vacancies: { some: { isActive: true, position: { periodId, agencyId: agency.id, isActive: true } } } },
        orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
        select: { code: true, name: true },
      })
    : []
  const formasiType = formasiTypeCode ? formasiTypes.find((f) => f.code === formasiTypeCode) ?? null : null
  const vacancies =
    agency && formasiType
      ? await prisma.vacancy.findMany({
          where: { isActive: true, formasiTypeCode: formasiType.code, position: { periodId, agencyId: agency.id, isActive: true } },
          select: vacancySelect,
          orderBy: [{ position: { name: 'asc' } }, { location: 'asc' }],
          take: 500,
        })
      : []
  return { agencies, agency, formasiTypes, formasiType, vacancies }
}

export function listStudyPrograms(level: string | null) {
  return prisma.studyProgram.findMany({
    where: level ? { level } : undefined,
    orderBy: [{ name: 'asc' }],
    select: { code: true, name: true, level: true },
    take: 2000,
  })
}

export async function getStudyProgramName(code: string) {
  return (await prisma.studyProgram.findUnique({ where: { code }, select: { name: true } }))?.name ?? null
}

export async function getRegistrationWindow(periodId: string): Promise<{ opensAt: Date; closesAt: Date } | null> {
  // On every dashboard load: a plain statement, not a Prisma findUnique (ADR 023 addendum).
  const rows = await prisma.$queryRaw<{ opensAt: Date; closesAt: Date }[]>`
    SELECT "opensAt", "closesAt" FROM "ScheduleWindow" WHERE "periodId" = ${periodId} AND kind = 'REGISTRATION'`
  return rows[0] ?? null
}
