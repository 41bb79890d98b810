import { panelScope } from '~/domain/assessment/panel'
import { requireUser } from '~/utils/session.server'

/**
 * Permission first for the assessment panel's pages: the agency admin (`manage:formation:agency`,
 * their agencies) or the committee (`manage:ranking:any`, all agencies). The scope goes into
 * every model query, so another agency's batch is a 404 by URL too.
 */
export async function requirePanel(request: Request) {
  const user = await requireUser(request)
  const scope = panelScope(user.grants)
  if (!scope.all && scope.agencyIds.length === 0) throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  return { user, scope }
}
