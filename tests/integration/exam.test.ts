import crypto from 'node:crypto'
import pg from 'pg'
import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import { allocateAndDraw, checkIn, createSession, pauseAttempt, resumeAttempt, roomView } from '~/models/exam.server'
import { examBundle, examSignIn, finishAttempt, hashPin, saveAnswers, startOrResume, verifyPin } from '~/models/exam-attempt.server'
import { scoreClosedAttempts, sweepExams } from '~/models/exam-scoring.server'
import { parseItemRefs } from '~/domain/exam/item-refs'
import { seedBank, seedExamWorld } from './exam-fixtures'

/**
 * A whole SKD walked step by step through the models (Moodle attempt_walkthrough_test): allocation
 * and draw, check-in and PIN, start, idempotent saves, deadline refusal, finish, sweep, scoring,
 * pauses, absence.
 */

let world: Awaited<ReturnType<typeof seedExamWorld>>
let sessionId: string
const proctorActor = () => ({ ...SYSTEM_ACTOR, actorId: world.proctor.id, actorRole: 'PROCTOR' })

beforeAll(async () => {
  await seedBank('SKD_2024')
  world = await seedExamWorld({ candidates: 6 })
  const session = await createSession(
    { periodId: world.period.id, siteId: world.site.id, code: `S-${world.tag}`, startsAt: new Date(Date.now() + 30 * 60_000), blueprintCode: 'SKD_2024', capacity: 6 },
    SYSTEM_ACTOR,
  )
  sessionId = session.id
  await prisma.examAccommodation.create({ data: { nik: world.applicants[5]!.nik, extraMinutes: 30, reason: 'Disabilitas netra' } })
  const summary = await allocateAndDraw(world.period.id, [sessionId], SYSTEM_ACTOR)
  expect(summary).toEqual({ placed: 6, unplaced: 0, drawn: 6 })
})

const attemptOf = (i: number) => prisma.examAttempt.findFirstOrThrow({ where: { applicationId: world.applicants[i]!.applicationId } })
const openSession = () => prisma.examSession.update({ where: { id: sessionId }, data: { startsAt: new Date(Date.now() - 60_000) } })
const beforeSession = () => prisma.examSession.update({ where: { id: sessionId }, data: { startsAt: new Date(Date.now() + 30 * 60_000) } })

describe('allocation and draw before the session (issue 6)', () => {
  test('every MS candidate has a seat, 110 items in the SKD mix, shuffled options, and neighbours share no item', async () => {
    const attempts = await prisma.examAttempt.findMany({ where: { sessionId }, include: { items: true }, orderBy: { seatNumber: 'asc' } })
    expect(attempts).toHaveLength(6)
    for (const a of attempts) {
      expect(a.items).toHaveLength(110)
      expect(a.items.filter((i) => i.subtest === 'TWK')).toHaveLength(30)
      expect(a.items.filter((i) => i.subtest === 'TIU')).toHaveLength(35)
      expect(a.items.filter((i) => i.subtest === 'TKP')).toHaveLength(45)
    }
    const [one, two] = [new Set(attempts[0]!.items.map((i) => i.itemId)), attempts[1]!.items.map((i) => i.itemId)]
    expect(two.filter((id) => one.has(id))).toEqual([])
    expect(attempts.some((a) => a.items.some((i) => i.optionOrder.join('') !== 'ABCDE'))).toBe(true)
    // The accommodation registry applies: +30 minutes for candidate 5.
    expect((await attemptOf(5)).extraMinutes).toBe(30)
  })
})

