import { prisma, type Tx } from '~/utils/db.server'
import { audited, SYSTEM_ACTOR, type AuditActor, type AuditEntry } from '~/models/audit.server'
import { assessorsAvailableFor, assignBatch, enrolCandidates } from '~/models/assessment.server'
import { mayScoreFor } from '~/domain/assessment/panel'
import { INTERVIEW_TEST_TYPE, type InterviewSetup } from '~/domain/internship/interview'

/**
 * The internship interview (ADR 019 addendum): one assessment batch of kind INTERNSHIP per
 * opening, on the engine of ADR 016. The agency sets it up here (competencies, panel size, gap,
 * final-score rule, interviewers); every student shortlisted — before or after — becomes a
 * candidate known to the interviewers by code only. From then on the batch is run on the
 * assessment panel page (`/instansi/asesmen/:batchId`: declarations, assignment, schedule,
 * progress, corrections), interviewers score at `/asesor`, and the final score is written to the
 * application's interview score, which orders the shortlist.
 */

async function openingOf(openingId: string, agencyIds: string[]) {
  return prisma.internshipOpening.findFirst({ where: { id: openingId, agencyId: { in: agencyIds } } })
}

/** The interview of an opening as its agency sees it: setup form data, or the running batch's figures. */
export async function interviewForOpening(openingId: string, agencyIds: string[]) {
  const opening = await openingOf(openingId, agencyIds)
  if (!opening) return null
  const batch = await prisma.assessmentBatch.findUnique({
    where: { openingId_testType: { openingId, testType: INTERVIEW_TEST_TYPE } },
    select: {
      id: true,
      status: true,
      assignedAt: true,
      members: { select: { declaredAt: true } },
      candidates: { select: { finalisedAt: true, sessionStartsAt: true } },
    },
  })
  const shortlisted = await prisma.internshipApplication.count({ where: { openingId, status: 'SHORTLISTED' } })
  return {
    opening: { id: opening.id, title: opening.title, unit: opening.unit, agencyId: opening.agencyId },
    shortlisted,
    batch: batch
      ? {
          id: batch.id,
          status: batch.status,
          members: batch.members.length,
          declared: batch.members.filter((m) => m.declaredAt).length,
          candidates: batch.candidates.length,
          scheduled: batch.candidates.filter((c) => c.sessionStartsAt).length,
          final: batch.candidates.filter((c) => c.finalisedAt).length,
        }
      : null,
    interviewers: batch ? [] : await assessorsAvailableFor(opening.agencyId, 'INTERNSHIP'),
  }
}

export type SetUpInterviewResult = { ok: true; batchId: string } | { ok: false; error: string }

/**
 * The agency sets up the interview of one of its openings: the configuration, the batch with every
 * student shortlisted so far, and the panel of interviewers (each checked by `mayScoreFor`), in one
 * transaction with its audit row. One interview per opening (unique index), so a double post
 * creates nothing twice.
 */
