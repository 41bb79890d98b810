import { prisma, type Tx } from '~/utils/db.server'
import { audited, type AuditActor, type AuditEntry } from '~/models/audit.server'
import { hashPassword } from '~/utils/password.server'
import { putBytes, recordStoredFile, MIME_TYPES, type SniffedType } from '~/utils/storage.server'
import { sendMail } from '~/utils/mail.server'
import { statusChangeEmail } from '~/utils/mail-templates.server'
import { defineJob } from '~/utils/queue.server'
import { runPeriodically } from '~/utils/periodic.server'
import { DOCUMENT_KINDS, DOCUMENT_RULES, type DocumentKind } from '~/domain/internship/documents'
import { normaliseEmail } from '~/models/user.server'
import { eligibilityProblems, type EligibilityProblem, MIN_DURATION_MONTHS, MAX_DURATION_MONTHS } from '~/domain/internship/eligibility'
import type { LetterData } from '~/domain/internship/letters'
import { formatDate } from '~/utils/time'
import { assignInterview, enrolShortlisted, pendingInterviews } from '~/models/internship-interview.server'
import {
  MAX_OFFER_DAYS,
  MIN_OFFER_DAYS,
  VISIBLE_TO_AGENCY,
  canTransition,
  isOfferExpired,
  mayAcceptOffer,
  nextState,
  placesToOffer,
  rankShortlist,
  mayOfferFreedPlaces,
  type ApplicationEvent,
  type ApplicationState,
} from '~/domain/internship/offers'

/**
 * The internship context (issue 9, domain.md §8): openings, student applications, campus
 * verification, selection and offers. Placements, logbooks, reports and the end of an internship
 * are in `internship-placement.server.ts`. Every state change is one transaction with its audit
 * row; every read for staff filters by the staff member's university or agency in the query.
 */

export { DOCUMENT_KINDS, DOCUMENT_RULES, type DocumentKind }

export type UploadedDocument = { kind: DocumentKind; bytes: Buffer; type: SniffedType; fileName: string }

/** Offer deadlines end at 23:59:59 WIB of the last day. */
const WIB_OFFSET_MS = 7 * 3_600_000
export function offerDeadlineFrom(now: Date, days: number) {
  const wibMidnight = Math.floor((now.getTime() + WIB_OFFSET_MS) / 86_400_000) * 86_400_000 - WIB_OFFSET_MS
  return new Date(wibMidnight + (days + 1) * 86_400_000 - 1000)
}

/** Today's date in WIB, as a UTC-midnight date (how date-only values are stored). */
export function wibToday(now = new Date()) {
  return new Date(`${new Date(now.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10)}T00:00:00Z`)
}

export function isUniqueViolation(err: unknown, index?: string) {
  const e = err as { code?: string; message?: string; meta?: { target?: unknown; driverAdapterError?: unknown } }
  if (e?.code !== 'P2002' && e?.code !== '23505') return false
  if (!index) return true
  return JSON.stringify([e.message ?? '', e.meta ?? {}]).includes(index)
}

const num = (d: { toString(): string } | null | undefined) => (d === null || d === undefined ? null : Number(d.toString()))

// ───────────────────────────── students ─────────────────────────────

export type StudentInput = {
  universityId: string
  studentNumber: string
  studyProgramCode: string
  semester: number
  gpa: number
  phone?: string | null
}

/** The education level comes from the study programme (reference data), never typed by the student. */
async function levelOf(studyProgramCode: string) {
  const program = await prisma.studyProgram.findUnique({ where: { code: studyProgramCode } })
  return program?.level ?? null
}

export async function registerStudent(
  input: StudentInput & { name: string; email: string; password: string },
  actor: AuditActor,
): Promise<{ ok: true; userId: string } | { ok: false; error: 'emailTaken' | 'studentNumberTaken' | 'unknownStudyProgram' | 'unknownUniversity' }> {
  const level = await levelOf(input.studyProgramCode)
  if (!level) return { ok: false, error: 'unknownStudyProgram' }
  if (!(await prisma.university.findUnique({ where: { id: input.universityId } }))) return { ok: false, error: 'unknownUniversity' }
  const email = normaliseEmail(input.email)
  const passwordHash = await hashPassword(input.password)
  try {
    const user = await audited(actor, async (tx, audit) => {
      const user = await tx.user.create({ data: { email, name: input.name.trim(), passwordHash } })
      await tx.userRole.create({ data: { userId: user.id, role: 'STUDENT', universityId: input.universityId } })
      const profile = await tx.studentProfile.create({
        data: {
          userId: user.id,
          universityId: input.universityId,
          studentNumber: input.studentNumber.trim(),
          studyProgramCode: input.studyProgramCode,
          level,
          semester: input.semester,
          gpa: input.gpa,
          phone: input.phone ?? null,
        },
      })
      await audit({ action: 'internship.student_registered', entityType: 'User', entityId: user.id, after: { email, profile } })
      return user
    })
    return { ok: true, userId: user.id }
  } catch (err) {
    if (isUniqueViolation(err, 'email')) return { ok: false, error: 'emailTaken' }
    if (isUniqueViolation(err, 'studentNumber')) return { ok: false, error: 'studentNumberTaken' }
    throw err
  }
}

