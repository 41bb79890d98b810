import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR } from '~/models/audit.server'
import { saveAnswers } from '~/models/exam-attempt.server'
import { computeScores, decideKeyCorrection, prescoreDue, provisionalUse, sweepExams } from '~/models/exam-scoring.server'
import { cleanupExamStorage } from '~/models/exam-storage.server'
import { startedSession } from './exam-fixtures'

/**
 * Scoring ahead of the deadline (ADR 014, addendum 2026-12-02 "scoring ahead"). The sweeper stores
 * provisional sums for attempts whose deadline is near; the close reuses one only where it provably
 * equals a re-score. What an auditor checks: every total written at the close equals the full
 * re-score from the stored steps — also for attempts that got a step after their provisional score
 * (a later answer, a late replay with a LOWER seq than the highest) and after a key correction was
 * decided in between — each attempt is audited once, and the provisional rows go with the cleanup.
 */

const CANDIDATES = 9
let sessionId: string
let attempts: { id: string; applicationId: string }[]

beforeAll(async () => {
  ;({ sessionId, attempts } = await startedSession(CANDIDATES, 'P'))
  for (const [i, a] of attempts.entries()) {
    // Candidate i answers positions 1 … i+3 with 'A' (seq 10, 20, …: gaps, as a browser that
    // lost steps leaves), position 1 first with 'B'.
    const changes = [{ seq: 5, position: 1, optionId: 'B' }, ...Array.from({ length: i + 3 }, (_, p) => ({ seq: 10 * (p + 1), position: p + 1, optionId: 'A' }))]
    expect(await saveAnswers(a.id, changes)).toMatchObject({ ok: true })
  }
  // Every deadline a minute ahead: inside the pre-scoring window.
  await prisma.examAttempt.updateMany({ where: { sessionId }, data: { deadline: new Date(Date.now() + 60_000) } })
})

const totalOf = (scores: unknown) => (scores as { total: number }).total
const provisionalTotal = async (attemptId: string) => {
  const row = await prisma.examProvisionalScore.findUniqueOrThrow({ where: { attemptId } })
  return (row.sums as { score: number }[]).reduce((sum, s) => sum + s.score, 0)
}
const closeNow = (ids: string[]) => prisma.examAttempt.updateMany({ where: { id: { in: ids } }, data: { deadline: new Date(Date.now() - 1000) } })

/** The audit entries of the close naming these attempts, by action. */
async function auditedAtClose(ids: string[]) {
  const logs = await prisma.auditLog.findMany({ where: { action: { in: ['exam.attempts.autoSubmit', 'exam.attempts.score'] } } })
  const named = (action: string) =>
    logs
      .filter((l) => l.action === action)
      .flatMap((l) => (l.after as { attempts: (string | { attemptId: string })[] }).attempts.map((e) => (typeof e === 'string' ? e : e.attemptId)))
      .filter((id) => ids.includes(id))
      .sort()
  return { autoSubmit: named('exam.attempts.autoSubmit'), score: named('exam.attempts.score') }
}

