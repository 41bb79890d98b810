import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { APPLICATION_STEPS } from '~/components/application-steps'
import { requireApplication } from '~/utils/application-route.server'
import { getSessionUser } from '~/utils/session.server'

// Entry of the application ("Lamar formasi ini" on the public search links here with ?formasi=).
// Not signed in: create an account first. Signed in: the formasi step for that vacancy (which
// never replaces another choice silently), or the first step not yet done.
export async function loader({ request }: LoaderFunctionArgs) {
  const formasi = new URL(request.url).searchParams.get('formasi')
  const user = await getSessionUser(request)
  if (!user) return redirect('/daftar-akun')
  const { application, steps } = await requireApplication(request)
  // After finalising, the formasi page says why another choice is refused.
  if (formasi) return redirect(`/lamaran/formasi?formasi=${encodeURIComponent(formasi)}`)
  if (application.status !== 'DRAFT') return redirect('/lamaran')
  const next = APPLICATION_STEPS.find((s) => s.key === 'resume' || !steps[s.key])
  return redirect(next?.path ?? '/lamaran')
}
