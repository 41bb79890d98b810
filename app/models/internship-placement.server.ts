import ExcelJS from 'exceljs'
import { prisma } from '~/utils/db.server'
import { audited, type AuditActor } from '~/models/audit.server'
import { notifyUser, studentNames, wibToday } from '~/models/internship.server'
import {
  MENTOR_CAP,
  ReviewError,
  attendanceRate,
  canRevise,
  logbookDateProblem,
  mentorHasRoom,
  reportSchedule,
  reportSubmissionProblem,
  reportWindow,
  reviewEntry,
  type AttendanceState,
  type EntryKind,
  type ReviewDecision,
} from '~/domain/internship/supervision'
import {
  FINAL_RUBRIC,
  RubricError,
  applyAttendance,
  attendanceEffect,
  creditConversion,
  earnsCertificateWith,
  evaluationOpensOn,
  evaluationTiming,
  finalScore,
  letterGrade,
  type CreditLine,
  type RubricScores,
} from '~/domain/internship/evaluation'

/**
 * Placements (issue 9 "During the internship" and "End"): mentor and DPL assignment, logbook
 * entries and monthly reports with their reviews, attendance, the final evaluation with credit
 * conversion, the certificate, and the university's dashboard and export.
 */

// ───────────────────────────── assignment ─────────────────────────────

export async function agencyMentors(agencyIds: string[]) {
  const roles = await prisma.userRole.findMany({ where: { role: 'MENTOR', agencyId: { in: agencyIds } }, include: { user: { select: { id: true, name: true } } } })
  const load = await prisma.internshipPlacement.groupBy({ by: ['mentorId'], where: { mentorId: { in: roles.map((r) => r.userId) }, status: 'ACTIVE' }, _count: true })
  const count = new Map(load.map((l) => [l.mentorId, l._count]))
  return roles.map((r) => ({ id: r.user.id, name: r.user.name, agencyId: r.agencyId!, active: count.get(r.user.id) ?? 0, cap: MENTOR_CAP }))
}

/**
 * The agency assigns a mentor of its own to a placement. At least 1 mentor per 10 students
 * (domain.md §8): the mentor's running placements are counted under a per-mentor advisory lock,
 * so two assignments at the same moment cannot both take the tenth place.
 */
