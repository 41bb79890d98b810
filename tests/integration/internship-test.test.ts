import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { prisma } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import { commitNewSession } from '~/utils/session.server'
import { agencyAct, applyForOpening, campusDecide, createOpening } from '~/models/internship.server'
import { saveShortTest, shortTestScores, startShortTest } from '~/models/internship-test.server'
import { examBundle, getExamView, saveAnswers, startOrResume } from '~/models/exam-attempt.server'
import { sweepExams } from '~/models/exam-scoring.server'
import * as startRoute from '~/routes/magang.tes.$applicationId'
import { seedBank } from './exam-fixtures'
import { INTERNSHIP_DOCS } from './internship-fixtures'

/**
 * Issue 9's short test on the CBT engine against a real PostgreSQL (ADR 019 addendum): the agency
 * configures it (validated against the bank, audited), a shortlisted student's attempt is drawn by
 * the CAT's draw, started by the engine's start (no key sent), saved by the group-committed save,
 * closed by the sweeper at the deadline and scored by the SQL scoring; a student of another
 * application cannot start it; a student who never starts is "tidak hadir".
 */

const MIN = 60_000
const DAY = 86_400_000
const KEYLIKE = /"correct"|"key"|"scores"\s*:\s*\{\s*"A"/

let dataDir: string
let agencyId: string
let otherAgencyId: string
let uniId: string
let serial = 0

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-short-test-'))
  process.env.DATA_DIR = dataDir
  resetEnvCache()
  await seedBank('SKD_2024') // 2× the SKD mix of TWK, TIU, TKP; single items: A is correct
  agencyId = (await prisma.agency.create({ data: { code: 'KEMTES', name: 'Kementerian Tes', kind: 'CENTRAL' } })).id
  otherAgencyId = (await prisma.agency.create({ data: { code: 'KEMLAIN', name: 'Kementerian Lain', kind: 'CENTRAL' } })).id
  uniId = (await prisma.university.create({ data: { code: 'UTES', name: 'Universitas Tes' } })).id
  await prisma.studyProgram.createMany({ data: [{ code: 'S1-KESMAS', name: 'Kesehatan Masyarakat', level: 'S1' }], skipDuplicates: true })
})

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

async function user(role: 'STUDENT' | 'UNIVERSITY_PIC' | 'AGENCY_ADMIN', scope: { universityId?: string; agencyId?: string } = {}) {
  serial++
  const u = await prisma.user.create({ data: { email: `t${serial}@tes-magang.test`, name: `Mahasiswa ${serial}`, emailVerifiedAt: new Date() } })
  await prisma.userRole.create({ data: { userId: u.id, role, universityId: scope.universityId ?? null, agencyId: scope.agencyId ?? null } })
  if (role === 'STUDENT') {
    await prisma.studentProfile.create({ data: { userId: u.id, universityId: uniId, studentNumber: `NIMT${serial}`, studyProgramCode: 'S1-KESMAS', level: 'S1', semester: 6, gpa: 3.5 } })
  }
  const session = await prisma.session.create({ data: { userId: u.id, expiresAt: new Date(Date.now() + 3_600_000) } })
  const cookie = (await commitNewSession(session.id, { remember: false, expiresAt: session.expiresAt })).split(';')[0]!
  return { id: u.id, name: u.name, cookie, actor: { ...SYSTEM_ACTOR, actorId: u.id, actorRole: role } }
}

/** Apply → campus verification → shortlist (or only verification), through the real transitions. */
async function applicant(openingId: string, admin: { actor: typeof SYSTEM_ACTOR }, shortlist = true) {
  const s = await user('STUDENT', { universityId: uniId })
  const pic = await user('UNIVERSITY_PIC', { universityId: uniId })
  const applied = await applyForOpening({ studentId: s.id, openingId, motivation: 'Motivasi yang cukup panjang untuk magang.', documents: INTERNSHIP_DOCS }, s.actor)
  if (!applied.ok) throw new Error(applied.error)
  expect(await campusDecide({ applicationId: applied.applicationId, universityIds: [uniId], approve: true, note: '' }, pic.actor)).toEqual({ ok: true })
  if (shortlist) expect(await agencyAct({ applicationId: applied.applicationId, agencyIds: [agencyId], action: { kind: 'shortlist' } }, admin.actor)).toEqual({ ok: true })
  return { ...s, applicationId: applied.applicationId }
}