export function getStudentProfile(userId: string) {
  return prisma.studentProfile.findUnique({ where: { userId } })
}

/** The student updates semester and GPA each term; university and NIM stay as confirmed. */
export async function updateStudentProfile(userId: string, input: { studyProgramCode: string; semester: number; gpa: number; phone?: string | null }, actor: AuditActor) {
  const level = await levelOf(input.studyProgramCode)
  if (!level) return { ok: false as const, error: 'unknownStudyProgram' as const }
  await audited(actor, async (tx, audit) => {
    const before = await tx.studentProfile.findUniqueOrThrow({ where: { userId } })
    const after = await tx.studentProfile.update({
      where: { userId },
      data: { studyProgramCode: input.studyProgramCode, level, semester: input.semester, gpa: input.gpa, phone: input.phone ?? null },
    })
    await audit({ action: 'internship.profile_updated', entityType: 'StudentProfile', entityId: userId, before, after })
  })
  return { ok: true as const }
}

// ───────────────────────────── openings ─────────────────────────────

export type OpeningInput = {
  title: string
  unit: string
  description: string
  places: number
  durationMonths: number
  mode: 'ONSITE' | 'HYBRID'
  stipendMonthly: number
  minSemester: number | null
  minGpa: number | null
  studyProgramCodes: string[]
  closesAt: Date
  startsAt: Date
}

export async function createOpening(agencyId: string, input: OpeningInput, actor: AuditActor) {
  if (input.durationMonths < MIN_DURATION_MONTHS || input.durationMonths > MAX_DURATION_MONTHS) return { ok: false as const, error: 'duration' as const }
  if (input.closesAt <= new Date()) return { ok: false as const, error: 'closed' as const }
  if (input.studyProgramCodes.length) {
    const known = await prisma.studyProgram.count({ where: { code: { in: input.studyProgramCodes } } })
    if (known !== new Set(input.studyProgramCodes).size) return { ok: false as const, error: 'unknownStudyProgram' as const }
  }
  const opening = await audited(actor, async (tx, audit) => {
    const row = await tx.internshipOpening.create({ data: { ...input, agencyId, createdById: actor.actorId } })
    await audit({ action: 'internship.opening_created', entityType: 'InternshipOpening', entityId: row.id, after: row })
    return row
  })
  return { ok: true as const, id: opening.id }
}

export async function closeOpening(openingId: string, agencyIds: string[], actor: AuditActor) {
  return audited(actor, async (tx, audit) => {
    const { count } = await tx.internshipOpening.updateMany({ where: { id: openingId, agencyId: { in: agencyIds }, status: 'OPEN' }, data: { status: 'CLOSED' } })
    if (count) await audit({ action: 'internship.opening_closed', entityType: 'InternshipOpening', entityId: openingId })
    return count > 0
  })
}

async function agencyNames(ids: string[]) {
  const rows = await prisma.agency.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } })
  return new Map(rows.map((r) => [r.id, r.name]))
}

async function programNames(codes: string[]) {
  const rows = await prisma.studyProgram.findMany({ where: { code: { in: [...new Set(codes)] } } })
  return new Map(rows.map((r) => [r.code, `${r.level} ${r.name}`]))
}

function openingView(o: Awaited<ReturnType<typeof prisma.internshipOpening.findFirstOrThrow>>, agency: string, programs: Map<string, string>) {
  return {
    id: o.id,
    title: o.title,
    unit: o.unit,
    description: o.description,
    agency,
    agencyId: o.agencyId,
    places: o.places,
    durationMonths: o.durationMonths,
    mode: o.mode,
    stipendMonthly: o.stipendMonthly,
    minSemester: o.minSemester,
    minGpa: num(o.minGpa),
    studyPrograms: o.studyProgramCodes.map((c) => ({ code: c, name: programs.get(c) ?? c })),
    closesAt: o.closesAt.toISOString(),
    startsAt: o.startsAt.toISOString(),
    status: o.status,
    acceptsApplications: o.status === 'OPEN' && o.closesAt.getTime() > Date.now(),
  }
}
export type OpeningView = ReturnType<typeof openingView>

export async function listOpenOpenings(now = new Date()) {
  const rows = await prisma.internshipOpening.findMany({
    where: { status: 'OPEN', closesAt: { gt: now } },
    orderBy: [{ closesAt: 'asc' }, { id: 'asc' }],
    take: 200,
  })
  const agencies = await agencyNames(rows.map((r) => r.agencyId))
  const programs = await programNames(rows.flatMap((r) => r.studyProgramCodes))
  return rows.map((r) => openingView(r, agencies.get(r.agencyId) ?? '', programs))
}

export async function getOpening(id: string) {
  const row = await prisma.internshipOpening.findUnique({ where: { id } })
  if (!row) return null
  const agencies = await agencyNames([row.agencyId])
  return openingView(row, agencies.get(row.agencyId) ?? '', await programNames(row.studyProgramCodes))
}

/**
 * The data filled into the SR and SPTJM templates (`app/domain/internship/letters.ts`): the signed-in
 * student's own profile and a published opening. Null when either is missing (→ 404).
 */