describe('scoring ahead of the deadline', () => {
  test('the close reuses a provisional score only while it equals a re-score; every total is the re-score from the steps, audited once', async () => {
    // ── ahead of the deadline: every attempt gets a provisional score from its steps now ──
    expect(await prescoreDue({ windowSeconds: 180 })).toBe(CANDIDATES)
    const stored = await prisma.examProvisionalScore.findMany({ where: { attemptId: { in: attempts.map((a) => a.id) } } })
    expect(stored).toHaveLength(CANDIDATES)
    for (const [i, a] of attempts.entries()) expect(stored.find((p) => p.attemptId === a.id)!.steps).toBe(i + 4)
    // Nothing changed: a second call within the refresh interval scores nothing again.
    expect(await prescoreDue({ windowSeconds: 180 })).toBe(0)

    // ── after the pre-score: a later answer, and a late replay with a lower seq than the highest ──
    const group = attempts.slice(0, 6)
    const [changedLater, lateReplay] = [group[1]!, group[2]!]
    expect(await saveAnswers(changedLater.id, [{ seq: 100, position: 2, optionId: 'C' }])).toMatchObject({ ok: true })
    // The failed PC's step for position 30 (never answered) arrives now with seq 15: the highest
    // seq of the attempt (50) does not move, the set of steps does.
    expect(await saveAnswers(lateReplay.id, [{ seq: 15, position: 30, optionId: 'A' }])).toMatchObject({ ok: true })
    const before = { changed: await provisionalTotal(changedLater.id), replay: await provisionalTotal(lateReplay.id) }

    // ── the deadline of the first six passes ──
    await closeNow(group.map((a) => a.id))
    const use = { ...provisionalUse }
    expect(await sweepExams()).toMatchObject({ closed: group.length })
    // The four unchanged attempts took their provisional sums; the two with new steps were re-scored.
    expect(provisionalUse.reused - use.reused).toBe(group.length - 2)
    expect(provisionalUse.rescored - use.rescored).toBe(2)

    const rows = new Map((await prisma.examAttempt.findMany({ where: { id: { in: group.map((a) => a.id) } } })).map((r) => [r.id, r]))
    const rescore = new Map((await computeScores(group.map((a) => a.id))).map((s) => [s.attemptId, s]))
    for (const a of group) {
      const row = rows.get(a.id)!
      expect(row.state).toBe('SCORED')
      expect(totalOf(row.scores)).toBe(rescore.get(a.id)!.total)
      expect(row.passed).toBe(rescore.get(a.id)!.passed)
      const result = await prisma.testResult.findUniqueOrThrow({ where: { applicationId_kind: { applicationId: a.applicationId, kind: 'SKD' } } })
      expect(result).toMatchObject({ total: rescore.get(a.id)!.total, version: 1 })
    }
    // The stale provisional scores would have given other totals: using them would fail the check above.
    expect(totalOf(rows.get(changedLater.id)!.scores)).not.toBe(before.changed)
    expect(totalOf(rows.get(lateReplay.id)!.scores)).toBe(before.replay + 5)
    expect(await auditedAtClose(group.map((a) => a.id))).toEqual({ autoSubmit: group.map((a) => a.id).sort(), score: group.map((a) => a.id).sort() })

    // ── a key correction decided between the pre-score and the close ──
    const rest = attempts.slice(6, 8)
    const kept = attempts[8]!
    // Voiding an item none of them answered gives everyone who saw it full marks.
    const voided = await prisma.examAttemptItem.findFirstOrThrow({ where: { attemptId: rest[0]!.id, position: 80 } })
    const decided = await decideKeyCorrection({ versionId: voided.versionId, voided: true, acceptedOptions: [], reason: 'Kunci jawaban salah', upheld: true }, SYSTEM_ACTOR)
    expect(decided.ok).toBe(true)
    const provisionalBefore = await provisionalTotal(rest[0]!.id)
    await closeNow(rest.map((a) => a.id))
    const use2 = { ...provisionalUse }
    expect(await sweepExams()).toMatchObject({ closed: rest.length })
    // Made under other corrections: none reused.
    expect(provisionalUse.reused - use2.reused).toBe(0)
    expect(provisionalUse.rescored - use2.rescored).toBe(rest.length)
    const rescore2 = new Map((await computeScores(rest.map((a) => a.id))).map((s) => [s.attemptId, s]))
    for (const a of rest) {
      const row = await prisma.examAttempt.findUniqueOrThrow({ where: { id: a.id } })
      expect(row.state).toBe('SCORED')
      expect(totalOf(row.scores)).toBe(rescore2.get(a.id)!.total)
    }
    expect(totalOf((await prisma.examAttempt.findUniqueOrThrow({ where: { id: rest[0]!.id } })).scores)).toBeGreaterThan(provisionalBefore)
    expect(await auditedAtClose(rest.map((a) => a.id))).toEqual({ autoSubmit: rest.map((a) => a.id).sort(), score: rest.map((a) => a.id).sort() })

    // The attempt still in progress was pre-scored again by the sweep under the new corrections.
    const keptRow = await prisma.examProvisionalScore.findUniqueOrThrow({ where: { attemptId: kept.id } })
    expect(keptRow.corrections).not.toBe(stored.find((p) => p.attemptId === kept.id)!.corrections)

    // ── the cleanup: provisional rows of closed attempts go, the one in progress stays ──
    const closedIds = [...group, ...rest].map((a) => a.id)
    expect(await prisma.examProvisionalScore.count({ where: { attemptId: { in: closedIds } } })).toBe(closedIds.length)
    const done = await cleanupExamStorage({ batchSize: 3 })
    expect(done.provisionalScores).toBe(closedIds.length)
    expect(await prisma.examProvisionalScore.count({ where: { attemptId: { in: closedIds } } })).toBe(0)
    expect(await prisma.examProvisionalScore.count({ where: { attemptId: kept.id } })).toBe(1)

    // ── the refresh: a provisional score past the interval is re-scored only if its step count changed ──
    expect(await prescoreDue({ windowSeconds: 180, refreshSeconds: 0 })).toBe(0)
    expect(await saveAnswers(kept.id, [{ seq: 7, position: 60, optionId: 'A' }])).toMatchObject({ ok: true })
    expect(await prescoreDue({ windowSeconds: 180, refreshSeconds: 0 })).toBe(1)
    expect(await prisma.examProvisionalScore.findUniqueOrThrow({ where: { attemptId: kept.id } })).toMatchObject({ steps: 8 + 4 + 1 })
    expect(await provisionalTotal(kept.id)).toBe((await computeScores([kept.id]))[0]!.total)
  })
})
