import { json, type ActionFunctionArgs } from '@remix-run/node'
import { attemptIdFrom, startOrResume } from '~/models/exam-attempt.server'
import { actorFrom } from '~/utils/request.server'

// Hot path: start or resume the attempt named by the exam cookie (no SSR, one JSON answer with
// every item of the attempt, never a key). The candidate is the actor of the audited start.
export async function action({ request, context }: ActionFunctionArgs) {
  const attemptId = attemptIdFrom(request)
  if (!attemptId) return json({ ok: false, error: 'signIn' }, { status: 401 })
  const body = (await request.json().catch(() => ({}))) as { agreed?: unknown }
  const actor = { ...actorFrom(request, context, null), actorRole: 'CANDIDATE' }
  const result = await startOrResume(attemptId, { agreed: body.agreed === true }, actor)
  return json(result, { status: result.ok ? 200 : result.error === 'notFound' ? 404 : 409, headers: { 'Cache-Control': 'no-store' } })
}
