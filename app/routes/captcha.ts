import { json } from '@remix-run/node'
import { createCaptchaChallenge } from '~/utils/captcha.server'

/** A fresh ALTCHA challenge for the CAPTCHA widget (ADR 018). Never cached. */
export async function loader() {
  return json(await createCaptchaChallenge(), { headers: { 'Cache-Control': 'no-store' } })
}