export async function letterDataFor(studentId: string, openingId: string): Promise<LetterData | null> {
  const [user, profile, opening] = await Promise.all([
    prisma.user.findUnique({ where: { id: studentId }, select: { name: true } }),
    prisma.studentProfile.findUnique({ where: { userId: studentId } }),
    getOpening(openingId),
  ])
  if (!user || !profile || !opening) return null
  const [university, programs] = await Promise.all([
    prisma.university.findUnique({ where: { id: profile.universityId }, select: { name: true } }),
    programNames([profile.studyProgramCode]),
  ])
  return {
    studentName: user.name,
    studentNumber: profile.studentNumber,
    university: university?.name ?? '',
    studyProgram: programs.get(profile.studyProgramCode) ?? profile.studyProgramCode,
    semester: profile.semester,
    agency: opening.agency,
    unit: opening.unit,
    openingTitle: opening.title,
    durationMonths: opening.durationMonths,
    startsOn: formatDate(opening.startsAt, { timeZone: 'Asia/Jakarta', locale: 'id' }),
  }
}

// ───────────────────────────── applying ─────────────────────────────

export type ApplyResult =
  | { ok: true; applicationId: string }
  | { ok: false; error: 'noProfile' | 'closed' | 'alreadyApplied' | 'missingDocument' }
  | { ok: false; error: 'ineligible'; problems: EligibilityProblem[] }

export async function checkStudentEligibility(studentId: string, openingId: string) {
  const [profile, opening] = await Promise.all([
    prisma.studentProfile.findUnique({ where: { userId: studentId } }),
    prisma.internshipOpening.findUnique({ where: { id: openingId } }),
  ])
  if (!profile || !opening) return null
  return eligibilityProblems(
    { level: profile.level, semester: profile.semester, gpa: Number(profile.gpa), studyProgramCode: profile.studyProgramCode },
    { minSemester: opening.minSemester, minGpa: num(opening.minGpa), studyProgramCodes: opening.studyProgramCodes },
  )
}

/**
 * A student applies with the five documents (domain.md §8); eligibility is checked here, on the
 * server, from the stored profile — never from what the form claims. The application then waits
 * for the student's university PIC.
 */
export async function applyForOpening(
  input: { studentId: string; openingId: string; motivation: string; documents: UploadedDocument[] },
  actor: AuditActor,
  now = new Date(),
): Promise<ApplyResult> {
  const profile = await prisma.studentProfile.findUnique({ where: { userId: input.studentId } })
  if (!profile) return { ok: false, error: 'noProfile' }
  const opening = await prisma.internshipOpening.findUnique({ where: { id: input.openingId } })
  if (!opening || opening.status !== 'OPEN' || opening.closesAt <= now) return { ok: false, error: 'closed' }
  const problems = eligibilityProblems(
    { level: profile.level, semester: profile.semester, gpa: Number(profile.gpa), studyProgramCode: profile.studyProgramCode },
    { minSemester: opening.minSemester, minGpa: num(opening.minGpa), studyProgramCodes: opening.studyProgramCodes },
  )
  if (problems.length) return { ok: false, error: 'ineligible', problems }
  const byKind = new Map(input.documents.map((d) => [d.kind, d]))
  if (DOCUMENT_KINDS.some((k) => !byKind.has(k))) return { ok: false, error: 'missingDocument' }
  const stored = await Promise.all(DOCUMENT_KINDS.map(async (kind) => ({ kind, doc: byKind.get(kind)!, file: await putBytes(byKind.get(kind)!.bytes) })))
  try {
    const id = await audited(actor, async (tx, audit) => {
      const application = await tx.internshipApplication.create({
        data: {
          openingId: opening.id,
          studentId: input.studentId,
          universityId: profile.universityId,
          studyProgramCode: profile.studyProgramCode,
          level: profile.level,
          semester: profile.semester,
          gpa: profile.gpa,
          motivation: input.motivation,
        },
      })
      for (const s of stored) {
        await recordStoredFile(tx, { hash: s.file.hash, size: s.file.size, mime: MIME_TYPES[s.doc.type] })
        await tx.internshipDocument.create({
          data: { applicationId: application.id, kind: s.kind, fileHash: s.file.hash, fileName: s.doc.fileName.slice(0, 200), mime: MIME_TYPES[s.doc.type], size: s.file.size },
        })
      }
      await audit({
        action: 'internship.applied',
        entityType: 'InternshipApplication',
        entityId: application.id,
        after: { openingId: opening.id, universityId: profile.universityId, semester: profile.semester, gpa: profile.gpa, documents: stored.map((s) => ({ kind: s.kind, hash: s.file.hash })) },
      })
      return application.id
    })
    await notifyUniversityPics(profile.universityId, opening.title, `/kampus/lamaran/${id}`)
    return { ok: true, applicationId: id }
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, error: 'alreadyApplied' }
    throw err
  }
}

