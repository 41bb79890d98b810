import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { isLocale } from '~/utils/i18n'
import { safeRedirect } from '~/utils/request.server'

/** The language toggle: a plain form post, so it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  const locale = form.get('locale')
  const to = safeRedirect(form.get('redirectTo'), '/')
  if (!isLocale(locale)) return redirect(to)
  return redirect(to, {
    headers: { 'Set-Cookie': `lng=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` },
  })
}

export async function loader() {
  return redirect('/')
}
