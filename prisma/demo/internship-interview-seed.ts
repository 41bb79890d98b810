import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, audited } from '~/models/audit.server'
import { declareInterests, scheduleSession } from '~/models/assessment.server'
import { setUpInterview } from '~/models/internship-interview.server'
import { DEFAULT_INTERVIEW_RUBRIC, parseInterviewSetup } from '~/domain/internship/interview'
import { DEMO_OPENING_TITLE } from './internship-seed.ts'

/**
 * Demo of the internship interview on the assessor scoring (ADR 019 addendum): two students on
 * the demo opening's shortlist, and its interview set up through the model with two interviewers
 * — asesor.magang@demo.test (an independent assessor from Universitas Cenderawasih) and
 * mentor@demo.test (the agency's own mentor). Both have declared, so signing in as either shows
 * the candidate codes to score; one interview is scheduled, which the student sees. Idempotent.
 */
const STUDENTS = [
  { email: 'mahasiswa2@demo.test', name: 'Putri Maharani (Demo)', university: 'UI', nim: '2106700002', program: 'S1-STAT', gpa: 3.71 },
  { email: 'mahasiswa3@demo.test', name: 'Andi Saputra (Demo)', university: 'UGM', nim: '20/45871/KU/00003', program: 'S1-KESMAS', gpa: 3.48 },
]
export const DEMO_INTERVIEWER = { email: 'asesor.magang@demo.test', name: 'Pewawancara Magang UNCEN (Demo)', university: 'UNCEN' }

export async function seedDemoInternshipInterview(opts: { passwordHash: string }) {
  const opening = await prisma.internshipOpening.findFirst({ where: { isDemo: true, title: DEMO_OPENING_TITLE } })
  const mentor = await prisma.user.findUnique({ where: { email: 'mentor@demo.test' } })
  if (!opening || !mentor) return
  if (await prisma.assessmentBatch.findFirst({ where: { openingId: opening.id } })) return
  const universities = Object.fromEntries((await prisma.university.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]))
  const day = 86_400_000

  const interviewerId = await audited(SYSTEM_ACTOR, async (tx, audit) => {
    const interviewer = await tx.user.upsert({
      where: { email: DEMO_INTERVIEWER.email },
      update: {},
      create: { email: DEMO_INTERVIEWER.email, name: DEMO_INTERVIEWER.name, passwordHash: opts.passwordHash, emailVerifiedAt: new Date(), isDemo: true },
    })
    if (!(await tx.userRole.findFirst({ where: { userId: interviewer.id, role: 'ASSESSOR' } }))) {
      await tx.userRole.create({ data: { userId: interviewer.id, role: 'ASSESSOR', universityId: universities[DEMO_INTERVIEWER.university] ?? null } })
    }
    for (const s of STUDENTS) {
      const universityId = universities[s.university]!
      const user = await tx.user.upsert({
        where: { email: s.email },
        update: {},
        create: { email: s.email, name: s.name, passwordHash: opts.passwordHash, emailVerifiedAt: new Date(), isDemo: true },
      })
      if (!(await tx.userRole.findFirst({ where: { userId: user.id, role: 'STUDENT' } }))) await tx.userRole.create({ data: { userId: user.id, role: 'STUDENT', universityId } })
      await tx.studentProfile.upsert({
        where: { userId: user.id },
        update: {},
        create: { userId: user.id, universityId, studentNumber: s.nim, studyProgramCode: s.program, level: 'S1', semester: 6, gpa: s.gpa },
      })
      if (await tx.internshipApplication.findFirst({ where: { openingId: opening.id, studentId: user.id } })) continue
      // Verified by the campus a week ago and shortlisted by the agency (documents are the demo's placeholders).
      await tx.internshipApplication.create({
        data: {
          openingId: opening.id,
          studentId: user.id,
          universityId,
          studyProgramCode: s.program,
          level: 'S1',
          semester: 6,
          gpa: s.gpa,
          motivation: 'Saya ingin belajar mengolah data kesehatan untuk kebijakan publik.',
          status: 'SHORTLISTED',
          campusReviewedAt: new Date(Date.now() - 7 * day),
          shortlistedAt: new Date(Date.now() - 5 * day),
        },
      })
    }
    await audit({ action: 'demo.internship_interview_loaded', entityType: 'InternshipOpening', entityId: opening.id, after: { interviewer: DEMO_INTERVIEWER.email, students: STUDENTS.map((s) => s.email) } })
    return interviewer.id
  })

  const parsed = parseInterviewSetup({ rubric: DEFAULT_INTERVIEW_RUBRIC, assessorsPerCandidate: 2, gapThreshold: 15, finalScoreRule: 'MEAN_CLOSEST_TWO', assessorIds: [interviewerId, mentor.id] })
  if (!parsed.ok) throw new Error(parsed.error)
  const result = await setUpInterview(opening.id, [opening.agencyId], parsed.setup, SYSTEM_ACTOR)
  if (!result?.ok) return
  const empty = { workplaces: [], studyPrograms: [], persons: [], statement: true as const }
  await declareInterests(result.batchId, interviewerId, { ...empty, workplaces: ['Universitas Cenderawasih'] }, SYSTEM_ACTOR)
  await declareInterests(result.batchId, mentor.id, { ...empty, workplaces: ['Kementerian Kesehatan'] }, SYSTEM_ACTOR)
  const putri = await prisma.user.findUniqueOrThrow({ where: { email: STUDENTS[0]!.email } })
  const application = await prisma.internshipApplication.findFirstOrThrow({ where: { openingId: opening.id, studentId: putri.id } })
  const candidate = await prisma.assessmentCandidate.findFirstOrThrow({ where: { batchId: result.batchId, applicationId: application.id } })
  const inThreeDays = new Date(`${new Date(Date.now() + 3 * day + 7 * 3_600_000).toISOString().slice(0, 10)}T02:00:00Z`)
  await scheduleSession(result.batchId, candidate.id, { startsAt: inThreeDays, place: null, link: 'https://meet.example.id/wawancara-magang' }, { all: true }, SYSTEM_ACTOR)
}
