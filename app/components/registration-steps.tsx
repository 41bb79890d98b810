import { useTranslation } from 'react-i18next'

const STEPS = ['identity', 'data', 'review'] as const

/** The account wizard's three steps (SSCASN), with the current one marked for screen readers too. */
export function RegistrationSteps({ current }: { current: 1 | 2 | 3 }) {
  const { t } = useTranslation()
  return (
    <ol className="steps" aria-label={t('registration.steps.label')}>
      {STEPS.map((step, i) => {
        const n = i + 1
        const state = n === current ? 'current' : n < current ? 'done' : 'todo'
        return (
          <li key={step} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="step-number" aria-hidden="true">
              {state === 'done' ? '✓' : n}
            </span>{' '}
            {t(`registration.steps.${step}`)}
            {state !== 'todo' ? <span className="visually-hidden"> ({t(`registration.steps.${state}`)})</span> : null}
          </li>
        )
      })}
    </ol>
  )
}

/**
 * Errors arrive as i18n keys; a key may carry values after "|" as JSON
 * (`registration.upload.tooLarge|{"limit":200}`), so limits are named in the message.
 */
export function errorKey(key: string, values?: Record<string, string | number>) {
  return values ? `${key}|${JSON.stringify(values)}` : key
}

export function useErrorText() {
  const { t } = useTranslation()
  return (message: string) => {
    const bar = message.indexOf('|')
    if (bar < 0) return t(message)
    return t(message.slice(0, bar), JSON.parse(message.slice(bar + 1)) as Record<string, string>)
  }
}
