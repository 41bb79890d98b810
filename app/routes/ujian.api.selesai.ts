import { json, type ActionFunctionArgs } from '@remix-run/node'
import { attemptIdFrom, finishAttempt } from '~/models/exam-attempt.server'
import { scoreClosedAttempts } from '~/models/exam-scoring.server'
import { actorFrom } from '~/utils/request.server'

// The candidate ends the attempt; it is scored at once so the result page can show the score.
export async function action({ request, context }: ActionFunctionArgs) {
  const attemptId = attemptIdFrom(request)
  if (!attemptId) return json({ ok: false, error: 'signIn' }, { status: 401 })
  const actor = { ...actorFrom(request, context, null), actorRole: 'CANDIDATE' }
  const { ok } = await finishAttempt(attemptId, actor)
  if (ok) await scoreClosedAttempts([attemptId], actor)
  return json({ ok }, { headers: { 'Cache-Control': 'no-store' } })
}