let openingId: string
let admin: Awaited<ReturnType<typeof user>>
let sessionId: string
let alice: Awaited<ReturnType<typeof applicant>>
let bob: Awaited<ReturnType<typeof applicant>>
let carol: Awaited<ReturnType<typeof applicant>>
let dave: Awaited<ReturnType<typeof applicant>>
let notShortlisted: Awaited<ReturnType<typeof applicant>>
const PARTS = [
  { code: 'TIU' as const, count: 20 },
  { code: 'TWK' as const, count: 10 },
]

beforeAll(async () => {
  admin = await user('AGENCY_ADMIN', { agencyId })
  const created = await createOpening(
    agencyId,
    {
      title: 'Magang Analis Data',
      unit: 'Pusdatin',
      description: 'Pengolahan data.',
      places: 2,
      durationMonths: 3,
      mode: 'HYBRID',
      stipendMonthly: 2_000_000,
      minSemester: null,
      minGpa: null,
      studyProgramCodes: [],
      closesAt: new Date(Date.now() + 30 * DAY),
      startsAt: new Date(Date.now() + 40 * DAY),
    },
    admin.actor,
  )
  if (!created.ok) throw new Error(created.error)
  openingId = created.id
  alice = await applicant(openingId, admin)
  bob = await applicant(openingId, admin)
  carol = await applicant(openingId, admin)
  dave = await applicant(openingId, admin)
  notShortlisted = await applicant(openingId, admin, false)
})

describe('the agency adds a short test (validated against the bank, audited)', () => {
  test('bad configurations are refused with every problem; another agency cannot touch the opening', async () => {
    const now = Date.now()
    const bad = await saveShortTest(
      { openingId, agencyIds: [agencyId], parts: [{ code: 'TIU', count: 55 }, { code: 'SKB_TIDAK_ADA', count: 10 }], durationMinutes: 120, opensAt: new Date(now + DAY), closesAt: new Date(now + DAY + 10 * MIN) },
      admin.actor,
    )
    expect(bad.ok).toBe(false)
    if (bad.ok || bad.error !== 'invalid') throw new Error('expected invalid')
    expect(bad.problems.map((p) => p.error).sort()).toEqual(['bank', 'bank', 'bank', 'range', 'tooMany', 'tooShort'])
    expect(bad.problems).toContainEqual({ field: 'parts', error: 'bank', subtest: 'SKB_TIDAK_ADA', difficulty: 1, needed: 3, available: 0 })
    const other = await saveShortTest({ openingId, agencyIds: [otherAgencyId], parts: PARTS, durationMinutes: 30, opensAt: new Date(now + DAY), closesAt: new Date(now + 2 * DAY) }, admin.actor)
    expect(other).toEqual({ ok: false, error: 'notFound' })
    expect(await prisma.internshipShortTest.count({ where: { openingId } })).toBe(0)
  })

  test('a valid test becomes an online exam session (no site, no period) and the choice is in the audit log', async () => {
    const opensAt = new Date(Date.now() + DAY)
    const closesAt = new Date(Date.now() + 2 * DAY)
    expect(await saveShortTest({ openingId, agencyIds: [agencyId], parts: PARTS, durationMinutes: 30, opensAt, closesAt }, admin.actor)).toEqual({ ok: true })
    const link = await prisma.internshipShortTest.findUniqueOrThrow({ where: { openingId } })
    sessionId = link.sessionId
    const session = await prisma.examSession.findUniqueOrThrow({ where: { id: sessionId } })
    expect(session).toMatchObject({ siteId: null, periodId: null, blueprintCode: 'MAGANG:TIU=20,TWK=10', durationMinutes: 30, startsAt: opensAt, closesAt })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'internship.short_test.create', entityId: openingId } })
    expect(audit.actorId).toBe(admin.id)
    expect(audit.after).toMatchObject({ sessionId, parts: PARTS, durationMinutes: 30, blueprintCode: 'MAGANG:TIU=20,TWK=10' })
  })
})