describe('check-in and the registration PIN (domain.md §3)', () => {
  test('the proctor scans the card, a PIN is issued, and the candidate signs in with number + PIN', async () => {
    const attempt = await attemptOf(0)
    const result = await checkIn(world.room.id, attempt.participantNumber.toLowerCase(), proctorActor())
    expect(result).toMatchObject({ ok: true, participantNumber: attempt.participantNumber, name: 'Peserta Uji 0' })
    if (!result.ok) return
    expect(result.pin).toMatch(/^\d{6}$/)
    const stored = await attemptOf(0)
    expect(stored.pinHash).not.toContain(result.pin)
    expect(await examSignIn(attempt.participantNumber, '000000' === result.pin ? '111111' : '000000', '10.0.0.1')).toEqual({ ok: false, error: 'invalid' })
    expect(await examSignIn(attempt.participantNumber, result.pin, '10.0.0.1')).toEqual({ ok: true, attemptId: attempt.id })
  })

  test('a PIN is stored as a salted keyed HMAC (no slow KDF on the sign-in); a scrypt hash from before still signs in', async () => {
    const stored = await hashPin('123456')
    expect(stored).toMatch(/^hmac\$[\w-]{22}\$[\w-]{43}$/)
    expect(stored).not.toContain('123456')
    expect(await hashPin('123456')).not.toBe(stored)
    expect(await verifyPin('123456', stored)).toBe(true)
    expect(await verifyPin('123457', stored)).toBe(false)
    expect(await verifyPin('123456', stored.replace(/^hmac/, 'plain'))).toBe(false)
    const salt = crypto.randomBytes(16)
    const legacy = `scrypt$${salt.toString('base64url')}$${crypto.scryptSync('654321', salt, 32).toString('base64url')}`
    expect(await verifyPin('654321', legacy)).toBe(true)
    expect(await verifyPin('654320', legacy)).toBe(false)
  })

  test('PIN issuance closes 5 minutes before the start; a candidate without a PIN then is absent (TH)', async () => {
    await prisma.examSession.update({ where: { id: sessionId }, data: { startsAt: new Date(Date.now() + 4 * 60_000) } })
    const late = await attemptOf(4)
    expect(await checkIn(world.room.id, late.participantNumber, proctorActor())).toEqual({ ok: false, error: 'closed' })
    await beforeSession()
  })
})

