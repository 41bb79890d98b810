import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { prisma } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import { agencyAct, applyForOpening, campusDecide, createOpening, openingForAgency, respondToOffer } from '~/models/internship.server'
import { decideCorrection, declareInterests, getAssessorBatch, getAssessorTask, getBatchForPanel, requestCorrection, scheduleSession, submitScores } from '~/models/assessment.server'
import { interviewForOpening, interviewSessionsForStudent, setUpInterview } from '~/models/internship-interview.server'
import { parseInterviewSetup, DEFAULT_INTERVIEW_RUBRIC } from '~/domain/internship/interview'
import type { Declaration } from '~/domain/assessment/conflicts'
import { INTERNSHIP_DOCS } from './internship-fixtures'

/**
 * The internship interview on the assessor scoring (ADR 019 addendum) against a real PostgreSQL:
 * the agency sets it up with its shortlist; interviewers see candidate codes only, after declaring;
 * a declared conflict and the interviewer's own university are never assigned, also for a student
 * shortlisted later; submissions are final and locked; a wide gap calls a third interviewer; the
 * final score becomes the application's interview score and orders the shortlist.
 */
const DAY = 86_400_000
const declaration = (d: Partial<Declaration> = {}): Declaration => ({ workplaces: [], studyPrograms: [], persons: [], statement: true, ...d })

let dataDir: string
let agencyId: string
let uiId: string
let ugmId: string
let unairId: string
let serial = 0

async function user(name: string, role: 'STUDENT' | 'UNIVERSITY_PIC' | 'AGENCY_ADMIN' | 'MENTOR' | 'ASSESSOR', scope: { universityId?: string; agencyId?: string } = {}) {
  serial++
  const u = await prisma.user.create({ data: { email: `wawancara${serial}@magang.test`, name, emailVerifiedAt: new Date() } })
  await prisma.userRole.create({ data: { userId: u.id, role, universityId: scope.universityId ?? null, agencyId: scope.agencyId ?? null } })
  return { id: u.id, name, actor: { ...SYSTEM_ACTOR, actorId: u.id, actorRole: role } }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-interview-'))
  process.env.DATA_DIR = dataDir
  resetEnvCache()
  agencyId = (await prisma.agency.create({ data: { code: 'KEMWAW', name: 'Kementerian Wawancara', kind: 'CENTRAL' } })).id
  uiId = (await prisma.university.create({ data: { code: 'UIW', name: 'Universitas Indonesia Uji' } })).id
  ugmId = (await prisma.university.create({ data: { code: 'UGW', name: 'Universitas Gadjah Mada Uji' } })).id
  unairId = (await prisma.university.create({ data: { code: 'UAW', name: 'Universitas Airlangga Uji' } })).id
  await prisma.studyProgram.createMany({ data: [{ code: 'S1-KESMAS', name: 'Kesehatan Masyarakat', level: 'S1' }], skipDuplicates: true })
})

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
})

type Person = Awaited<ReturnType<typeof user>>

async function openingWith(admin: Person, title: string, places: number) {
  const created = await createOpening(
    agencyId,
    { title, unit: 'Pusdatin', description: 'Data.', places, durationMonths: 4, mode: 'HYBRID', stipendMonthly: 0, minSemester: null, minGpa: null, studyProgramCodes: [], closesAt: new Date(Date.now() + 30 * DAY), startsAt: new Date(Date.now() + 40 * DAY) },
    admin.actor,
  )
  if (!created.ok) throw new Error(created.error)
  return created.id
}

/** A student applies, their university verifies, the agency shortlists. */
async function shortlistStudent(openingId: string, admin: Person, studentName: string, universityId: string, gpa: number) {
  const s = await user(studentName, 'STUDENT', { universityId })
  const studentNumber = `NIMW${serial}`
  await prisma.studentProfile.create({ data: { userId: s.id, universityId, studentNumber, studyProgramCode: 'S1-KESMAS', level: 'S1', semester: 6, gpa } })
  const applied = await applyForOpening({ studentId: s.id, openingId, motivation: 'Motivasi yang cukup panjang.', documents: INTERNSHIP_DOCS }, s.actor)
  if (!applied.ok) throw new Error(applied.error)
  const campusPic = await user('PIC kampus', 'UNIVERSITY_PIC', { universityId })
  expect(await campusDecide({ applicationId: applied.applicationId, universityIds: [universityId], approve: true, note: '' }, campusPic.actor)).toEqual({ ok: true })
  expect(await agencyAct({ applicationId: applied.applicationId, agencyIds: [agencyId], action: { kind: 'shortlist' } }, admin.actor)).toEqual({ ok: true })
  return { ...s, applicationId: applied.applicationId, studentNumber }
}