describe('a shortlisted student takes it on the CAT engine', () => {
  let attemptId: string

  test('refused before the window, for a student who is not shortlisted, and for another student\'s application', async () => {
    expect(await startShortTest({ studentId: alice.id, applicationId: alice.applicationId }, alice.actor)).toEqual({ ok: false, error: 'upcoming' })
    // The window opens now and closes in 20 minutes: shorter than the test's 30 minutes of work.
    await prisma.examSession.update({ where: { id: sessionId }, data: { startsAt: new Date(Date.now() - MIN), closesAt: new Date(Date.now() + 20 * MIN) } })
    expect(await startShortTest({ studentId: notShortlisted.id, applicationId: notShortlisted.applicationId }, notShortlisted.actor)).toEqual({ ok: false, error: 'notShortlisted' })
    expect(await startShortTest({ studentId: bob.id, applicationId: alice.applicationId }, bob.actor)).toEqual({ ok: false, error: 'notFound' })
    // Through the route: Bob posting Alice's application id gets a 404 and no exam cookie.
    const response = await callStart(bob.cookie, alice.applicationId)
    expect(response.status).toBe(404)
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect(await prisma.examAttempt.count({ where: { sessionId } })).toBe(0)
  })

  test('the route prepares the attempt with the same draw and issues the exam cookie; a second press returns the same attempt', async () => {
    const response = await callStart(alice.cookie, alice.applicationId)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/ujian/tes')
    expect(response.headers.get('Set-Cookie')).toMatch(/^__ujian=[^;]+; Path=\/ujian; HttpOnly/)
    const attempt = await prisma.examAttempt.findUniqueOrThrow({ where: { sessionId_applicationId: { sessionId, applicationId: alice.applicationId } }, include: { items: true } })
    attemptId = attempt.id
    expect(attempt).toMatchObject({ state: 'NOT_STARTED', roomId: null, seatNumber: null, periodId: null })
    expect(attempt.checkedInAt).not.toBeNull()
    // The draw's difficulty mix, subtests in blueprint order, options shuffled.
    expect(attempt.items).toHaveLength(30)
    const bySubtest = (code: string) => attempt.items.filter((i) => i.subtest === code)
    expect(bySubtest('TIU')).toHaveLength(20)
    expect(bySubtest('TWK')).toHaveLength(10)
    expect(Math.max(...bySubtest('TIU').map((i) => i.position))).toBeLessThan(Math.min(...bySubtest('TWK').map((i) => i.position)))
    const difficulty = (ids: string[]) => ids.map((id) => Number(id.split('-')[2]))
    const mix = (ids: string[]) => [1, 2, 3].map((d) => difficulty(ids).filter((x) => x === d).length)
    expect(mix(bySubtest('TIU').map((i) => i.itemId))).toEqual([6, 8, 6])
    expect(mix(bySubtest('TWK').map((i) => i.itemId))).toEqual([3, 4, 3])
    expect(attempt.items.some((i) => i.optionOrder.join('') !== 'ABCDE')).toBe(true)
    expect(await prisma.auditLog.count({ where: { action: 'exam.attempt.prepareOnline', entityId: attemptId } })).toBe(1)
    expect(await startShortTest({ studentId: alice.id, applicationId: alice.applicationId }, alice.actor)).toEqual({ ok: true, attemptId })
    expect(await prisma.examAttempt.count({ where: { sessionId } })).toBe(1)
  })

  test('once anyone has an attempt, the configuration is frozen', async () => {
    const closesAt = new Date(Date.now() + DAY)
    expect(await saveShortTest({ openingId, agencyIds: [agencyId], parts: PARTS, durationMinutes: 45, opensAt: new Date(), closesAt }, admin.actor)).toEqual({ ok: false, error: 'locked' })
  })

  test('the engine starts it: no key in the start or the bundle, and the deadline never passes the window close', async () => {
    // Before the start, the agreement screen is told the time a start now gives: the window closes
    // in 20 minutes, less than the test's 30.
    const before = await getExamView(attemptId)
    expect(before).toMatchObject({ state: 'NOT_STARTED', durationMinutes: 30 })
    expect(before!.minutesIfStartedNow).toBeGreaterThanOrEqual(19)
    expect(before!.minutesIfStartedNow).toBeLessThanOrEqual(20)
    expect(await startOrResume(attemptId, { agreed: false }, alice.actor)).toMatchObject({ ok: false, error: 'agreementRequired' })
    const started = await startOrResume(attemptId, { agreed: true }, alice.actor)
    if (!started.ok) throw new Error(started.error)
    expect(started.view).toMatchObject({ state: 'IN_PROGRESS', candidateName: alice.name, blueprintCode: 'MAGANG:TIU=20,TWK=10' })
    const session = await prisma.examSession.findUniqueOrThrow({ where: { id: sessionId } })
    expect(new Date(started.view.deadline!).getTime()).toBeLessThanOrEqual(session.closesAt!.getTime())
    expect(started.view.secondsLeft).toBeLessThanOrEqual(20 * 60)
    expect(started.view.secondsLeft).toBeGreaterThan(17 * 60)
    expect(JSON.stringify(started)).not.toMatch(KEYLIKE)
    const bundle = await examBundle(attemptId, started.bundle)
    expect(Object.keys(JSON.parse(bundle!.json).versions)).toHaveLength(30)
    expect(bundle!.json).not.toMatch(KEYLIKE)
    expect(await prisma.auditLog.count({ where: { action: 'exam.attempt.start', entityId: attemptId } })).toBe(1)
  })

  test('saves are idempotent; at the deadline the sweeper closes it and the SQL scoring scores it, with no selection TestResult', async () => {
    const items = await prisma.examAttemptItem.findMany({ where: { attemptId }, orderBy: { position: 'asc' } })
    // Right (A) on the first 7 TIU and the first 3 TWK items, wrong (B) on the next TIU item.
    const tiu = items.filter((i) => i.subtest === 'TIU')
    const twk = items.filter((i) => i.subtest === 'TWK')
    const steps = [
      ...tiu.slice(0, 7).map((i, n) => ({ seq: n + 1, position: i.position, optionId: 'A' })),
      { seq: 8, position: tiu[7]!.position, optionId: 'B' },
      ...twk.slice(0, 3).map((i, n) => ({ seq: 9 + n, position: i.position, optionId: 'A' })),
    ]
    expect(await saveAnswers(attemptId, steps)).toMatchObject({ ok: true, acked: steps.map((s) => s.seq) })
    expect(await saveAnswers(attemptId, steps.slice(0, 1))).toMatchObject({ ok: true, acked: [1] })
    expect(await prisma.examAnswerStep.count({ where: { attemptId } })).toBe(steps.length)

    await prisma.$executeRaw`UPDATE "ExamAttempt" SET deadline = now() - interval '1 second' WHERE id = ${attemptId}`
    expect(await saveAnswers(attemptId, [{ seq: 20, position: tiu[10]!.position, optionId: 'A' }])).toMatchObject({ ok: false, error: 'deadline' })
    await sweepExams()
    const scored = await prisma.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })
    expect(scored.state).toBe('SCORED')
    expect(scored.scores).toEqual({ TIU: 35, TWK: 15, total: 50 })
    expect(scored.passed).toBeNull()
    expect(await prisma.auditLog.count({ where: { action: 'exam.attempts.autoSubmit', entityId: sessionId } })).toBe(1)
    expect(await prisma.testResult.count({ where: { applicationId: alice.applicationId } })).toBe(0)
  })

  test('the shortlist shows the score per subtest and total; a student who never starts is "tidak hadir"', async () => {
    // Carol presses "Mulai" (attempt prepared) but never starts on the exam page; Dave never comes.
    const carolStart = await startShortTest({ studentId: carol.id, applicationId: carol.applicationId }, carol.actor)
    if (!carolStart.ok) throw new Error(carolStart.error)
    let view = await shortTestScores(openingId, [alice.applicationId, bob.applicationId, carol.applicationId])
    expect(view.byApplication[alice.applicationId]).toEqual({ outcome: 'scored', scores: { TIU: 35, TWK: 15 }, total: 50 })
    expect(view.byApplication[bob.applicationId]).toMatchObject({ outcome: 'open', total: null })

    await prisma.examSession.update({ where: { id: sessionId }, data: { closesAt: new Date(Date.now() - 1000) } })
    // Past the close, the engine refuses to start Carol's attempt, and the sweeper marks it absent.
    expect(await startOrResume(carolStart.attemptId, { agreed: true }, carol.actor)).toMatchObject({ ok: false, error: 'windowClosed' })
    expect(await startShortTest({ studentId: dave.id, applicationId: dave.applicationId }, dave.actor)).toEqual({ ok: false, error: 'closed' })
    await sweepExams()
    expect((await prisma.examAttempt.findUniqueOrThrow({ where: { id: carolStart.attemptId } })).state).toBe('ABSENT')
    const absentAudit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'exam.attempts.absent', entityId: sessionId } })
    expect(absentAudit.after).toMatchObject({ state: 'ABSENT', online: true, attempts: [carolStart.attemptId] })
    expect(await prisma.testResult.count({ where: { applicationId: carol.applicationId } })).toBe(0)

    view = await shortTestScores(openingId, [alice.applicationId, carol.applicationId, dave.applicationId])
    expect(view.byApplication[carol.applicationId]).toMatchObject({ outcome: 'absent', total: null })
    expect(view.byApplication[dave.applicationId]).toMatchObject({ outcome: 'absent', total: null })
    expect(view.test).toMatchObject({ window: 'closed', maxTotal: 150, subtestMax: { TIU: 100, TWK: 50 } })
    expect(await verifyAuditLog()).toMatchObject({ ok: true })
  })
})

async function callStart(cookie: string, applicationId: string) {
  try {
    return await startRoute.action({
      request: new Request(`http://localhost/magang/tes/${applicationId}`, { method: 'POST', headers: { Cookie: cookie } }),
      context: {},
      params: { applicationId },
    } as never)
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}
