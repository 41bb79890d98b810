import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { startShortTest } from '~/models/internship-test.server'
import { examCookie } from '~/models/exam-attempt.server'
import { actorFrom } from '~/utils/request.server'
import { requireStudent } from '~/utils/internship-route.server'

// "Mulai tes singkat" (issue 9, ADR 019 addendum): the signed-in student's own application only
// (checked in the query); the portal issues the exam cookie of that attempt and the CAT exam page
// takes over — no PIN, no seat: the account sign-in stands in for the check-in.
export async function loader() {
  return redirect('/magang/saya')
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStudent(request)
  const result = await startShortTest({ studentId: user.id, applicationId: params.applicationId ?? '' }, { ...actorFrom(request, context, user), actorRole: 'STUDENT' })
  if (!result.ok) {
    if (result.error === 'notFound') throw new Response('Not found', { status: 404, statusText: 'Not Found' })
    return redirect(`/magang/saya?tes=${result.error}`)
  }
  return redirect('/ujian/tes', { headers: { 'Set-Cookie': examCookie(result.attemptId) } })
}