/** After the campus returned it, the student replaces the documents named and sends it again. */
export async function resubmitApplication(
  input: { studentId: string; applicationId: string; documents: UploadedDocument[] },
  actor: AuditActor,
): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'notReturned' | 'missingDocument' }> {
  if (input.documents.length === 0) return { ok: false, error: 'missingDocument' }
  const stored = await Promise.all(input.documents.map(async (doc) => ({ doc, file: await putBytes(doc.bytes) })))
  const result = await audited(actor, async (tx, audit) => {
    const app = await tx.internshipApplication.findFirst({ where: { id: input.applicationId, studentId: input.studentId } })
    if (!app) return { ok: false as const, error: 'notFound' as const }
    if (!canTransition(app.status, 'resubmit')) return { ok: false as const, error: 'notReturned' as const }
    for (const { doc, file } of stored) {
      await recordStoredFile(tx, { hash: file.hash, size: file.size, mime: MIME_TYPES[doc.type] })
      const data = { fileHash: file.hash, fileName: doc.fileName.slice(0, 200), mime: MIME_TYPES[doc.type], size: file.size, uploadedAt: new Date() }
      await tx.internshipDocument.upsert({ where: { applicationId_kind: { applicationId: app.id, kind: doc.kind } }, update: data, create: { ...data, applicationId: app.id, kind: doc.kind } })
    }
    await transition(tx, audit, app, 'resubmit', { campusNote: null }, { replaced: stored.map((s) => ({ kind: s.doc.kind, hash: s.file.hash })) })
    return { ok: true as const, universityId: app.universityId }
  })
  if (result.ok) await notifyUniversityPics(result.universityId, 'Lamaran magang (kiriman ulang)', `/kampus/lamaran/${input.applicationId}`)
  return result.ok ? { ok: true } : result
}

export async function withdrawApplication(studentId: string, applicationId: string, actor: AuditActor) {
  return audited(actor, async (tx, audit) => {
    const app = await tx.internshipApplication.findFirst({ where: { id: applicationId, studentId } })
    if (!app || !canTransition(app.status, 'withdraw')) return false
    await transition(tx, audit, app, 'withdraw')
    return true
  })
}

type AppRow = { id: string; status: ApplicationState }

/** One transition: checks the starting state in the UPDATE itself, so a concurrent change loses. */
async function transition(
  tx: Tx,
  audit: (e: AuditEntry) => Promise<unknown>,
  app: AppRow,
  event: ApplicationEvent,
  data: Record<string, unknown> = {},
  details: Record<string, unknown> = {},
) {
  const to = nextState(app.status, event)
  const { count } = await tx.internshipApplication.updateMany({ where: { id: app.id, status: app.status }, data: { ...data, status: to } })
  if (count !== 1) throw new ConcurrentChangeError()
  await audit({ action: `internship.${event}`, entityType: 'InternshipApplication', entityId: app.id, before: { status: app.status }, after: { status: to, ...data, ...details } })
  return to
}

export class ConcurrentChangeError extends Error {
  constructor() {
    super('The internship application changed meanwhile')
  }
}

// ───────────────────────────── the student's view ─────────────────────────────

export async function studentApplications(studentId: string) {
  const rows = await prisma.internshipApplication.findMany({
    where: { studentId },
    include: { opening: true, documents: { orderBy: { kind: 'asc' } }, placement: { select: { id: true, status: true } } },
    orderBy: { createdAt: 'desc' },
  })
  const agencies = await agencyNames(rows.map((r) => r.opening.agencyId))
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    openingId: r.openingId,
    openingTitle: r.opening.title,
    unit: r.opening.unit,
    agency: agencies.get(r.opening.agencyId) ?? '',
    campusNote: r.campusNote,
    offerDeadline: r.offerDeadline?.toISOString() ?? null,
    placementId: r.placement?.id ?? null,
    documents: r.documents.map((d) => ({ id: d.id, kind: d.kind, fileName: d.fileName })),
  }))
}

/**
 * The student answers an offer. Accepting also declines the student's other open offers (their
 * places go to the next candidates) and creates the placement. "At most one accepted offer" is
 * checked here and, against races, by the partial unique index `InternshipApplication_one_accepted`.
 */
