import { accommodationScope } from '~/models/exam-planning.server'
import { requireUser } from '~/utils/session.server'

/** Permission first for the accommodation pages: national exam admins see all, agency admins their agency's applicants. */
export async function requireAccommodationScope(request: Request) {
  const user = await requireUser(request)
  const scope = accommodationScope(user.grants)
  if (!scope) throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  return { user, scope }
}
