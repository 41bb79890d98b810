import { createElement, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

export type CaptchaState = 'unverified' | 'verifying' | 'verified' | 'error' | 'expired'

type WidgetElement = HTMLElement & { reset?: () => void; verify?: () => Promise<void> }

/**
 * The ALTCHA proof-of-work CAPTCHA (ADR 018). It starts solving as soon as the page is ready, so
 * most applicants never wait for it; the payload goes to the server in the `captcha` field. When
 * `resetKey` changes (a submission came back), the used solution is replaced by a fresh one.
 */
export function Captcha({ onStateChange, resetKey }: { onStateChange?: (state: CaptchaState) => void; resetKey?: unknown }) {
  const { t } = useTranslation()
  const ref = useRef<WidgetElement>(null)
  const [loaded, setLoaded] = useState(false)
  const onChange = useRef(onStateChange)
  onChange.current = onStateChange

  useEffect(() => {
    let cancelled = false
    import('altcha').then(() => {
      if (!cancelled) setLoaded(true)
    })
    return () => {
      cancelled = true
    }
  }, [])

  useEffect(() => {
    const el = ref.current
    if (!el || !loaded) return
    const listener = (event: Event) => onChange.current?.((event as CustomEvent<{ state: CaptchaState }>).detail.state)
    el.addEventListener('statechange', listener)
    return () => el.removeEventListener('statechange', listener)
  }, [loaded])

  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const el = ref.current
    el?.reset?.()
    void el?.verify?.()
  }, [resetKey])

  const strings = JSON.stringify({
    ariaLinkLabel: t('captcha.label'),
    error: t('captcha.error'),
    expired: t('captcha.expired'),
    label: t('captcha.label'),
    verified: t('captcha.verified'),
    verifying: t('captcha.verifying'),
    waitAlert: t('captcha.verifying'),
    footer: '',
  })
  return (
    <div className="field captcha">
      {createElement('altcha-widget', {
        ref,
        challengeurl: '/captcha',
        name: 'captcha',
        auto: 'onload',
        hidelogo: true,
        hidefooter: true,
        strings,
      })}
      <p className="hint">{t('captcha.hint')}</p>
      <noscript>
        <p className="hint">{t('captcha.noScript')}</p>
      </noscript>
    </div>
  )
}
