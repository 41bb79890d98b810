import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import {
  addPanelMember,
  createBatch,
  decideCorrection,
  declareInterests,
  getAssessorBatch,
  getAssessorTask,
  getBatchForPanel,
  recuse,
  requestCorrection,
  savePositionConfig,
  getPositionConfig,
  submitScores,
} from '~/models/assessment.server'
import { defaultRubric } from '~/domain/assessment/rubric'
import type { Declaration } from '~/domain/assessment/conflicts'

/**
 * Issue 7 against a real database: batches of MS candidates by code, declarations before any
 * candidate is visible, conflicts never assigned, final and locked submissions, adjudication on a
 * wide gap, the final score in AdditionalTestResult, and corrections through the panel.
 */
let periodId: string
let agencyId: string
let otherAgencyId: string
let positionId: string
const assessors: string[] = []
const rubric = defaultRubric('PSIKOTES')
const declaration = (d: Partial<Declaration> = {}): Declaration => ({ workplaces: [], studyPrograms: [], persons: [], statement: true, ...d })
const scores = (score: number) => rubric.map((c) => ({ key: c.key, score, justification: 'Perilaku yang diamati sesuai deskripsi level ini.' }))

beforeAll(async () => {
  const period = await prisma.selectionPeriod.create({ data: { code: 'ASESMEN-2026', name: 'Seleksi Asesmen 2026', kind: 'CPNS', year: 2026 } })
  periodId = period.id
  agencyId = (await prisma.agency.create({ data: { code: 'KEMUJI', name: 'Kementerian Uji', kind: 'CENTRAL' } })).id
  otherAgencyId = (await prisma.agency.create({ data: { code: 'KEMLAIN', name: 'Kementerian Lain', kind: 'CENTRAL' } })).id
  const uni = await prisma.university.create({ data: { code: 'UGM-T', name: 'Universitas Gadjah Mada' } })
  await prisma.formasiType.createMany({ data: [{ code: 'UMUM', name: 'Umum' }], skipDuplicates: true })
  const position = await prisma.position.create({
    data: { periodId, agencyId, code: 'ANALIS', name: 'Analis Hukum', unit: 'Setjen', educationLevels: ['S1'], catWeight: 50, skbTests: { create: [{ type: 'PSIKOTES', weight: 10, eliminating: true }, { type: 'PRAKTIK_KERJA', weight: 30 }, { type: 'WAWANCARA', weight: 10 }] } },
  })
  positionId = position.id
  const vacancy = await prisma.vacancy.create({ data: { positionId, formasiTypeCode: 'UMUM', location: 'Jakarta', count: 2 } })
  for (let i = 1; i <= 6; i++) {
    const user = await prisma.user.create({ data: { email: `calon${i}@uji.test`, name: `Calon ${i}` } })
    await prisma.applicantIdentity.create({
      data: { userId: user.id, periodId, nik: `340401410199000${i}`, kk: `340401010199000${i}`, fullName: `Calon Peserta ${i}`, birthPlace: 'Sleman', birthDate: new Date('1999-01-01'), sex: 'P', phone: '0812' },
    })
    await prisma.application.create({
      data: {
        periodId,
        userId: user.id,
        vacancyId: vacancy.id,
        selectionKind: 'CPNS',
        // One application is not MS: it never enters a batch.
        status: i === 6 ? 'VERIFIED_TMS' : 'VERIFIED_MS',
        registrationNumber: `2026-KEMUJI-0000000${i}`,
        education: { level: 'S1', university: i === 1 ? 'Universitas Gadjah Mada' : 'Universitas Lain', studyProgramCode: 'S1-HUK', diplomaNumber: 'X', gpa: 3.5, cumlaude: false },
        workHistory: [],
      },
    })
  }
  for (let i = 1; i <= 3; i++) {
    const user = await prisma.user.create({ data: { email: `asesor${i}@uji.test`, name: `Asesor ${i}` } })
    await prisma.userRole.create({ data: { userId: user.id, role: 'ASSESSOR', universityId: uni.id } })
    assessors.push(user.id)
  }
})

const scope = () => ({ all: false as const, agencyIds: [agencyId] })
let batchId: string