describe('the attempt: start, saves, finish (ARCHITECTURE.md hot paths)', () => {
  let pins: string[] = []
  beforeAll(async () => {
    pins = []
    for (const i of [1, 2, 3, 5]) {
      const r = await checkIn(world.room.id, (await attemptOf(i)).participantNumber, proctorActor())
      if (!r.ok) throw new Error(r.error)
      pins[i] = r.pin
    }
  })

  test('start needs the integrity agreement and the session time, and never sends a key', async () => {
    const attempt = await attemptOf(1)
    expect(await startOrResume(attempt.id, { agreed: true }, SYSTEM_ACTOR)).toMatchObject({ ok: false, error: 'notYet' })
    await openSession()
    expect(await startOrResume(attempt.id, { agreed: false }, SYSTEM_ACTOR)).toMatchObject({ ok: false, error: 'agreementRequired' })
    const started = await startOrResume(attempt.id, { agreed: true }, SYSTEM_ACTOR)
    expect(started.ok).toBe(true)
    if (!started.ok) return
    const items = parseItemRefs(started.items)
    expect(items).toHaveLength(110)
    // The start answer was prepared with the draw: the same order, versions and option order as
    // the drawn items, and its bundle stored gzipped for every portal process.
    expect(await prisma.examPreparedStart.count({ where: { attempt: { sessionId } } })).toBe(6)
    const drawnItems = await prisma.examAttemptItem.findMany({ where: { attemptId: attempt.id }, orderBy: { position: 'asc' } })
    expect(items).toEqual(drawnItems.map((i) => ({ position: i.position, subtest: i.subtest, versionId: i.versionId, options: i.optionOrder })))
    expect(await prisma.examBundle.count({ where: { hash: started.bundle.split('.')[0] } })).toBe(1)
    expect(started.view.state).toBe('IN_PROGRESS')
    // The name on the exam page is the identity's, stored with the prepared start (the start reads
    // no identity rows); the identity checked against Dukcapil is never edited afterwards.
    expect((await prisma.examPreparedStart.findUniqueOrThrow({ where: { attemptId: attempt.id } })).candidateName).toBe(world.applicants[1]!.name)
    expect(started.view.candidateName).toBe(world.applicants[1]!.name)
    expect(started.view.secondsLeft).toBeGreaterThan(99 * 60)
    const body = JSON.stringify(started)
    expect(body).not.toMatch(/"correct"|"scores"|"key"/)
    const audit = await prisma.auditLog.findFirst({ where: { entityId: attempt.id, action: 'exam.attempt.start' } })
    expect(audit?.after).toMatchObject({ state: 'IN_PROGRESS', integrityAgreement: true })
    // The item text comes as a bundle named in the start: every version of the attempt, no key,
    // and only for the attempt it was issued to.
    const bundle = await examBundle(attempt.id, started.bundle)
    const content = JSON.parse(bundle!.json) as { versions: Record<string, { stemHtml: string; options: Record<string, string> }> }
    expect(Object.keys(content.versions).sort()).toEqual([...new Set(items.map((i) => i.versionId))].sort())
    expect(content.versions[items[0]!.versionId]!.stemHtml).toContain('pilih jawaban terbaik')
    expect(bundle!.json).not.toMatch(/"correct"|"scores"|"key"/)
    expect(await examBundle((await attemptOf(2)).id, started.bundle)).toBeNull()
    expect(await examBundle(attempt.id, `${started.bundle.split('.')[0]}.AAAAAAAAAAAAAAAA`)).toBeNull()
  })

  test('starts released at once are made in batches: each attempt starts once, with its own audit row', async () => {
    const attempt = await attemptOf(3)
    // Prepared before the name was stored with it (or without an identity): looked up at the start.
    await prisma.examPreparedStart.update({ where: { attemptId: attempt.id }, data: { candidateName: null } })
    const results = await Promise.all(Array.from({ length: 5 }, () => startOrResume(attempt.id, { agreed: true }, SYSTEM_ACTOR)))
    expect(results.every((r) => r.ok && r.view.state === 'IN_PROGRESS')).toBe(true)
    expect(new Set(results.map((r) => r.ok && r.view.deadline)).size).toBe(1)
    expect(results.map((r) => r.ok && r.view.candidateName)).toEqual(Array(5).fill(world.applicants[3]!.name))
    expect(await prisma.auditLog.count({ where: { entityId: attempt.id, action: 'exam.attempt.start' } })).toBe(1)
  })

  test('a save is acknowledged once; its replay is acknowledged without a second row; a different answer under the same seq is a conflict', async () => {
    const attempt = await attemptOf(1)
    const items = await prisma.examAttemptItem.findMany({ where: { attemptId: attempt.id }, orderBy: { position: 'asc' } })
    expect(await saveAnswers(attempt.id, [{ seq: 1, position: 1, optionId: 'B' }])).toEqual({ ok: true, acked: [1] })
    expect(await saveAnswers(attempt.id, [{ seq: 1, position: 1, optionId: 'B' }, { seq: 2, position: 1, optionId: 'A' }])).toEqual({ ok: true, acked: [1, 2] })
    expect(await saveAnswers(attempt.id, [{ seq: 2, position: 2, optionId: 'C' }])).toMatchObject({ ok: false, error: 'conflict' })
    expect(await saveAnswers(attempt.id, [{ seq: 3, position: 999, optionId: 'A' }])).toMatchObject({ ok: false, error: 'invalid' })
    expect(await saveAnswers(attempt.id, [{ seq: 3, position: 2, optionId: 'Z' }])).toMatchObject({ ok: false, error: 'invalid' })
    expect(await prisma.examAnswerStep.count({ where: { attemptId: attempt.id } })).toBe(2)
    // Answer every item with A (single: correct, weighted: 5), the last step of position 1 is A.
    const changes = items.slice(1).map((item, i) => ({ seq: 10 + i, position: item.position, optionId: 'A' }))
    expect(await saveAnswers(attempt.id, changes)).toMatchObject({ ok: true })
    // Resume elsewhere (another PC): the current answers and the last seq come back.
    const resumed = await startOrResume(attempt.id, { agreed: false }, SYSTEM_ACTOR)
    expect(resumed.ok && resumed.answers[1]).toBe('A')
    expect(resumed.ok && resumed.lastSeq).toBe(10 + items.length - 2)
  })

  test('answer steps are append-only in the database', async () => {
    const attempt = await attemptOf(1)
    await expect(prisma.$executeRaw`UPDATE "ExamAnswerStep" SET "optionId" = 'E' WHERE "attemptId" = ${attempt.id} AND seq = 1`).rejects.toThrow(/append-only/)
  })

  test('finish scores at once: all correct and TKP 5s give 150/175/225 = 550 and a pass; TestResult is written', async () => {
    const attempt = await attemptOf(1)
    expect(await finishAttempt(attempt.id, SYSTEM_ACTOR)).toEqual({ ok: true })
    expect(await finishAttempt(attempt.id, SYSTEM_ACTOR)).toEqual({ ok: false })
    await scoreClosedAttempts([attempt.id])
    const scored = await attemptOf(1)
    expect(scored.state).toBe('SCORED')
    expect(scored.scores).toEqual({ TWK: 150, TIU: 175, TKP: 225, total: 550 })
    const result = await prisma.testResult.findUniqueOrThrow({ where: { applicationId_kind: { applicationId: attempt.applicationId, kind: 'SKD' } } })
    expect(result).toMatchObject({ attendance: 'PRESENT', twk: 150, tiu: 175, tkp: 225, total: 550, passed: true, attemptId: attempt.id })
    expect(await saveAnswers(attempt.id, [{ seq: 9999, position: 1, optionId: 'B' }])).toMatchObject({ ok: false, error: 'closed' })
  })

  test('the proctor pauses for an outage: saves are refused meanwhile and the paused time is credited', async () => {
    const attempt = await attemptOf(2)
    const started = await startOrResume(attempt.id, { agreed: true }, SYSTEM_ACTOR)
    expect(started.ok).toBe(true)
    expect(await pauseAttempt(world.room.id, attempt.id, 'x', proctorActor())).toEqual({ ok: false, error: 'reason' })
    expect(await pauseAttempt(world.room.id, attempt.id, 'Listrik padam di ruang 1', proctorActor())).toEqual({ ok: true })
    expect(await saveAnswers(attempt.id, [{ seq: 1, position: 1, optionId: 'A' }])).toMatchObject({ ok: false, error: 'paused' })
    const before = (await attemptOf(2)).deadline!
    // Ten minutes of outage, as if the pause had started earlier.
    await prisma.examAttempt.update({ where: { id: attempt.id }, data: { pausedAt: new Date(Date.now() - 10 * 60_000) } })
    expect(await resumeAttempt(world.room.id, attempt.id, proctorActor())).toEqual({ ok: true })
    const after = await attemptOf(2)
    expect(after.state).toBe('IN_PROGRESS')
    expect((after.deadline!.getTime() - before.getTime()) / 60_000).toBeGreaterThanOrEqual(10)
    expect(after.pausedSeconds).toBeGreaterThanOrEqual(600)
    const pause = await prisma.examPause.findFirstOrThrow({ where: { attemptId: attempt.id } })
    expect(pause).toMatchObject({ reason: 'Listrik padam di ruang 1', actorId: world.proctor.id })
    expect(pause.endedAt).not.toBeNull()
  })

  test('a save racing the close is ordered against it: it waits, and is refused once the close commits (no ack after scoring)', async () => {
    const attempt = await attemptOf(2)
    expect(attempt.state).toBe('IN_PROGRESS')
    const sweeper = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await sweeper.connect()
    const settled = (p: Promise<unknown>) => Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), 400))])
    try {
      // The close is under way but not committed: the save must wait for it, not slip past it.
      await sweeper.query('BEGIN')
      await sweeper.query(`UPDATE "ExamAttempt" SET state = 'AUTO_SUBMITTED', "finishedAt" = now() WHERE id = $1`, [attempt.id])
      const waiting = saveAnswers(attempt.id, [{ seq: 500, position: 3, optionId: 'A' }])
      expect(await settled(waiting)).toBe(false)
      await sweeper.query('ROLLBACK')
      expect(await waiting).toEqual({ ok: true, acked: [500] })
      // This time the close commits: the waiting save is re-checked against the closed row and refused.
      await sweeper.query('BEGIN')
      await sweeper.query(`UPDATE "ExamAttempt" SET state = 'AUTO_SUBMITTED', "finishedAt" = now() WHERE id = $1`, [attempt.id])
      const refused = saveAnswers(attempt.id, [{ seq: 501, position: 4, optionId: 'A' }])
      expect(await settled(refused)).toBe(false)
      await sweeper.query('COMMIT')
      expect(await refused).toMatchObject({ ok: false })
      expect(await prisma.examAnswerStep.count({ where: { attemptId: attempt.id, seq: 501 } })).toBe(0)
    } finally {
      await sweeper.end()
      await prisma.examAttempt.update({ where: { id: attempt.id }, data: { state: 'IN_PROGRESS', finishedAt: null } })
    }
  })

  test('at the deadline the sweeper closes the attempt, refuses later saves, and scores it; no-shows become absent (TH)', async () => {
    const attempt = await attemptOf(2)
    expect(await saveAnswers(attempt.id, [{ seq: 1, position: 1, optionId: 'A' }])).toEqual({ ok: true, acked: [1] })
    await prisma.examAttempt.update({ where: { id: attempt.id }, data: { deadline: new Date(Date.now() - 1000) } })
    expect(await saveAnswers(attempt.id, [{ seq: 2, position: 2, optionId: 'A' }])).toMatchObject({ ok: false, error: 'deadline' })
    const sweep = await sweepExams()
    expect(sweep.closed).toBe(1)
    // Only candidate 4 never received a PIN; 0, 3 and 5 did and may still start.
    expect(sweep.absent).toBe(1)
    const closed = await attemptOf(2)
    expect(closed.state).toBe('SCORED')
    const result = await prisma.testResult.findUniqueOrThrow({ where: { applicationId_kind: { applicationId: closed.applicationId, kind: 'SKD' } } })
    expect(result.total).toBeGreaterThan(0)
    expect(result.passed).toBe(false)
    const absentees = await prisma.examAttempt.findMany({ where: { sessionId, state: 'ABSENT' } })
    expect(absentees.map((a) => a.applicationId)).toEqual([world.applicants[4]!.applicationId])
    const th = await prisma.testResult.findMany({ where: { attendance: 'ABSENT', periodId: world.period.id } })
    expect(th.map((r) => r.applicationId)).toEqual([world.applicants[4]!.applicationId])
    expect(await startOrResume(absentees[0]!.id, { agreed: true }, SYSTEM_ACTOR)).toMatchObject({ ok: false })
    expect(await prisma.auditLog.count({ where: { action: 'exam.attempts.autoSubmit', entityId: sessionId } })).toBe(1)
  })

  test('the room view shows who checked in, started, answered and finished', async () => {
    const view = await roomView(world.room.id, sessionId)
    const states = Object.fromEntries(view!.candidates.map((c) => [c.seatNumber, c.state]))
    expect(Object.values(states).filter((s) => s === 'SCORED')).toHaveLength(2)
    expect(view!.candidates.find((c) => c.state === 'SCORED' && c.total === 550)?.answered).toBe(110)
    expect((await verifyAuditLog()).ok).toBe(true)
  })
})