export async function assignMentor(
  input: { placementId: string; mentorId: string; agencyIds: string[] },
  actor: AuditActor,
): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'notMentor' | 'mentorFull' | 'completed' }> {
  return audited(actor, async (tx, audit) => {
    const placement = await tx.internshipPlacement.findFirst({ where: { id: input.placementId, agencyId: { in: input.agencyIds } } })
    if (!placement) return { ok: false as const, error: 'notFound' as const }
    if (placement.status !== 'ACTIVE') return { ok: false as const, error: 'completed' as const }
    const isMentor = await tx.userRole.findFirst({ where: { userId: input.mentorId, role: 'MENTOR', agencyId: placement.agencyId } })
    if (!isMentor) return { ok: false as const, error: 'notMentor' as const }
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('internship-mentor'), hashtext(${input.mentorId}))`
    const active = await tx.internshipPlacement.count({ where: { mentorId: input.mentorId, status: 'ACTIVE', id: { not: placement.id } } })
    if (!mentorHasRoom(active)) return { ok: false as const, error: 'mentorFull' as const }
    await tx.internshipPlacement.update({ where: { id: placement.id }, data: { mentorId: input.mentorId } })
    await audit({ action: 'internship.mentor_assigned', entityType: 'InternshipPlacement', entityId: placement.id, before: { mentorId: placement.mentorId }, after: { mentorId: input.mentorId, activeBefore: active } })
    return { ok: true as const }
  })
}

export async function universityDpls(universityIds: string[]) {
  const roles = await prisma.userRole.findMany({ where: { role: 'DPL', universityId: { in: universityIds } }, include: { user: { select: { id: true, name: true } } } })
  return roles.map((r) => ({ id: r.user.id, name: r.user.name, universityId: r.universityId! }))
}

/** The PIC names the supervising lecturer (DPL) of one of the university's placements. */
export async function assignDpl(input: { placementId: string; dplId: string; universityIds: string[] }, actor: AuditActor) {
  return audited(actor, async (tx, audit) => {
    const placement = await tx.internshipPlacement.findFirst({ where: { id: input.placementId, universityId: { in: input.universityIds } } })
    if (!placement) return { ok: false as const, error: 'notFound' as const }
    const isDpl = await tx.userRole.findFirst({ where: { userId: input.dplId, role: 'DPL', universityId: placement.universityId } })
    if (!isDpl) return { ok: false as const, error: 'notDpl' as const }
    await tx.internshipPlacement.update({ where: { id: placement.id }, data: { dplId: input.dplId } })
    await audit({ action: 'internship.dpl_assigned', entityType: 'InternshipPlacement', entityId: placement.id, before: { dplId: placement.dplId }, after: { dplId: input.dplId } })
    return { ok: true as const }
  })
}

// ───────────────────────────── reading a placement ─────────────────────────────

export type PlacementScope = { studentId: string } | { mentorId: string } | { dplId: string } | { universityIds: string[] }

function scopeWhere(scope: PlacementScope) {
  if ('studentId' in scope) return { studentId: scope.studentId }
  if ('mentorId' in scope) return { mentorId: scope.mentorId }
  if ('dplId' in scope) return { dplId: scope.dplId }
  return { universityId: { in: scope.universityIds } }
}

export async function placementFor(placementId: string, scope: PlacementScope) {
  const p = await prisma.internshipPlacement.findFirst({
    where: { id: placementId, ...scopeWhere(scope) },
    include: {
      application: { include: { opening: true } },
      entries: { orderBy: [{ kind: 'asc' }, { entryDate: 'desc' }] },
      attendance: { orderBy: { day: 'desc' } },
    },
  })
  if (!p) return null
  return placementView(p)
}

async function placementView(p: NonNullable<Awaited<ReturnType<typeof loadPlacementRow>>>) {
  const people = await prisma.user.findMany({ where: { id: { in: [p.studentId, p.mentorId, p.dplId].filter((x): x is string => !!x) } }, select: { id: true, name: true } })
  const nameOf = new Map(people.map((u) => [u.id, u.name]))
  const [agency, university, students] = await Promise.all([
    prisma.agency.findUnique({ where: { id: p.agencyId }, select: { name: true } }),
    prisma.university.findUnique({ where: { id: p.universityId }, select: { name: true } }),
    studentNames([p.studentId]),
  ])
  const entryView = (e: (typeof p.entries)[number]) => ({
    id: e.id,
    kind: e.kind,
    entryDate: e.entryDate.toISOString().slice(0, 10),
    month: e.month,
    title: e.title,
    body: e.body,
    hours: e.hours,
    status: e.status,
    revision: e.revision,
    reviewComment: e.reviewComment,
    reviewerRole: e.reviewerRole,
  })
  const reports = p.entries.filter((e) => e.kind === 'MONTHLY_REPORT')
  const rate = attendanceRate(p.attendance.map((a) => a.status))
  const evaluationRate = p.evaluationAttendanceRate === null ? null : Number(p.evaluationAttendanceRate)
  return {
    id: p.id,
    status: p.status,
    student: nameOf.get(p.studentId) ?? '',
    studentNumber: students.get(p.studentId)?.studentNumber ?? '',
    studentId: p.studentId,
    universityId: p.universityId,
    agencyId: p.agencyId,
    mentorId: p.mentorId,
    mentor: p.mentorId ? (nameOf.get(p.mentorId) ?? '') : null,
    dplId: p.dplId,
    dpl: p.dplId ? (nameOf.get(p.dplId) ?? '') : null,
    agency: agency?.name ?? '',
    university: university?.name ?? '',
    openingTitle: p.application.opening.title,
    unit: p.application.opening.unit,
    startsAt: p.startsAt.toISOString().slice(0, 10),
    endsAt: p.endsAt.toISOString().slice(0, 10),
    durationMonths: p.durationMonths,
    logbook: p.entries.filter((e) => e.kind === 'LOGBOOK').map(entryView),
    reports: reports.sort((a, b) => (a.month ?? 0) - (b.month ?? 0)).map(entryView),
    attendance: p.attendance.map((a) => ({ day: a.day.toISOString().slice(0, 10), status: a.status })),
    attendanceRate: rate,
    // What attendance does to the evaluation, shown to the mentor before submitting (ADR 019 addendum).
    attendanceEffect: attendanceEffect(p.status === 'COMPLETED' ? evaluationRate : rate),
    // Report n covers placement month n: when it opens, when it is due, and whether it is late.
    reportSchedule: reportSchedule(p, reports.map((r) => ({ month: r.month, firstSentOn: wibToday(r.createdAt).toISOString().slice(0, 10) })), wibToday()),
    evaluationOpensOn: evaluationOpensOn(p),
    earlyCompletionReason: p.earlyCompletionReason,
    finalScore: p.finalScore === null ? null : Number(p.finalScore),
    grade: p.finalScore === null ? null : letterGrade(Number(p.finalScore)),
    rubricScores: (p.rubricScores ?? null) as RubricScores | null,
    evaluationNote: p.evaluationNote,
    credits: (p.creditSummary ?? null) as CreditLine[] | null,
    totalSks: p.totalSks,
    completedAt: p.completedAt?.toISOString() ?? null,
    hasCertificate: p.status === 'COMPLETED' && p.finalScore !== null && earnsCertificateWith(Number(p.finalScore), evaluationRate),
  }
}
export type PlacementView = Awaited<ReturnType<typeof placementView>>

function loadPlacementRow(id: string) {
  return prisma.internshipPlacement.findUnique({
    where: { id },
    include: { application: { include: { opening: true } }, entries: true, attendance: true },
  })
}

export async function placementsFor(scope: PlacementScope) {
  const rows = await prisma.internshipPlacement.findMany({
    where: scopeWhere(scope),
    include: { application: { include: { opening: true } }, entries: { select: { kind: true, status: true } } },
    orderBy: [{ status: 'asc' }, { startsAt: 'desc' }],
  })
  const names = await studentNames(rows.map((r) => r.studentId))
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    student: names.get(r.studentId)?.name ?? '',
    openingTitle: r.application.opening.title,
    startsAt: r.startsAt.toISOString().slice(0, 10),
    endsAt: r.endsAt.toISOString().slice(0, 10),
    awaitingReview: r.entries.filter((e) => e.status === 'SUBMITTED').length,
  }))
}

// ───────────────────────────── the student's entries ─────────────────────────────

export type EntryInput = { kind: EntryKind; date: Date; month: number | null; title: string; body: string; hours: number | null }

export async function submitEntry(
  input: { studentId: string; placementId: string } & EntryInput,
  actor: AuditActor,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'completed' | 'beforeStart' | 'afterEnd' | 'future' | 'duplicate' | 'month' | 'reportNotOpen' }> {
  const placement = await prisma.internshipPlacement.findFirst({ where: { id: input.placementId, studentId: input.studentId } })
  if (!placement) return { ok: false, error: 'notFound' }
  if (placement.status !== 'ACTIVE') return { ok: false, error: 'completed' }
  let date = input.date
  if (input.kind === 'MONTHLY_REPORT') {
    // Report n covers placement month n and opens in that month's last week (ADR 019 addendum).
    const problem = reportSubmissionProblem(placement, input.month ?? 0, wibToday(now))
    if (problem) return { ok: false, error: problem }
    date = new Date(`${reportWindow(placement, input.month!).from}T00:00:00Z`)
  } else {
    const problem = logbookDateProblem(date, placement, wibToday(now))
    if (problem) return { ok: false, error: problem }
  }
  try {
    const entry = await audited(actor, async (tx, audit) => {
      const row = await tx.internshipEntry.create({
        data: { placementId: placement.id, kind: input.kind, entryDate: date, month: input.kind === 'MONTHLY_REPORT' ? input.month : null, title: input.title, body: input.body, hours: input.hours },
      })
      await audit({ action: 'internship.entry_submitted', entityType: 'InternshipEntry', entityId: row.id, after: row })
      return row
    })
    await notifyReviewers(placement, input.kind, entry.id)
    return { ok: true }
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002' || (err as { code?: string }).code === '23505') return { ok: false, error: 'duplicate' }
    throw err
  }
}

/** The student revises a returned entry: new text, revision + 1, waiting for review again. */
export async function reviseEntry(input: { studentId: string; entryId: string; title: string; body: string; hours: number | null }, actor: AuditActor) {
  const result = await audited(actor, async (tx, audit) => {
    const entry = await tx.internshipEntry.findFirst({ where: { id: input.entryId, placement: { studentId: input.studentId, status: 'ACTIVE' } }, include: { placement: true } })
    if (!entry) return { ok: false as const, error: 'notFound' as const }
    if (!canRevise(entry.status)) return { ok: false as const, error: 'notReturned' as const }
    const { count } = await tx.internshipEntry.updateMany({
      where: { id: entry.id, status: 'RETURNED' },
      data: { title: input.title, body: input.body, hours: input.hours, status: 'SUBMITTED', revision: entry.revision + 1 },
    })
    if (count !== 1) return { ok: false as const, error: 'notReturned' as const }
    await audit({
      action: 'internship.entry_revised',
      entityType: 'InternshipEntry',
      entityId: entry.id,
      before: { status: entry.status, revision: entry.revision, title: entry.title, body: entry.body, reviewComment: entry.reviewComment },
      after: { status: 'SUBMITTED', revision: entry.revision + 1, title: input.title, body: input.body },
    })
    return { ok: true as const, placement: entry.placement, kind: entry.kind }
  })
  if (result.ok) await notifyReviewers(result.placement, result.kind, input.entryId)
  return result.ok ? { ok: true as const } : result
}

async function notifyReviewers(placement: { id: string; mentorId: string | null; dplId: string | null }, kind: EntryKind, _entryId: string) {
  const item = kind === 'LOGBOOK' ? 'Logbook magang' : 'Laporan bulanan magang'
  if (placement.mentorId) await notifyUser(placement.mentorId, { item, status: 'Menunggu tinjauan', statusEn: 'Waiting for review', note: null }, `/mentor/${placement.id}`)
}

// ───────────────────────────── reviews ─────────────────────────────

/**
 * The mentor or the DPL approves an entry or returns it with a comment (domain.md §8). Each
 * reviewer sees only the placements assigned to them: the scope is part of the query.
 */
export async function reviewPlacementEntry(
  input: { entryId: string; reviewer: { id: string; role: 'MENTOR' | 'DPL' }; decision: ReviewDecision; comment: string },
  actor: AuditActor,
): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'notWaiting' | 'commentRequired' }> {
  const scope = input.reviewer.role === 'MENTOR' ? { mentorId: input.reviewer.id } : { dplId: input.reviewer.id }
  const result = await audited(actor, async (tx, audit) => {
    const entry = await tx.internshipEntry.findFirst({ where: { id: input.entryId, placement: { ...scope, status: 'ACTIVE' } }, include: { placement: true } })
    if (!entry) return { ok: false as const, error: 'notFound' as const }
    let to
    try {
      to = reviewEntry(entry.status, input.decision, input.comment)
    } catch (err) {
      if (!(err instanceof ReviewError)) throw err
      return { ok: false as const, error: entry.status === 'SUBMITTED' ? ('commentRequired' as const) : ('notWaiting' as const) }
    }
    const data = { status: to, reviewComment: input.comment.trim() || null, reviewerId: input.reviewer.id, reviewerRole: input.reviewer.role, reviewedAt: new Date() }
    const { count } = await tx.internshipEntry.updateMany({ where: { id: entry.id, status: 'SUBMITTED' }, data })
    if (count !== 1) return { ok: false as const, error: 'notWaiting' as const }
    await audit({ action: `internship.entry_${input.decision === 'approve' ? 'approved' : 'returned'}`, entityType: 'InternshipEntry', entityId: entry.id, before: { status: entry.status, revision: entry.revision }, after: data })
    return { ok: true as const, studentId: entry.placement.studentId, kind: entry.kind, title: entry.title }
  })
  if (!result.ok) return result
  await notifyUser(
    result.studentId,
    {
      item: `${result.kind === 'LOGBOOK' ? 'Logbook' : 'Laporan bulanan'} "${result.title}"`,
      status: input.decision === 'approve' ? 'Disetujui' : 'Dikembalikan untuk perbaikan',
      statusEn: input.decision === 'approve' ? 'Approved' : 'Returned for revision',
      note: input.decision === 'return' ? `Catatan: ${input.comment.trim()}` : null,
    },
    '/magang/saya',
  )
  return { ok: true }
}

export async function recordAttendance(input: { placementId: string; mentorId: string; day: Date; status: AttendanceState }, actor: AuditActor) {
  return audited(actor, async (tx, audit) => {
    const placement = await tx.internshipPlacement.findFirst({ where: { id: input.placementId, mentorId: input.mentorId, status: 'ACTIVE' } })
    if (!placement) return { ok: false as const, error: 'notFound' as const }
    if (logbookDateProblem(input.day, placement, wibToday())) return { ok: false as const, error: 'date' as const }
    const row = await tx.internshipAttendance.upsert({
      where: { placementId_day: { placementId: placement.id, day: input.day } },
      update: { status: input.status, recordedById: input.mentorId, recordedAt: new Date() },
      create: { placementId: placement.id, day: input.day, status: input.status, recordedById: input.mentorId },
    })
    await audit({ action: 'internship.attendance', entityType: 'InternshipPlacement', entityId: placement.id, after: { day: row.day, status: row.status } })
    return { ok: true as const }
  })
}

// ───────────────────────────── the end ─────────────────────────────

/**
 * The mentor's final evaluation (issue 9 "End"): the rubric scores, the weighted final score and
 * the per-skill credit conversion (≤ 20 SKS) are computed once and stored with the placement,
 * which is then completed. Nothing may still wait for review.
 */
export async function submitEvaluation(
  input: { placementId: string; mentorId: string; scores: RubricScores; note: string; earlyReason?: string | null },
  actor: AuditActor,
  now = new Date(),
): Promise<
  { ok: true; certificate: boolean } | { ok: false; error: 'notFound' | 'completed' | 'pendingReviews' | 'noApprovedReport' | 'scores' | 'tooEarly' | 'earlyReason' }
> {
  let score: number
  let credits: ReturnType<typeof creditConversion>
  const result = await audited(actor, async (tx, audit) => {
    const placement = await tx.internshipPlacement.findFirst({ where: { id: input.placementId, mentorId: input.mentorId } })
    if (!placement) return { ok: false as const, error: 'notFound' as const }
    if (placement.status !== 'ACTIVE') return { ok: false as const, error: 'completed' as const }
    // From the last month on; earlier only as an early completion with a reason (ADR 019 addendum).
    const timing = evaluationTiming(placement, wibToday(now), input.earlyReason?.trim() || null)
    if (!timing.ok) return { ok: false as const, error: timing.error }
    const attendance = await tx.internshipAttendance.findMany({ where: { placementId: placement.id }, select: { status: true } })
    const rate = attendanceRate(attendance.map((a) => a.status))
    let applied: ReturnType<typeof applyAttendance>
    try {
      // Attendance caps "discipline" at the attendance rate before anything is computed.
      applied = applyAttendance(input.scores, rate)
      score = finalScore(applied.scores)
      credits = creditConversion(applied.scores, placement.durationMonths)
    } catch (err) {
      if (err instanceof RubricError) return { ok: false as const, error: 'scores' as const }
      throw err
    }
    const pending = await tx.internshipEntry.count({ where: { placementId: placement.id, status: { not: 'APPROVED' } } })
    if (pending) return { ok: false as const, error: 'pendingReviews' as const }
    const reports = await tx.internshipEntry.count({ where: { placementId: placement.id, kind: 'MONTHLY_REPORT', status: 'APPROVED' } })
    if (!reports) return { ok: false as const, error: 'noApprovedReport' as const }
    const rubric = Object.fromEntries(FINAL_RUBRIC.map((c) => [c.key, applied.scores[c.key]!]))
    const data = {
      rubricScores: rubric,
      finalScore: score,
      evaluationNote: input.note.trim() || null,
      creditSummary: credits.lines,
      totalSks: credits.totalSks,
      evaluatedById: input.mentorId,
      completedAt: now,
      status: 'COMPLETED' as const,
      evaluationAttendanceRate: rate,
      earlyCompletionReason: timing.early ? input.earlyReason!.trim() : null,
    }
    const { count } = await tx.internshipPlacement.updateMany({ where: { id: placement.id, status: 'ACTIVE' }, data })
    if (count !== 1) return { ok: false as const, error: 'completed' as const }
    await audit({
      action: timing.early ? 'internship.completed_early' : 'internship.evaluated',
      entityType: 'InternshipPlacement',
      entityId: placement.id,
      before: { status: 'ACTIVE' },
      after: { ...data, enteredScores: input.scores, disciplineCapped: applied.capped },
    })
    return { ok: true as const, certificate: earnsCertificateWith(score, rate), studentId: placement.studentId, dplId: placement.dplId, early: timing.early }
  })
  if (!result.ok) return result
  if (result.early && result.dplId) {
    await notifyUser(
      result.dplId,
      { item: 'Magang mahasiswa bimbingan Anda', status: 'Diselesaikan lebih awal oleh mentor', statusEn: 'Completed early by the mentor', note: `Alasan: ${input.earlyReason!.trim()}` },
      `/mentor/${input.placementId}`,
    )
  }
  await notifyUser(
    result.studentId,
    { item: 'Magang Anda', status: `Selesai — nilai akhir ${score!}`, statusEn: `Completed — final score ${score!}`, note: result.certificate ? 'Sertifikat magang dapat diunduh dari portal.' : null },
    '/magang/saya',
  )
  return { ok: true, certificate: result.certificate }
}

/** What the certificate and its public check show; null unless completed with a passing score. */
export async function certificateData(placementId: string) {
  const p = await loadPlacementRow(placementId)
  if (!p || p.status !== 'COMPLETED' || p.finalScore === null) return null
  if (!earnsCertificateWith(Number(p.finalScore), p.evaluationAttendanceRate === null ? null : Number(p.evaluationAttendanceRate))) return null
  const view = await placementView(p)
  return view
}

// ───────────────────────────── the university's dashboard ─────────────────────────────

/** Every student of the university across agencies: latest application status and the placement's progress. */
export async function universityDashboard(universityIds: string[]) {
  const apps = await prisma.internshipApplication.findMany({
    where: { universityId: { in: universityIds } },
    include: { opening: true, placement: { include: { entries: { select: { kind: true, status: true } } } } },
    orderBy: [{ createdAt: 'desc' }],
    take: 5000,
  })
  const [names, agencies] = await Promise.all([
    studentNames(apps.map((a) => a.studentId)),
    prisma.agency.findMany({ where: { id: { in: [...new Set(apps.map((a) => a.opening.agencyId))] } }, select: { id: true, name: true } }),
  ])
  const agencyOf = new Map(agencies.map((a) => [a.id, a.name]))
  return apps.map((a) => {
    const s = names.get(a.studentId)
    const entries = a.placement?.entries ?? []
    const count = (kind: string, status?: string) => entries.filter((e) => e.kind === kind && (!status || e.status === status)).length
    return {
      applicationId: a.id,
      placementId: a.placement?.id ?? null,
      student: s?.name ?? '',
      studentNumber: s?.studentNumber ?? '',
      studyProgramCode: a.studyProgramCode,
      agency: agencyOf.get(a.opening.agencyId) ?? '',
      openingTitle: a.opening.title,
      applicationStatus: a.status,
      placementStatus: a.placement?.status ?? null,
      logbookApproved: count('LOGBOOK', 'APPROVED'),
      logbookTotal: count('LOGBOOK'),
      reportsApproved: count('MONTHLY_REPORT', 'APPROVED'),
      reportsTotal: count('MONTHLY_REPORT'),
      finalScore: a.placement?.finalScore == null ? null : Number(a.placement.finalScore),
      totalSks: a.placement?.totalSks ?? null,
    }
  })
}

/** The dashboard as an XLSX workbook (ADR 009: exceljs): one sheet of students, one of credit conversion per skill. */
export async function universityWorkbook(universityIds: string[], labels: { status: (s: string) => string }) {
  const rows = await universityDashboard(universityIds)
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Portal Seleksi ASN'
  const sheet = wb.addWorksheet('Mahasiswa magang')
  sheet.columns = [
    { header: 'NIM', key: 'studentNumber', width: 16 },
    { header: 'Nama', key: 'student', width: 28 },
    { header: 'Program studi', key: 'studyProgramCode', width: 16 },
    { header: 'Instansi', key: 'agency', width: 28 },
    { header: 'Lowongan', key: 'openingTitle', width: 32 },
    { header: 'Status lamaran', key: 'applicationStatus', width: 24 },
    { header: 'Status magang', key: 'placementStatus', width: 16 },
    { header: 'Logbook disetujui', key: 'logbook', width: 18 },
    { header: 'Laporan bulanan disetujui', key: 'reports', width: 24 },
    { header: 'Nilai akhir', key: 'finalScore', width: 12 },
    { header: 'SKS', key: 'totalSks', width: 8 },
  ]
  sheet.getRow(1).font = { bold: true }
  for (const r of rows) {
    sheet.addRow({
      ...r,
      applicationStatus: labels.status(r.applicationStatus),
      placementStatus: r.placementStatus ? labels.status(r.placementStatus) : '',
      logbook: r.placementId ? `${r.logbookApproved}/${r.logbookTotal}` : '',
      reports: r.placementId ? `${r.reportsApproved}/${r.reportsTotal}` : '',
      finalScore: r.finalScore ?? '',
      totalSks: r.totalSks ?? '',
    })
  }
  const credits = wb.addWorksheet('Konversi SKS')
  credits.columns = [
    { header: 'NIM', key: 'studentNumber', width: 16 },
    { header: 'Nama', key: 'student', width: 28 },
    { header: 'Keterampilan', key: 'skill', width: 34 },
    { header: 'Nilai', key: 'score', width: 8 },
    { header: 'Huruf', key: 'grade', width: 8 },
    { header: 'SKS', key: 'sks', width: 8 },
  ]
  credits.getRow(1).font = { bold: true }
  const completed = await prisma.internshipPlacement.findMany({ where: { universityId: { in: universityIds }, status: 'COMPLETED' }, select: { studentId: true, creditSummary: true } })
  const names = await studentNames(completed.map((c) => c.studentId))
  for (const c of completed) {
    for (const line of (c.creditSummary ?? []) as CreditLine[]) {
      credits.addRow({ studentNumber: names.get(c.studentId)?.studentNumber ?? '', student: names.get(c.studentId)?.name ?? '', skill: line.name, score: line.score, grade: line.grade, sks: line.sks })
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
