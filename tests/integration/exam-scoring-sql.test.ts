import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR } from '~/models/audit.server'
import { allocateAndDraw, createSession } from '~/models/exam.server'
import { computeScores, scoringStatements } from '~/models/exam-scoring.server'
import { getBlueprint } from '~/domain/exam/blueprints'
import { currentAnswers } from '~/domain/exam/attempt-state'
import { scoreAttempt, type KeyCorrection } from '~/domain/exam/scoring'
import type { ItemKey, SubtestCode } from '~/domain/exam/items'
import { seedBank, seedExamWorld } from './exam-fixtures'
import { mulberry32 } from '~/utils/seeded-random'

/**
 * Scoring runs in SQL at the deadline (ADR 014 addendum): PostgreSQL sums each attempt's last
 * answer per position through a table of per-option scores built with `scoreItem`. This test proves
 * it gives exactly what `scoreAttempt` (scoring.ts, the rule) gives in TS, on random attempts of
 * SKD (single 5/0 + TKP 1–5) and PPPK (weighted items capped at 4), with random answer histories
 * (overwrites, clears, replays out of order) and random committee corrections, in force and proposed.
 */

// A seeded generator, so a failure can be replayed.
const rng = mulberry32
const random = rng(20261201)
const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!

const attemptIds: string[] = []

beforeAll(async () => {
  for (const blueprintCode of ['SKD_2024', 'PPPK_2024']) {
    await seedBank(blueprintCode)
    const world = await seedExamWorld({ candidates: 12 })
    const session = await createSession(
      { periodId: world.period.id, siteId: world.site.id, code: `Q-${blueprintCode}-${world.tag}`, startsAt: new Date(Date.now() - 60 * 60_000), blueprintCode, capacity: 12 },
      SYSTEM_ACTOR,
    )
    if (blueprintCode === 'SKD_2024') await allocateAndDraw(world.period.id, [session.id], SYSTEM_ACTOR)
    else await drawByHand(session.id, world, blueprintCode)
    const attempts = await prisma.examAttempt.findMany({ where: { sessionId: session.id }, include: { items: true } })
    for (const a of attempts) {
      attemptIds.push(a.id)
      // A random history: up to 3 changes per position, some cleared, seqs shuffled on arrival.
      const steps: { attemptId: string; seq: number; position: number; optionId: string | null }[] = []
      let seq = 0
      for (const item of a.items) {
        if (random() < 0.2) continue
        const changes = 1 + Math.floor(random() * 3)
        for (let c = 0; c < changes; c++) steps.push({ attemptId: a.id, seq: ++seq, position: item.position, optionId: random() < 0.1 ? null : pick(item.optionOrder) })
      }
      steps.sort(() => random() - 0.5)
      await prisma.examAnswerStep.createMany({ data: steps })
    }
  }
})

test('SQL scoring equals scoreAttempt without corrections (the answered-only statement)', async () => {
  const before = { ...scoringStatements }
  const sql = await computeScores(attemptIds)
  const ts = await scoredInTs(attemptIds)
  expect(sql).toHaveLength(24)
  for (const s of sql) expect({ id: s.attemptId, scores: s.scores, total: s.total }).toEqual({ id: s.attemptId, ...ts.get(s.attemptId)! })
  expect(scoringStatements.answered).toBe(before.answered + 1)
  expect(scoringStatements.exact).toBe(before.exact)
  expect(new Set(sql.map((s) => s.total)).size).toBeGreaterThan(10)
})

test('a version the process does not know sends the batch to the exact statement, with the same scores', async () => {
  // A new version synced by another process after this one read the bank: answered in one attempt.
  const item = await prisma.examAttemptItem.findFirstOrThrow({ where: { attemptId: attemptIds[0]! }, orderBy: { position: 'asc' } })
  const old = await prisma.questionItemVersion.findUniqueOrThrow({ where: { id: item.versionId } })
  const fresh = await prisma.questionItemVersion.create({
    data: { itemId: old.itemId, version: old.version + 100, type: old.type, contentHash: `${old.contentHash}-uji`, stem: old.stem, options: old.options as object, key: old.key as object },
  })
  await prisma.examAttemptItem.update({ where: { attemptId_position: { attemptId: item.attemptId, position: item.position } }, data: { versionId: fresh.id } })
  await prisma.examAnswerStep.create({ data: { attemptId: item.attemptId, seq: 100_000, position: item.position, optionId: item.optionOrder[0]! } })
  const before = { ...scoringStatements }
  const sql = await computeScores(attemptIds)
  const ts = await scoredInTs(attemptIds)
  for (const s of sql) expect({ id: s.attemptId, scores: s.scores, total: s.total }).toEqual({ id: s.attemptId, ...ts.get(s.attemptId)! })
  expect(scoringStatements.exact).toBe(before.exact + 1)
})