test('weights that break the period rules are refused with the rule named; valid ones are saved', async () => {
  const config = await getPositionConfig(positionId, scope())
  const tests = config!.tests.map((t) => ({ ...t, passScore: t.eliminating ? 60 : null }))
  const bad = await savePositionConfig(positionId, scope(), { catWeight: 40, highlyTechnical: false, tests: tests.map((t) => (t.type === 'WAWANCARA' ? { ...t, weight: 20 } : t)) }, SYSTEM_ACTOR)
  expect(bad).toMatchObject({ ok: false, violations: expect.arrayContaining([expect.objectContaining({ rule: 'catMin' }), expect.objectContaining({ rule: 'interviewMax' })]) })
  expect((await prisma.position.findUniqueOrThrow({ where: { id: positionId } })).catWeight).toBe(50)
  expect(await savePositionConfig(positionId, scope(), { catWeight: 50, highlyTechnical: false, tests }, SYSTEM_ACTOR)).toEqual({ ok: true })
  expect((await prisma.positionSkbTest.findFirstOrThrow({ where: { positionId, type: 'PSIKOTES' } })).criterion).toBe('Nilai minimal 60')
  // Another agency's panel cannot even see the position.
  expect(await getPositionConfig(positionId, { all: false, agencyIds: [otherAgencyId] })).toBeNull()
})

test('a batch holds the MS candidates only, each with a random code', async () => {
  const result = await createBatch({ positionId, testType: 'PSIKOTES' }, scope(), SYSTEM_ACTOR)
  expect(result).toMatchObject({ ok: true })
  batchId = (result as { batchId: string }).batchId
  const candidates = await prisma.assessmentCandidate.findMany({ where: { batchId } })
  expect(candidates).toHaveLength(5)
  expect(new Set(candidates.map((c) => c.code)).size).toBe(5)
  for (const c of candidates) expect(c.code).toMatch(/^PSI-[A-Z0-9]{6}$/)
  expect(await createBatch({ positionId, testType: 'PSIKOTES' }, { all: false, agencyIds: [otherAgencyId] }, SYSTEM_ACTOR)).toBeNull()
  for (const a of assessors) expect(await addPanelMember(batchId, a, scope(), SYSTEM_ACTOR)).toEqual({ ok: true })
})

test('before the declaration an assessor sees no candidate; the last declaration assigns, never a conflicted pair', async () => {
  const before = await getAssessorBatch(batchId, assessors[0]!)
  expect(before!.tasks).toEqual([])
  const anyCode = (await prisma.assessmentCandidate.findFirstOrThrow({ where: { batchId } })).code
  expect(await getAssessorTask(batchId, anyCode, assessors[0]!)).toBeNull()

  // Assessor 1 studied law at UGM until this year: candidate 1 (UGM, S1-HUK) is a conflict.
  expect(await declareInterests(batchId, assessors[0]!, declaration({ studyPrograms: [{ university: 'Universitas Gadjah Mada', studyProgramCode: 'S1-HUK', untilYear: new Date().getUTCFullYear() }] }), SYSTEM_ACTOR)).toEqual({ ok: true, conflicts: 1 })
  expect(await declareInterests(batchId, assessors[1]!, declaration({ workplaces: ['Kementerian Uji'] }), SYSTEM_ACTOR)).toEqual({ ok: false, error: 'assessment.errors.worksForAgency' })
  expect(await prisma.assessmentAssignment.count({ where: { batchId } })).toBe(0)
  await declareInterests(batchId, assessors[1]!, declaration(), SYSTEM_ACTOR)
  await declareInterests(batchId, assessors[2]!, declaration(), SYSTEM_ACTOR)

  const assignments = await prisma.assessmentAssignment.findMany({ where: { batchId }, include: { candidate: true } })
  expect(assignments).toHaveLength(10)
  const conflicted = await prisma.assessmentConflict.findFirstOrThrow({ where: { batchId } })
  expect(assignments.some((a) => a.candidateId === conflicted.candidateId && a.userId === conflicted.userId)).toBe(false)
  const loads = assessors.map((a) => assignments.filter((x) => x.userId === a).length)
  expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1)

  // What an assessor gets carries codes, never names or application ids.
  const view = await getAssessorBatch(batchId, assessors[0]!)
  expect(JSON.stringify(view)).not.toMatch(/Calon|applicationId|3404014101/)
})