export async function respondToOffer(
  input: { studentId: string; applicationId: string; accept: boolean },
  actor: AuditActor,
  now = new Date(),
): Promise<{ ok: true; placementId?: string } | { ok: false; error: 'notFound' | 'notOffered' | 'expired' | 'alreadyAccepted' }> {
  const freed: string[] = []
  let result: { ok: true; placementId?: string } | { ok: false; error: 'notFound' | 'notOffered' | 'expired' | 'alreadyAccepted' }
  try {
    result = await audited(actor, async (tx, audit) => {
      // One student's answers run one after another: accepting declines the student's other
      // offers, and two accepts in two tabs would otherwise lock each other's rows (deadlock).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('internship-student'), hashtext(${input.studentId}))`
      const app = await tx.internshipApplication.findFirst({ where: { id: input.applicationId, studentId: input.studentId }, include: { opening: true } })
      if (!app) return { ok: false as const, error: 'notFound' as const }
      if (app.status !== 'OFFERED') return { ok: false as const, error: 'notOffered' as const }
      if (app.offerDeadline && isOfferExpired(app.offerDeadline, now)) return { ok: false as const, error: 'expired' as const }
      if (!input.accept) {
        await transition(tx, audit, app, 'decline', { respondedAt: now })
        freed.push(app.openingId)
        return { ok: true as const }
      }
      const others = await tx.internshipApplication.findMany({ where: { studentId: input.studentId, id: { not: app.id } }, select: { id: true, status: true, openingId: true } })
      if (!mayAcceptOffer(others.map((o) => o.status))) return { ok: false as const, error: 'alreadyAccepted' as const }
      await transition(tx, audit, app, 'accept', { respondedAt: now })
      for (const other of others.filter((o) => o.status === 'OFFERED')) {
        await transition(tx, audit, other, 'decline', { respondedAt: now }, { reason: 'acceptedAnotherOffer' })
        freed.push(other.openingId)
      }
      // Rolling intake: a student accepted after the opening's start date starts on the day of
      // acceptance (WIB), and the placement still runs its full duration.
      const startsAt = new Date(Math.max(app.opening.startsAt.getTime(), wibToday(now).getTime()))
      const endsAt = new Date(startsAt)
      endsAt.setUTCMonth(endsAt.getUTCMonth() + app.opening.durationMonths)
      endsAt.setUTCDate(endsAt.getUTCDate() - 1)
      const placement = await tx.internshipPlacement.create({
        data: {
          applicationId: app.id,
          studentId: app.studentId,
          universityId: app.universityId,
          agencyId: app.opening.agencyId,
          startsAt,
          endsAt,
          durationMonths: app.opening.durationMonths,
        },
      })
      await audit({ action: 'internship.placement_created', entityType: 'InternshipPlacement', entityId: placement.id, after: placement })
      return { ok: true as const, placementId: placement.id }
    })
  } catch (err) {
    if (isUniqueViolation(err, 'one_accepted') || isUniqueViolation(err, 'studentId')) return { ok: false, error: 'alreadyAccepted' }
    throw err
  }
  for (const openingId of freed) await offerFreedPlaces(openingId, actor)
  return result
}

// ───────────────────────────── campus verification ─────────────────────────────

export async function campusApplications(universityIds: string[], filter: { status?: ApplicationState | 'ALL' } = {}) {
  const rows = await prisma.internshipApplication.findMany({
    where: { universityId: { in: universityIds }, ...(filter.status && filter.status !== 'ALL' ? { status: filter.status } : {}) },
    include: { opening: true },
    orderBy: [{ createdAt: 'asc' }],
    take: 500,
  })
  const [agencies, students] = await Promise.all([agencyNames(rows.map((r) => r.opening.agencyId)), studentNames(rows.map((r) => r.studentId))])
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    student: students.get(r.studentId)?.name ?? '',
    studentNumber: students.get(r.studentId)?.studentNumber ?? '',
    openingTitle: r.opening.title,
    agency: agencies.get(r.opening.agencyId) ?? '',
    createdAt: r.createdAt.toISOString(),
  }))
}

export async function studentNames(userIds: string[]) {
  const ids = [...new Set(userIds)]
  const [users, profiles] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }),
    prisma.studentProfile.findMany({ where: { userId: { in: ids } }, select: { userId: true, studentNumber: true, studyProgramCode: true } }),
  ])
  const profileOf = new Map(profiles.map((p) => [p.userId, p]))
  return new Map(users.map((u) => [u.id, { name: u.name, email: u.email, studentNumber: profileOf.get(u.id)?.studentNumber ?? '', studyProgramCode: profileOf.get(u.id)?.studyProgramCode ?? '' }]))
}

/** One application as staff see it; `scope` is put in the query, so another's row is null (404). */
export async function applicationForStaff(id: string, scope: { universityIds: string[] } | { agencyIds: string[] }) {
  const where =
    'universityIds' in scope
      ? { id, universityId: { in: scope.universityIds } }
      : { id, opening: { agencyId: { in: scope.agencyIds } }, status: { in: [...VISIBLE_TO_AGENCY] } }
  const r = await prisma.internshipApplication.findFirst({ where, include: { opening: true, documents: { orderBy: { kind: 'asc' } } } })
  if (!r) return null
  const [students, agencies, programs, university] = await Promise.all([
    studentNames([r.studentId]),
    agencyNames([r.opening.agencyId]),
    programNames([r.studyProgramCode]),
    prisma.university.findUnique({ where: { id: r.universityId }, select: { name: true } }),
  ])
  const s = students.get(r.studentId)
  return {
    id: r.id,
    status: r.status,
    student: s?.name ?? '',
    email: s?.email ?? '',
    studentNumber: s?.studentNumber ?? '',
    university: university?.name ?? '',
    studyProgram: programs.get(r.studyProgramCode) ?? r.studyProgramCode,
    semester: r.semester,
    gpa: Number(r.gpa),
    motivation: r.motivation,
    campusNote: r.campusNote,
    interviewScore: num(r.interviewScore),
    interviewNote: r.interviewNote,
    offerDeadline: r.offerDeadline?.toISOString() ?? null,
    openingId: r.openingId,
    openingTitle: r.opening.title,
    agency: agencies.get(r.opening.agencyId) ?? '',
    documents: r.documents.map((d) => ({ id: d.id, kind: d.kind, fileName: d.fileName, size: d.size })),
  }
}

