import { json, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { attemptIdFrom, saveAnswers } from '~/models/exam-attempt.server'

// Hot path: one answer save. POST {attemptId, seq, position, optionId} or {attemptId, steps: […]}
// (a replay of several unacknowledged changes). Acknowledged only after the insert committed; no
// audit row per save — the append-only steps are the record (ADR 014).
const Step = z.object({ seq: z.number().int().min(1).max(1_000_000), position: z.number().int().min(1).max(1000), optionId: z.string().regex(/^[A-Z]$/).nullable() })
const Body = z.union([
  z.object({ attemptId: z.string().min(1).max(40), steps: z.array(Step).min(1).max(200) }),
  z.object({ attemptId: z.string().min(1).max(40) }).extend(Step.shape),
])

const STATUS = { deadline: 410, closed: 410, paused: 423, notStarted: 409, conflict: 409, invalid: 400 } as const

export async function action({ request }: ActionFunctionArgs) {
  const attemptId = attemptIdFrom(request)
  const parsed = Body.safeParse(await request.json().catch(() => null))
  if (!parsed.success) return json({ ok: false, acked: [], error: 'invalid' }, { status: 400 })
  // The cookie names the attempt: a save for any other attempt is refused before the database.
  if (!attemptId || attemptId !== parsed.data.attemptId) return json({ ok: false, acked: [], error: 'signIn' }, { status: 401 })
  const steps = 'steps' in parsed.data ? parsed.data.steps : [{ seq: parsed.data.seq, position: parsed.data.position, optionId: parsed.data.optionId }]
  const outcome = await saveAnswers(attemptId, steps)
  return json(outcome, { status: outcome.ok ? 200 : STATUS[outcome.error], headers: { 'Cache-Control': 'no-store' } })
}