test('an interview on the assessor scoring: codes only, conflicts never assigned, locked submissions, adjudication, the final score orders the shortlist', async () => {
  const admin = await user('Admin Magang', 'AGENCY_ADMIN', { agencyId })
  const openingId = await openingWith(admin, 'Magang Data', 3)
  const shortlist = (studentName: string, universityId: string, gpa: number) => shortlistStudent(openingId, admin, studentName, universityId, gpa)
  const sari = await shortlist('Sari Kusuma', uiId, 3.9) // a UI student
  const budi = await shortlist('Budi Santoso', unairId, 3.1) // a student of a third university

  // Interviewers: two independent assessors (one a UI lecturer), and two of the agency's own mentors.
  const lecturerUi = await user('Asesor UI', 'ASSESSOR', { universityId: uiId })
  const assessorUgm = await user('Asesor UGM', 'ASSESSOR', { universityId: ugmId })
  const mentor1 = await user('Mentor Satu', 'MENTOR', { agencyId })
  const mentor2 = await user('Mentor Dua', 'MENTOR', { agencyId })
  const otherAgencyMentor = await user('Mentor Lain', 'MENTOR', { agencyId: (await prisma.agency.create({ data: { code: 'KEMX', name: 'Kementerian X', kind: 'CENTRAL' } })).id })
  const panel = [lecturerUi, assessorUgm, mentor1, mentor2]
  const parsed = parseInterviewSetup({ rubric: DEFAULT_INTERVIEW_RUBRIC, assessorsPerCandidate: '2', gapThreshold: '15', finalScoreRule: 'MEAN_CLOSEST_TWO', assessorIds: panel.map((p) => p.id) })
  if (!parsed.ok) throw new Error(parsed.error)

  // Another agency's mentor cannot interview; another agency cannot set it up at all.
  expect(await setUpInterview(openingId, [agencyId], { ...parsed.setup, assessorIds: [...parsed.setup.assessorIds, otherAgencyMentor.id] }, admin.actor)).toEqual({ ok: false, error: 'assessment.errors.notAssessor' })
  expect(await setUpInterview(openingId, ['other-agency'], parsed.setup, admin.actor)).toBeNull()
  const setUp = await setUpInterview(openingId, [agencyId], parsed.setup, admin.actor)
  if (!setUp?.ok) throw new Error(JSON.stringify(setUp))
  const batchId = setUp.batchId
  expect(await setUpInterview(openingId, [agencyId], parsed.setup, admin.actor)).toEqual({ ok: false, error: 'internshipRules.interview.errors.exists' })
  expect((await interviewForOpening(openingId, [agencyId]))!.batch).toMatchObject({ candidates: 2, members: 4, declared: 0 })

  // Before declaring, an interviewer sees no candidate, and no code opens.
  const before = await getAssessorBatch(batchId, mentor1.id)
  expect(before!.tasks).toEqual([])
  const codes = (await prisma.assessmentCandidate.findMany({ where: { batchId } })).map((c) => c.code)
  expect(await getAssessorTask(batchId, codes[0]!, mentor1.id)).toBeNull()

  // Declarations: the UGM assessor names Budi; the UI lecturer declares nothing but teaches at Sari's university.
  expect(await declareInterests(batchId, assessorUgm.id, declaration({ persons: [{ name: 'Budi Santoso', relation: 'keponakan' }] }), assessorUgm.actor)).toEqual({ ok: true, conflicts: 1 })
  expect(await declareInterests(batchId, lecturerUi.id, declaration(), lecturerUi.actor)).toEqual({ ok: true, conflicts: 1 })
  // The agency's own staff may interview: no "works for the agency" refusal as in the ASN selection.
  expect(await declareInterests(batchId, mentor1.id, declaration({ workplaces: ['Kementerian Wawancara'] }), mentor1.actor)).toEqual({ ok: true, conflicts: 0 })
  expect(await declareInterests(batchId, mentor2.id, declaration(), mentor2.actor)).toEqual({ ok: true, conflicts: 0 })

  const candidateOf = async (applicationId: string) => prisma.assessmentCandidate.findFirstOrThrow({ where: { batchId, applicationId }, include: { assignments: true, conflicts: true } })
  const sariC = await candidateOf(sari.applicationId)
  const budiC = await candidateOf(budi.applicationId)
  expect(sariC.conflicts.map((c) => [c.userId, c.reason])).toEqual([[lecturerUi.id, 'SAME_INSTITUTION']])
  expect(budiC.conflicts.map((c) => [c.userId, c.reason])).toEqual([[assessorUgm.id, 'DECLARED_PERSON']])
  expect(sariC.assignments).toHaveLength(2)
  expect(budiC.assignments).toHaveLength(2)
  expect(sariC.assignments.map((a) => a.userId)).not.toContain(lecturerUi.id)
  expect(budiC.assignments.map((a) => a.userId)).not.toContain(assessorUgm.id)

  // What an interviewer is given carries the code, never the student's name or student number.
  for (const p of panel) {
    const seen = JSON.stringify([await getAssessorBatch(batchId, p.id), ...(await Promise.all(codes.map((c) => getAssessorTask(batchId, c, p.id))))])
    for (const secret of ['Sari Kusuma', 'Budi Santoso', sari.studentNumber, budi.studentNumber, sari.applicationId, budi.applicationId]) expect(seen).not.toContain(secret)
  }
  // A code not assigned to an interviewer does not open for them.
  expect(await getAssessorTask(batchId, sariC.code, lecturerUi.id)).toBeNull()

  // Scores: Sari within the gap (80, 84 → 82); Budi far apart (50, 90) → a third interviewer.
  const task = await getAssessorTask(batchId, sariC.code, sariC.assignments[0]!.userId)
  const scores = (n: number) => task!.rubric.map((c) => ({ key: c.key, score: n, justification: 'Jawaban dan contoh yang diberikan sesuai level ini.' }))
  expect(await submitScores(batchId, sariC.code, sariC.assignments[0]!.userId, scores(80), SYSTEM_ACTOR)).toEqual({ ok: true })
  expect(await submitScores(batchId, sariC.code, sariC.assignments[0]!.userId, scores(100), SYSTEM_ACTOR)).toEqual({ ok: false, error: 'assessment.errors.locked' })
  expect(await submitScores(batchId, sariC.code, sariC.assignments[1]!.userId, scores(84), SYSTEM_ACTOR)).toEqual({ ok: true })
  expect(Number((await prisma.internshipApplication.findUniqueOrThrow({ where: { id: sari.applicationId } })).interviewScore)).toBe(82)
  expect(await prisma.additionalTestResult.count({ where: { applicationId: sari.applicationId } })).toBe(0)

  await submitScores(batchId, budiC.code, budiC.assignments[0]!.userId, scores(50), SYSTEM_ACTOR)
  await submitScores(batchId, budiC.code, budiC.assignments[1]!.userId, scores(90), SYSTEM_ACTOR)
  const adjudicator = await prisma.assessmentAssignment.findFirstOrThrow({ where: { candidateId: budiC.id, role: 'ADJUDICATOR' } })
  expect(adjudicator.userId).not.toBe(assessorUgm.id)
  expect((await prisma.internshipApplication.findUniqueOrThrow({ where: { id: budi.applicationId } })).interviewScore).toBeNull()
  await submitScores(batchId, budiC.code, adjudicator.userId, scores(88), SYSTEM_ACTOR)
  // Mean of the two closest (90, 88).
  expect(Number((await prisma.internshipApplication.findUniqueOrThrow({ where: { id: budi.applicationId } })).interviewScore)).toBe(89)

  // A student shortlisted later joins with a code; the UI lecturer's institution still excludes them.
  const citra = await shortlist('Citra Dewi', uiId, 3.95)
  const citraC = await candidateOf(citra.applicationId)
  expect(citraC.code).toMatch(/^WAW-/)
  expect(citraC.conflicts.map((c) => c.reason)).toEqual(['SAME_INSTITUTION'])
  expect(citraC.assignments).toHaveLength(2)
  expect(citraC.assignments.map((a) => a.userId)).not.toContain(lecturerUi.id)

  // The shortlist is ordered by the interview's final score: Budi 89, Sari 82, then Citra (not yet scored, highest GPA).
  const view = await openingForAgency(openingId, [agencyId])
  expect(view!.applications.map((a) => [a.student, a.interviewScore])).toEqual([
    ['Budi Santoso', 89],
    ['Sari Kusuma', 82],
    ['Citra Dewi', null],
  ])

  // The student sees the schedule, the panel sees names; a correction reopens and withdraws the score.
  await scheduleSession(batchId, sariC.id, { startsAt: new Date('2026-12-20T02:00:00Z'), place: 'Ruang Rapat Pusdatin', link: null }, { all: false, agencyIds: [agencyId] }, admin.actor)
  expect(await interviewSessionsForStudent(sari.id)).toEqual([{ applicationId: sari.applicationId, startsAt: '2026-12-20T02:00:00.000Z', place: 'Ruang Rapat Pusdatin', link: null }])
  const panelView = await getBatchForPanel(batchId, { all: false, agencyIds: [agencyId] })
  expect(panelView!.candidates.find((c) => c.code === sariC.code)).toMatchObject({ name: 'Sari Kusuma', finalScore: 82 })
  expect(panelView!.position).toMatchObject({ name: 'Magang Data', agencyName: 'Kementerian Wawancara' })
  expect(await requestCorrection(batchId, sariC.code, sariC.assignments[0]!.userId, 'Salah memasukkan nilai komunikasi.', SYSTEM_ACTOR)).toEqual({ ok: true })
  const request = await prisma.assessmentCorrectionRequest.findFirstOrThrow({ where: { assignmentId: sariC.assignments[0]!.id } })
  expect(await decideCorrection(request.id, true, 'Disetujui panel.', { all: false, agencyIds: [agencyId] }, admin.actor)).toBe(true)
  expect((await prisma.internshipApplication.findUniqueOrThrow({ where: { id: sari.applicationId } })).interviewScore).toBeNull()

  expect((await verifyAuditLog()).ok).toBe(true)
})

