import { redirect } from '@remix-run/node'
import { getApplicantIdentity } from '~/models/registration.server'
import { requirePermission } from '~/utils/session.server'

/**
 * For every page of the application flow: an applicant whose e-mail is verified (issue 4: "e-mail
 * verification before the account can apply") and whose identity was confirmed in the account
 * wizard. An unverified applicant is sent to the account page, which says why and offers a new
 * link. Returns the session user and the frozen identity (period, NIK, date of birth, sex…).
 */
export async function requireVerifiedApplicant(request: Request) {
  const user = await requirePermission(request, 'submit:application:own')
  if (!user.emailVerified) throw redirect('/akun')
  const identity = await getApplicantIdentity(user.id)
  if (!identity?.confirmedAt) {
    throw new Response('Akun ini belum memiliki data identitas pelamar yang dikonfirmasi.', { status: 403, statusText: 'Forbidden' })
  }
  return { user, identity }
}