/** A document's bytes for whoever may see it: the student, their university's PIC, or the agency after campus verification. */
export async function documentFor(documentId: string, scope: { studentId: string } | { universityIds: string[] } | { agencyIds: string[] }) {
  const application =
    'studentId' in scope
      ? { studentId: scope.studentId }
      : 'universityIds' in scope
        ? { universityId: { in: scope.universityIds } }
        : { opening: { agencyId: { in: scope.agencyIds } }, status: { in: [...VISIBLE_TO_AGENCY] } }
  return prisma.internshipDocument.findFirst({ where: { id: documentId, application } })
}

/**
 * The PIC confirms the student is active and approves the SR and SPTJM letters, or returns the
 * application with a reason (issue 9). Only then does the agency see it.
 */
export async function campusDecide(
  input: { applicationId: string; universityIds: string[]; approve: boolean; note: string },
  actor: AuditActor,
): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'notWaiting' | 'reasonRequired' }> {
  if (!input.approve && input.note.trim().length < 5) return { ok: false, error: 'reasonRequired' }
  const result = await audited(actor, async (tx, audit) => {
    const app = await tx.internshipApplication.findFirst({ where: { id: input.applicationId, universityId: { in: input.universityIds } }, include: { opening: true } })
    if (!app) return { ok: false as const, error: 'notFound' as const }
    if (app.status !== 'SUBMITTED') return { ok: false as const, error: 'notWaiting' as const }
    await transition(tx, audit, app, input.approve ? 'campusApprove' : 'campusReturn', {
      campusNote: input.note.trim() || null,
      campusReviewerId: actor.actorId,
      campusReviewedAt: new Date(),
    }, input.approve ? { studentActive: true, lettersApproved: ['SR', 'SPTJM'] } : {})
    return { ok: true as const, studentId: app.studentId, title: app.opening.title }
  })
  if (!result.ok) return result
  await notifyStudent(result.studentId, {
    item: `Lamaran magang ${result.title}`,
    status: input.approve ? 'Terverifikasi kampus' : 'Dikembalikan oleh kampus',
    statusEn: input.approve ? 'Verified by the university' : 'Returned by the university',
    note: input.approve ? null : `Alasan: ${input.note.trim()}`,
  })
  return { ok: true }
}

// ───────────────────────────── agency selection ─────────────────────────────

export async function agencyOpenings(agencyIds: string[]) {
  const rows = await prisma.internshipOpening.findMany({ where: { agencyId: { in: agencyIds } }, orderBy: { createdAt: 'desc' } })
  const counts = await prisma.internshipApplication.groupBy({
    by: ['openingId', 'status'],
    where: { openingId: { in: rows.map((r) => r.id) } },
    _count: true,
  })
  const agencies = await agencyNames(rows.map((r) => r.agencyId))
  const programs = await programNames(rows.flatMap((r) => r.studyProgramCodes))
  return rows.map((r) => {
    const mine = counts.filter((c) => c.openingId === r.id)
    const sum = (states: readonly string[]) => mine.filter((c) => states.includes(c.status)).reduce((s, c) => s + c._count, 0)
    return { ...openingView(r, agencies.get(r.agencyId) ?? '', programs), visible: sum(VISIBLE_TO_AGENCY), accepted: sum(['ACCEPTED']) }
  })
}

export async function openingForAgency(openingId: string, agencyIds: string[]) {
  const opening = await prisma.internshipOpening.findFirst({ where: { id: openingId, agencyId: { in: agencyIds } } })
  if (!opening) return null
  const rows = await prisma.internshipApplication.findMany({
    where: { openingId, status: { in: [...VISIBLE_TO_AGENCY] } },
    include: { placement: { select: { id: true, mentorId: true, status: true } } },
    orderBy: { createdAt: 'asc' },
  })
  const [students, agencies, programs, universities] = await Promise.all([
    studentNames(rows.map((r) => r.studentId)),
    agencyNames([opening.agencyId]),
    programNames([...opening.studyProgramCodes, ...rows.map((r) => r.studyProgramCode)]),
    prisma.university.findMany({ where: { id: { in: rows.map((r) => r.universityId) } }, select: { id: true, name: true } }),
  ])
  const uni = new Map(universities.map((u) => [u.id, u.name]))
  // A place freed by a declined or expired offer that waits for the interviews (`offerFreedPlaces`).
  const freed = rows.some((r) => r.status === 'DECLINED' || r.status === 'OFFER_EXPIRED')
  const waitingPlaces = freed ? await freePlaces(prisma, openingId, opening.places) : 0
  const pending = waitingPlaces > 0 ? await pendingInterviews(prisma, openingId) : 0
  return {
    offersWaiting: pending > 0 ? { places: waitingPlaces, pending } : null,
    opening: openingView(opening, agencies.get(opening.agencyId) ?? '', programs),
    // In the order a freed place would go: interview score, then GPA, then shortlisting time.
    applications: rankShortlist(rows.map((r) => ({ ...r, interviewScore: num(r.interviewScore), gpa: Number(r.gpa), shortlistedAt: r.shortlistedAt ?? r.createdAt }))).map((r) => ({
      id: r.id,
      status: r.status,
      student: students.get(r.studentId)?.name ?? '',
      university: uni.get(r.universityId) ?? '',
      studyProgram: programs.get(r.studyProgramCode) ?? r.studyProgramCode,
      semester: r.semester,
      gpa: r.gpa,
      interviewScore: r.interviewScore,
      offerDeadline: r.offerDeadline?.toISOString() ?? null,
      placementId: r.placement?.id ?? null,
      mentorId: r.placement?.mentorId ?? null,
    })),
  }
}

