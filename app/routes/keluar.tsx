import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { logout } from '~/models/user.server'
import { actorFrom } from '~/utils/request.server'
import { destroySessionCookie, getSessionUser } from '~/utils/session.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getSessionUser(request)
  if (user) await logout(user.sessionId, actorFrom(request, context, user))
  return redirect('/masuk?pesan=keluar', {
    headers: { 'Set-Cookie': await destroySessionCookie(request) },
  })
}