describe('key challenge, key correction and regrade (issue 6 "Scores and transparency")', () => {
  test('a candidate contests an item in the window; the dry run lists changed scores; the decision voids it and regrades by replaying the steps', async () => {
    const { challengeItem, decideKeyCorrection, regradeDryRun } = await import('~/models/exam-scoring.server')
    const candidate = await attemptOf(2) // answered position 1 only
    const item = await prisma.examAttemptItem.findUniqueOrThrow({ where: { attemptId_position: { attemptId: candidate.id, position: 2 } } })
    expect(await challengeItem(candidate.id, 2, 'Kunci jawaban soal ini keliru menurut UUD 1945.', SYSTEM_ACTOR)).toEqual({ ok: false, error: 'closed' })
    await prisma.examSession.update({ where: { id: sessionId }, data: { challengeClosesAt: new Date(Date.now() + 86_400_000) } })
    expect(await challengeItem(candidate.id, 2, 'Kunci jawaban soal ini keliru menurut UUD 1945.', SYSTEM_ACTOR)).toEqual({ ok: true })
    expect(await challengeItem(candidate.id, 2, 'Kunci jawaban soal ini keliru menurut UUD 1945.', SYSTEM_ACTOR)).toEqual({ ok: false, error: 'duplicate' })

    const before = (await attemptOf(2)).scores as { total: number }
    const full = item.subtest === 'TKP' ? 5 : 5
    const changes = await regradeDryRun(new Map([[item.versionId, { voided: true as const }]]), SYSTEM_ACTOR)
    expect(changes).toEqual([expect.objectContaining({ attemptId: candidate.id, before: before.total, after: before.total + full })])
    // The dry run wrote nothing.
    expect(((await attemptOf(2)).scores as { total: number }).total).toBe(before.total)

    const decided = await decideKeyCorrection({ versionId: item.versionId, voided: true, acceptedOptions: [], reason: 'Soal dianulir oleh panitia', upheld: true }, SYSTEM_ACTOR)
    expect(decided).toMatchObject({ ok: true })
    const after = await attemptOf(2)
    expect((after.scores as { total: number }).total).toBe(before.total + full)
    const result = await prisma.testResult.findUniqueOrThrow({ where: { applicationId_kind: { applicationId: after.applicationId, kind: 'SKD' } } })
    expect(result).toMatchObject({ total: before.total + full, version: 2 })
    expect(await prisma.examKeyChallenge.findFirstOrThrow({ where: { attemptId: candidate.id } })).toMatchObject({ status: 'UPHELD' })
    const audit = await prisma.auditLog.findFirst({ where: { action: 'exam.attempts.regrade' }, orderBy: { id: 'desc' } })
    expect(audit?.before).toEqual(expect.arrayContaining([expect.objectContaining({ attemptId: candidate.id, total: before.total })]))
    expect((await verifyAuditLog()).ok).toBe(true)
  })
})