export type AgencyAction = { kind: 'shortlist' } | { kind: 'reject'; note: string } | { kind: 'offer'; deadlineDays: number }

/**
 * The agency's selection steps on one application of its own opening. The interview score is not
 * typed here: it comes from the opening's interview on the assessor scoring (ADR 019 addendum);
 * a student shortlisted while an interview runs joins it in the same transaction.
 */
export async function agencyAct(
  input: { applicationId: string; agencyIds: string[]; action: AgencyAction },
  actor: AuditActor,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'wrongState' | 'noPlaceLeft' | 'deadline' }> {
  const { action } = input
  if (action.kind === 'offer' && (action.deadlineDays < MIN_OFFER_DAYS || action.deadlineDays > MAX_OFFER_DAYS)) return { ok: false, error: 'deadline' }
  const result = await audited(actor, async (tx, audit) => {
    const app = await tx.internshipApplication.findFirst({
      where: { id: input.applicationId, opening: { agencyId: { in: input.agencyIds } }, status: { in: [...VISIBLE_TO_AGENCY] } },
      include: { opening: true },
    })
    if (!app) return { ok: false as const, error: 'notFound' as const }
    const event = action.kind
    if (!canTransition(app.status, event)) return { ok: false as const, error: 'wrongState' as const }
    if (action.kind === 'offer') {
      // Offers for one opening serialise on the opening row, so two offers never overbook it.
      await tx.$executeRaw`SELECT id FROM "InternshipOpening" WHERE id = ${app.openingId} FOR UPDATE`
      const free = await freePlaces(tx, app.openingId, app.opening.places)
      if (free <= 0) return { ok: false as const, error: 'noPlaceLeft' as const }
      const deadline = offerDeadlineFrom(now, action.deadlineDays)
      await transition(tx, audit, app, 'offer', { offeredAt: now, offerDeadline: deadline }, { deadlineDays: action.deadlineDays })
      return { ok: true as const, mail: { studentId: app.studentId, title: app.opening.title, deadline, applicationId: app.id } }
    }
    await transition(tx, audit, app, event, action.kind === 'shortlist' ? { shortlistedAt: now } : {}, action.kind === 'reject' ? { note: action.note } : {})
    const interviewBatchId = action.kind === 'shortlist' ? await enrolShortlisted(tx, audit, app.openingId, app.id) : null
    return { ok: true as const, interviewBatchId }
  })
  if (!result.ok) return result
  if ('mail' in result && result.mail) await afterOffer(result.mail)
  if ('interviewBatchId' in result && result.interviewBatchId) await assignInterview(result.interviewBatchId, actor)
  return { ok: true }
}

async function freePlaces(tx: Tx, openingId: string, places: number) {
  // Sequential: a transaction's one pg connection cannot run two queries at once.
  const accepted = await tx.internshipApplication.count({ where: { openingId, status: 'ACCEPTED' } })
  const outstanding = await tx.internshipApplication.count({ where: { openingId, status: 'OFFERED' } })
  return placesToOffer(places, accepted, outstanding)
}

async function afterOffer(offer: { studentId: string; title: string; deadline: Date; applicationId: string }) {
  const deadline = offer.deadline.toLocaleString('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long', timeStyle: 'short' })
  await notifyStudent(offer.studentId, {
    item: `Tawaran magang ${offer.title}`,
    status: 'Ditawari magang',
    statusEn: 'Internship offer',
    note: `Jawab tawaran ini paling lambat ${deadline} WIB. Anda hanya dapat menerima satu tawaran.`,
  })
  // The server's clock decides: a delayed job expires the offer at its deadline (and a sweeper
  // every minute, `startOfferExpirySweeper`, in case the queue lost the job).
  await offerExpiryJob.enqueue({ applicationId: offer.applicationId }, { delayMs: Math.max(0, offer.deadline.getTime() - Date.now() + 1000), jobId: `${OFFER_EXPIRY_JOB}:${offer.applicationId}` })
}

/** Default answer time for an offer made automatically to the next candidate. */
const NEXT_CANDIDATE_OFFER_DAYS = 3

/**
 * A declined or expired offer frees a place; it goes to the next shortlisted candidate (issue 9),
 * in the order `rankShortlist` defines — once no shortlisted candidate's interview is pending
 * (`mayOfferFreedPlaces`). Called again when an interview's final score comes in
 * (`assessment.server.ts`), so a waiting place is offered then.
 */
