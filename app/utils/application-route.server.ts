import { json } from '@remix-run/node'
import { getApplication, getOrCreateDraft } from '~/models/application.server'
import { requireVerifiedApplicant } from '~/utils/applicant.server'

/**
 * For every step of the application: a verified applicant (permission 'submit:application:own'
 * first, inside requireVerifiedApplicant) and their own application, created as a DRAFT on the
 * first visit.
 */
export async function requireApplication(request: Request) {
  const { user, identity } = await requireVerifiedApplicant(request)
  // The draft exists after the first visit: create it only when it is missing, not on every page.
  let loaded = await getApplication(user.id, identity.periodId)
  if (!loaded) {
    await getOrCreateDraft(user.id, identity.periodId)
    loaded = await getApplication(user.id, identity.periodId)
  }
  if (!loaded) throw new Response('Not found', { status: 404 })
  return { user, identity, ...loaded }
}

/** The answer of a step's action when the model refused: a form-level message, with its HTTP status. */
export function refusal(error: string, formErrors: string[] = [`application.errors.${error}`]) {
  const status = error === 'locked' || error === 'closed' ? 403 : error === 'notFound' ? 404 : error === 'otherChoice' ? 409 : 400
  return json({ result: { status: 'error' as const, error: { '': formErrors } } }, { status })
}