test('a place freed by a declined offer waits for the last interview score, then goes to the best interview score (ADR 019 addendum 2026-12-02)', async () => {
  const admin = await user('Admin Magang Dua', 'AGENCY_ADMIN', { agencyId })
  const openingId = await openingWith(admin, 'Magang Statistik', 1)
  const ayu = await shortlistStudent(openingId, admin, 'Ayu Lestari', ugmId, 3.9)
  const bayu = await shortlistStudent(openingId, admin, 'Bayu Pratama', ugmId, 3.6)
  const candra = await shortlistStudent(openingId, admin, 'Candra Wijaya', unairId, 3.0)
  const mentors = [await user('Mentor Tiga', 'MENTOR', { agencyId }), await user('Mentor Empat', 'MENTOR', { agencyId })]
  const parsed = parseInterviewSetup({ rubric: DEFAULT_INTERVIEW_RUBRIC, assessorsPerCandidate: '2', gapThreshold: '15', finalScoreRule: 'MEAN_CLOSEST_TWO', assessorIds: mentors.map((m) => m.id) })
  if (!parsed.ok) throw new Error(parsed.error)
  const setUp = await setUpInterview(openingId, [agencyId], parsed.setup, admin.actor)
  if (!setUp?.ok) throw new Error(JSON.stringify(setUp))
  for (const m of mentors) expect(await declareInterests(setUp.batchId, m.id, declaration(), m.actor)).toEqual({ ok: true, conflicts: 0 })
  const status = async (applicationId: string) => (await prisma.internshipApplication.findUniqueOrThrow({ where: { id: applicationId } })).status
  const interview = async (applicationId: string, score: number) => {
    const candidate = await prisma.assessmentCandidate.findFirstOrThrow({ where: { batchId: setUp.batchId, applicationId }, include: { assignments: true } })
    for (const a of candidate.assignments) {
      const task = await getAssessorTask(setUp.batchId, candidate.code, a.userId)
      const scores = task!.rubric.map((c) => ({ key: c.key, score, justification: 'Jawaban dan contoh yang diberikan sesuai level ini.' }))
      expect(await submitScores(setUp.batchId, candidate.code, a.userId, scores, SYSTEM_ACTOR)).toEqual({ ok: true })
    }
  }

  // The agency offers its one place by hand before the interviews; Ayu declines it.
  expect(await agencyAct({ applicationId: ayu.applicationId, agencyIds: [agencyId], action: { kind: 'offer', deadlineDays: 3 } }, admin.actor)).toEqual({ ok: true })
  expect(await respondToOffer({ studentId: ayu.id, applicationId: ayu.applicationId, accept: false }, ayu.actor)).toEqual({ ok: true })
  // Nobody is interviewed yet: the freed place waits, and the agency's page says why.
  expect([await status(bayu.applicationId), await status(candra.applicationId)]).toEqual(['SHORTLISTED', 'SHORTLISTED'])
  expect((await openingForAgency(openingId, [agencyId]))!.offersWaiting).toEqual({ places: 1, pending: 2 })

  // Bayu's final score comes in (70): Candra is still unscored and could outrank him — still waiting.
  await interview(bayu.applicationId, 70)
  expect([await status(bayu.applicationId), await status(candra.applicationId)]).toEqual(['SHORTLISTED', 'SHORTLISTED'])
  expect((await openingForAgency(openingId, [agencyId]))!.offersWaiting).toEqual({ places: 1, pending: 1 })

  // The last score (Candra, 90, despite the lower GPA): the place goes to Candra at once, audited as automatic.
  await interview(candra.applicationId, 90)
  expect([await status(bayu.applicationId), await status(candra.applicationId)]).toEqual(['SHORTLISTED', 'OFFERED'])
  expect((await openingForAgency(openingId, [agencyId]))!.offersWaiting).toBeNull()
  const offer = await prisma.auditLog.findFirstOrThrow({ where: { entityId: candra.applicationId, action: { contains: 'offer' } }, orderBy: { id: 'desc' } })
  expect(offer).toMatchObject({ actorRole: 'SYSTEM', after: expect.objectContaining({ automatic: true, reason: 'placeFreed' }) })
  expect((await verifyAuditLog()).ok).toBe(true)
})