test('SQL scoring equals scoreAttempt with voided and corrected keys in force', async () => {
  // The committee voided some versions and accepted another option for others.
  const versions = await prisma.examAttemptItem.findMany({ where: { attemptId: { in: attemptIds } }, distinct: ['versionId'], select: { versionId: true } })
  const corrected = versions.filter(() => random() < 0.15)
  await prisma.examKeyCorrection.createMany({
    data: corrected.map((v, i) => ({ versionId: v.versionId, voided: i % 2 === 0, acceptedOptions: i % 2 === 0 ? [] : [pick(['B', 'C', 'D', 'E'])], reason: 'uji' })),
    skipDuplicates: true,
  })
  const before = { ...scoringStatements }
  const sql = await computeScores(attemptIds)
  const ts = await scoredInTs(attemptIds)
  for (const s of sql) expect({ id: s.attemptId, scores: s.scores, total: s.total }).toEqual({ id: s.attemptId, ...ts.get(s.attemptId)! })
  // Voided items score for everyone, answered or not: the statement's second part adds the blanks.
  expect(corrected.length).toBeGreaterThan(2)
  expect(scoringStatements.answered).toBe(before.answered + 1)
})

/** PPPK attempts for the fixture's (CPNS) applicants, drawn here from the test bank. */
async function drawByHand(sessionId: string, world: Awaited<ReturnType<typeof seedExamWorld>>, blueprintCode: string) {
  const blueprint = getBlueprint(blueprintCode)
  const bank = await prisma.questionItemVersion.findMany({ where: { item: { subtest: { in: blueprint.subtests.map((s) => s.code) } } }, include: { item: true } })
  for (const [n, applicant] of world.applicants.entries()) {
    const attempt = await prisma.examAttempt.create({
      data: { sessionId, roomId: world.room.id, seatNumber: n + 1, applicationId: applicant.applicationId, periodId: world.period.id, participantNumber: `PPPK-${world.tag}-${n}` },
    })
    let position = 0
    for (const s of blueprint.subtests) {
      const pool = bank.filter((v) => v.item.subtest === s.code).sort(() => random() - 0.5).slice(0, s.itemCount)
      await prisma.examAttemptItem.createMany({
        data: pool.map((v) => ({ attemptId: attempt.id, position: ++position, itemId: v.itemId, versionId: v.id, subtest: s.code, optionOrder: ['A', 'B', 'C', 'D', 'E'].sort(() => random() - 0.5) })),
      })
    }
  }
}

/** The same attempts scored the TS way: every item row and step loaded, `scoreAttempt` per attempt. */
async function scoredInTs(ids: string[], proposed: ReadonlyMap<string, KeyCorrection> = new Map()) {
  const attempts = await prisma.examAttempt.findMany({ where: { id: { in: ids } }, include: { items: true, steps: true, session: true } })
  const versions = await prisma.questionItemVersion.findMany({ where: { id: { in: attempts.flatMap((a) => a.items.map((i) => i.versionId)) } } })
  const keyOf = new Map(versions.map((v) => [v.id, v.key as ItemKey]))
  const corrections = new Map<string, KeyCorrection>(
    (await prisma.examKeyCorrection.findMany()).map((c) => [c.versionId, c.voided ? { voided: true } : { acceptedOptions: c.acceptedOptions }]),
  )
  for (const [id, c] of proposed) corrections.set(id, c)
  return new Map(
    attempts.map((a) => {
      const score = scoreAttempt({
        blueprint: getBlueprint(a.session.blueprintCode),
        items: a.items.map((i) => ({ position: i.position, subtest: i.subtest as SubtestCode, key: keyOf.get(i.versionId)!, correction: corrections.get(i.versionId) ?? null })),
        answers: currentAnswers(a.steps),
      })
      return [a.id, { scores: score.bySubtest as Record<string, number>, total: score.total }]
    }),
  )
}

test('SQL scoring equals scoreAttempt on 24 random SKD and PPPK attempts, with corrections in force', async () => {
  const sql = await computeScores(attemptIds)
  const ts = await scoredInTs(attemptIds)
  expect(sql).toHaveLength(24)
  for (const s of sql) expect({ id: s.attemptId, scores: s.scores, total: s.total }).toEqual({ id: s.attemptId, ...ts.get(s.attemptId)! })
  // The test must be able to fail: the attempts differ and the PPPK cap (4 of a key's 5) bites.
  expect(new Set(sql.map((s) => s.total)).size).toBeGreaterThan(10)
  expect(sql.some((s) => s.kind === 'PPPK' && s.total > 0)).toBe(true)
})

test('SQL scoring equals scoreAttempt with proposed corrections (the regrade dry run)', async () => {
  const items = await prisma.examAttemptItem.findMany({ where: { attemptId: { in: attemptIds } }, distinct: ['versionId'], select: { versionId: true } })
  const proposed = new Map<string, KeyCorrection>(
    items.filter(() => random() < 0.3).map((v) => [v.versionId, random() < 0.5 ? { voided: true as const } : { acceptedOptions: [pick(['A', 'B', 'C'])] }]),
  )
  const sql = await computeScores(attemptIds, proposed)
  const ts = await scoredInTs(attemptIds, proposed)
  for (const s of sql) expect({ id: s.attemptId, scores: s.scores, total: s.total }).toEqual({ id: s.attemptId, ...ts.get(s.attemptId)! })
})