export async function offerFreedPlaces(openingId: string, actor: AuditActor, now = new Date()) {
  const offers = await audited(actor, async (tx, audit) => {
    await tx.$executeRaw`SELECT id FROM "InternshipOpening" WHERE id = ${openingId} FOR UPDATE`
    const opening = await tx.internshipOpening.findUniqueOrThrow({ where: { id: openingId } })
    const free = await freePlaces(tx, openingId, opening.places)
    if (free <= 0) return []
    if (!mayOfferFreedPlaces(await pendingInterviews(tx, openingId))) return []
    const shortlisted = await tx.internshipApplication.findMany({ where: { openingId, status: 'SHORTLISTED' } })
    const next = rankShortlist(shortlisted.map((s) => ({ ...s, interviewScore: num(s.interviewScore), gpa: Number(s.gpa), shortlistedAt: s.shortlistedAt ?? s.createdAt }))).slice(0, free)
    const made = []
    for (const app of next) {
      const deadline = offerDeadlineFrom(now, NEXT_CANDIDATE_OFFER_DAYS)
      await transition(tx, audit, app, 'offer', { offeredAt: now, offerDeadline: deadline }, { automatic: true, reason: 'placeFreed' })
      made.push({ studentId: app.studentId, title: opening.title, deadline, applicationId: app.id })
    }
    return made
  })
  for (const offer of offers) await afterOffer(offer)
  return offers.length
}

const OFFER_EXPIRY_JOB = 'internship.offer-expiry'
const SYSTEM: AuditActor = { actorId: null, actorRole: 'SYSTEM', ip: null, userAgent: null }

/** Expires one offer if it is still open and past its deadline; its place goes to the next candidate. */
export async function expireOffer(applicationId: string, now = new Date()) {
  const openingId = await audited(SYSTEM, async (tx, audit) => {
    const app = await tx.internshipApplication.findUnique({ where: { id: applicationId } })
    if (!app || app.status !== 'OFFERED' || !app.offerDeadline || !isOfferExpired(app.offerDeadline, now)) return null
    await transition(tx, audit, app, 'expire')
    return app.openingId
  })
  if (!openingId) return false
  await offerFreedPlaces(openingId, SYSTEM, now)
  return true
}

/** Sweeps every offer past its deadline (each in its own transaction). */
export async function expireDueOffers(now = new Date()) {
  const due = await prisma.internshipApplication.findMany({ where: { status: 'OFFERED', offerDeadline: { lt: now } }, select: { id: true }, take: 200 })
  let expired = 0
  for (const { id } of due) {
    try {
      if (await expireOffer(id, now)) expired++
    } catch (err) {
      if (!(err instanceof ConcurrentChangeError)) throw err
    }
  }
  return expired
}

export const offerExpiryJob = defineJob<{ applicationId: string }>(OFFER_EXPIRY_JOB, async ({ applicationId }) => {
  await expireOffer(applicationId)
})

const OFFER_SWEEP_LOCK = 0x4f4658 // "OFX": one offer-expiry sweep at a time across every app process

/**
 * The backstop of the delayed expiry job: every minute, offers past their deadline are expired and
 * their places passed on (`expireDueOffers`), in whichever process holds the lock. Before
 * 2026-12-02 the student's and the agency's pages did this on every GET.
 */
export function startOfferExpirySweeper(intervalMs = Number(process.env.INTERNSHIP_OFFER_SWEEP_MS ?? 60_000)) {
  return runPeriodically({
    name: 'Internship offer expiry',
    lockKey: OFFER_SWEEP_LOCK,
    intervalMs,
    timeoutMs: 300_000,
    work: async () => {
      const expired = await expireDueOffers()
      if (expired > 0) console.log(`Internship offer expiry: ${expired} offer(s) expired.`)
    },
  })
}

// ───────────────────────────── notifications ─────────────────────────────

async function notifyStudent(studentId: string, input: { item: string; status: string; statusEn: string; note: string | null }, link = '/magang/saya') {
  const user = await prisma.user.findUnique({ where: { id: studentId }, select: { email: true, name: true } })
  if (!user) return
  const mail = statusChangeEmail({ name: user.name, item: input.item, status: input.status, statusEn: input.statusEn, note: input.note, link, itemEn: input.item.replace('Lamaran magang', 'Internship application').replace('Tawaran magang', 'Internship offer') })
  await sendMail({ to: user.email, ...mail, template: 'internship-status' })
}

export async function notifyUser(userId: string, input: { item: string; status: string; statusEn: string; note: string | null }, link: string) {
  return notifyStudent(userId, input, link)
}

async function notifyUniversityPics(universityId: string, title: string, link: string) {
  const pics = await prisma.userRole.findMany({ where: { universityId, role: 'UNIVERSITY_PIC' }, include: { user: { select: { email: true, name: true } } } })
  for (const pic of pics) {
    const mail = statusChangeEmail({ name: pic.user.name, item: title, status: 'Menunggu verifikasi kampus', statusEn: 'Waiting for campus verification', link, itemEn: title })
    await sendMail({ to: pic.user.email, ...mail, template: 'internship-campus' })
  }
}