export async function setUpInterview(openingId: string, agencyIds: string[], setup: InterviewSetup, actor: AuditActor): Promise<SetUpInterviewResult | null> {
  const opening = await openingOf(openingId, agencyIds)
  if (!opening) return null
  const roles = await prisma.userRole.findMany({ where: { userId: { in: setup.assessorIds } } })
  const universityOf = new Map<string, string | null>()
  for (const userId of new Set(setup.assessorIds)) {
    const eligible = mayScoreFor(
      roles.filter((r) => r.userId === userId),
      opening.agencyId,
      'INTERNSHIP',
    )
    if (!eligible.ok) return { ok: false, error: eligible.error }
    universityOf.set(userId, eligible.universityId)
  }
  try {
    const batchId = await audited(
      actor,
      async (tx, audit) => {
        const config = {
          rubric: setup.rubric,
          assessorsPerCandidate: setup.assessorsPerCandidate,
          gapThreshold: setup.gapThreshold,
          finalScoreRule: setup.finalScoreRule,
          passScore: null,
          updatedById: actor.actorId,
        }
        await tx.assessmentTestConfig.create({ data: { openingId, testType: INTERVIEW_TEST_TYPE, ...config } })
        const batch = await tx.assessmentBatch.create({
          data: { subjectKind: 'INTERNSHIP', openingId, agencyId: opening.agencyId, testType: INTERVIEW_TEST_TYPE, name: `${opening.title} — Wawancara magang`, createdById: actor.actorId },
        })
        for (const [userId, universityId] of universityOf) {
          await tx.assessmentPanelMember.create({ data: { batchId: batch.id, userId, universityId, addedById: actor.actorId } })
        }
        await audit({
          action: 'internship.interview_set_up',
          entityType: 'InternshipOpening',
          entityId: openingId,
          after: { batchId: batch.id, ...config, interviewers: [...universityOf.keys()] },
        })
        const shortlisted = await tx.internshipApplication.findMany({ where: { openingId, status: 'SHORTLISTED' }, select: { id: true }, orderBy: { shortlistedAt: 'asc' } })
        await enrolCandidates(tx, audit, batch.id, shortlisted.map((a) => a.id))
        return batch.id
      },
      { timeoutMs: 30_000 },
    )
    return { ok: true, batchId }
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002' || (err as { code?: string }).code === '23505') return { ok: false, error: 'internshipRules.interview.errors.exists' }
    throw err
  }
}

/**
 * A student just shortlisted joins the opening's interview, inside the shortlisting transaction;
 * returns the batch to assign after the commit (null when the opening has no interview).
 */
export async function enrolShortlisted(tx: Tx, audit: (e: AuditEntry) => Promise<unknown>, openingId: string, applicationId: string) {
  const batch = await tx.assessmentBatch.findUnique({ where: { openingId_testType: { openingId, testType: INTERVIEW_TEST_TYPE } }, select: { id: true, status: true } })
  if (!batch || batch.status !== 'OPEN') return null
  await enrolCandidates(tx, audit, batch.id, [applicationId])
  return batch.id
}

/**
 * Shortlisted students of the opening whose interview has no final score yet (its batch still
 * open): what an automatic offer of a freed place waits for (`mayOfferFreedPlaces`).
 */
export async function pendingInterviews(db: Pick<Tx, '$queryRaw'>, openingId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "AssessmentCandidate" c
    JOIN "AssessmentBatch" b ON b.id = c."batchId"
    JOIN "InternshipApplication" a ON a.id = c."applicationId"
    WHERE b."openingId" = ${openingId} AND b."testType" = ${INTERVIEW_TEST_TYPE} AND b.status = 'OPEN'
      AND c."finalisedAt" IS NULL AND a.status = 'SHORTLISTED'`
  return row?.n ?? 0
}

/**
 * Gives a late candidate their interviewers. Only once the batch's first assignment has run (when
 * its last interviewer declared, ADR 016); before that everyone is assigned together then.
 */
export async function assignInterview(batchId: string, actor: AuditActor = SYSTEM_ACTOR) {
  const batch = await prisma.assessmentBatch.findUnique({ where: { id: batchId }, select: { assignedAt: true } })
  if (!batch?.assignedAt) return null
  return assignBatch(batchId, { system: true }, actor)
}

/** The student's own interview sessions (their page): when and where, never scores in progress. */
export async function interviewSessionsForStudent(studentId: string) {
  const apps = await prisma.internshipApplication.findMany({ where: { studentId }, select: { id: true } })
  if (!apps.length) return []
  const rows = await prisma.assessmentCandidate.findMany({
    where: { applicationId: { in: apps.map((a) => a.id) }, batch: { subjectKind: 'INTERNSHIP' }, sessionStartsAt: { not: null } },
    select: { applicationId: true, sessionStartsAt: true, sessionPlace: true, sessionLink: true },
  })
  return rows.map((r) => ({ applicationId: r.applicationId, startsAt: r.sessionStartsAt!.toISOString(), place: r.sessionPlace, link: r.sessionLink }))
}