test('a submission is final and locked; a wide gap brings a blind third assessor; the final score reaches AdditionalTestResult', async () => {
  const candidate = await prisma.assessmentCandidate.findFirstOrThrow({ where: { batchId, assignments: { some: { userId: assessors[0]! } } }, include: { assignments: true } })
  const [first, second] = candidate.assignments
  expect(await submitScores(batchId, candidate.code, first!.userId, scores(90), SYSTEM_ACTOR)).toEqual({ ok: true })
  expect(await submitScores(batchId, candidate.code, first!.userId, scores(40), SYSTEM_ACTOR)).toEqual({ ok: false, error: 'assessment.errors.locked' })
  expect(await submitScores(batchId, candidate.code, second!.userId, scores(50), SYSTEM_ACTOR)).toEqual({ ok: true })

  const adjudication = await prisma.assessmentAssignment.findFirstOrThrow({ where: { candidateId: candidate.id, role: 'ADJUDICATOR' } })
  expect([first!.userId, second!.userId]).not.toContain(adjudication.userId)
  const task = await getAssessorTask(batchId, candidate.code, adjudication.userId)
  expect(JSON.stringify(task)).not.toMatch(/"total":(90|50)/)
  expect(await prisma.additionalTestResult.count()).toBe(0)

  // MEAN_CLOSEST_TWO (the default): 90, 50, 85 → mean of 90 and 85.
  await submitScores(batchId, candidate.code, adjudication.userId, scores(85), SYSTEM_ACTOR)
  const result = await prisma.additionalTestResult.findFirstOrThrow({ where: { applicationId: candidate.applicationId, testType: 'PSIKOTES' } })
  expect(result.score.toNumber()).toBe(87.5)
  expect(result.eliminated).toBe(false)

  // A correction goes through the panel: approval reopens it and withdraws the final score.
  expect(await requestCorrection(batchId, candidate.code, second!.userId, 'Salah ketik pada kompetensi pertama, seharusnya 80.', SYSTEM_ACTOR)).toEqual({ ok: true })
  const request = await prisma.assessmentCorrectionRequest.findFirstOrThrow({ where: { assignmentId: second!.id } })
  expect(await decideCorrection(request.id, true, 'Disetujui', { all: false, agencyIds: [otherAgencyId] }, SYSTEM_ACTOR)).toBeNull()
  expect(await decideCorrection(request.id, true, 'Disetujui', scope(), SYSTEM_ACTOR)).toBe(true)
  expect(await prisma.additionalTestResult.count({ where: { applicationId: candidate.applicationId } })).toBe(0)
  expect(await submitScores(batchId, candidate.code, second!.userId, scores(80), SYSTEM_ACTOR)).toEqual({ ok: true })
  // 90, 80, 85: the gap of the two primaries is 10 now, within 15: their mean.
  const after = await prisma.additionalTestResult.findFirstOrThrow({ where: { applicationId: candidate.applicationId } })
  expect(after.score.toNumber()).toBe(85)

  const panel = await getBatchForPanel(batchId, scope())
  expect(panel!.progress.final).toBe(1)
  expect(await getBatchForPanel(batchId, { all: false, agencyIds: [otherAgencyId] })).toBeNull()
  expect((await verifyAuditLog()).ok).toBe(true)
})

test('an assessor who recognises a candidate withdraws before scoring; another assessor takes the task', async () => {
  const open = await prisma.assessmentAssignment.findFirstOrThrow({ where: { batchId, userId: assessors[0]!, submittedAt: null, role: 'PRIMARY' }, include: { candidate: true } })
  expect(await recuse(batchId, open.candidate.code, assessors[0]!, 'Peserta ini tetangga saya.', SYSTEM_ACTOR)).toEqual({ ok: true })
  const now = await prisma.assessmentAssignment.findMany({ where: { candidateId: open.candidateId, role: 'PRIMARY' } })
  expect(now).toHaveLength(2)
  expect(now.map((a) => a.userId)).not.toContain(assessors[0])
  expect(await prisma.assessmentConflict.count({ where: { candidateId: open.candidateId, userId: assessors[0]!, reason: 'RECUSED' } })).toBe(1)
  expect(await getAssessorTask(batchId, open.candidate.code, assessors[0]!)).toBeNull()
})

test('an assessor holding a staff role in the agency cannot join its panel', async () => {
  await prisma.userRole.create({ data: { userId: assessors[2]!, role: 'VERIFIER', agencyId } })
  const other = await createBatch({ positionId, testType: 'WAWANCARA' }, scope(), SYSTEM_ACTOR)
  expect(await addPanelMember((other as { batchId: string }).batchId, assessors[2]!, scope(), SYSTEM_ACTOR)).toEqual({ ok: false, error: 'role.assessorNotIndependent' })
})
