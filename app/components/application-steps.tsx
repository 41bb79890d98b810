import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatDate } from '~/utils/time'
import { useRootData } from '~/utils/user'

export const APPLICATION_STEPS = [
  { key: 'biodata', path: '/lamaran/biodata' },
  { key: 'formasi', path: '/lamaran/formasi' },
  { key: 'education', path: '/lamaran/pendidikan' },
  { key: 'workHistory', path: '/lamaran/riwayat-kerja' },
  { key: 'documents', path: '/lamaran/dokumen' },
  { key: 'resume', path: '/lamaran/resume' },
] as const
export type ApplicationStepKey = (typeof APPLICATION_STEPS)[number]['key']

/** The application's steps with done/to-do marks (text as well as the mark, never colour alone). */
export function ApplicationSteps({
  steps,
  current,
  workHistoryOptional,
}: {
  steps: Record<Exclude<ApplicationStepKey, 'resume'>, boolean>
  current?: ApplicationStepKey
  workHistoryOptional?: boolean
}) {
  const { t } = useTranslation()
  return (
    <nav aria-label={t('application.steps.label')}>
      <ol className="steps">
        {APPLICATION_STEPS.map((step, i) => {
          const done = step.key === 'resume' ? false : steps[step.key]
          const isCurrent = step.key === current
          const state = isCurrent ? 'current' : done ? 'done' : 'todo'
          return (
            <li key={step.key} className={`step step-${state}`}>
              <span className="step-number" aria-hidden="true">
                {done ? '✓' : i + 1}
              </span>{' '}
              <Link to={step.path} aria-current={isCurrent ? 'step' : undefined}>
                {t(`application.steps.${step.key}`)}
              </Link>
              {step.key !== 'resume' ? (
                <span className="visually-hidden">
                  {' '}
                  ({t(done ? 'application.steps.done' : 'application.steps.todo')})
                </span>
              ) : null}
              {step.key === 'workHistory' && workHistoryOptional ? <small> ({t('application.steps.optional')})</small> : null}
            </li>
          )
        })}
      </ol>
    </nav>
  )
}

/** Shows form-level errors (i18n keys, optionally with values after "|"). */
export function FormErrors({ errors, render }: { errors?: string[] | null; render: (key: string) => string }) {
  if (!errors?.length) return null
  return (
    <div className="alert alert-error" role="alert">
      <span className="alert-icon" aria-hidden="true">
        ✕
      </span>
      <div>
        {errors.map((e) => (
          <div key={e}>{render(e)}</div>
        ))}
      </div>
    </div>
  )
}

/**
 * The applicant's frozen identity as the application pages show it (biodata step and resume):
 * name, masked NIK, place and date of birth, and optionally sex.
 */
export function IdentityRows({
  identity,
}: {
  identity: { fullName: string; nik: string; birthPlace: string; birthDate: string; sex?: string }
}) {
  const { t } = useTranslation()
  const { locale } = useRootData()
  return (
    <>
      <div>
        <dt>{t('application.biodata.name')}</dt>
        <dd>{identity.fullName}</dd>
      </div>
      <div>
        <dt>{t('application.biodata.nik')}</dt>
        <dd>{identity.nik}</dd>
      </div>
      <div>
        <dt>{t('application.biodata.birth')}</dt>
        <dd>
          {identity.birthPlace}, {formatDate(identity.birthDate, { timeZone: 'UTC', locale })}
        </dd>
      </div>
      {identity.sex ? (
        <div>
          <dt>{t('application.biodata.sex')}</dt>
          <dd>{t(identity.sex === 'P' ? 'application.biodata.sexP' : 'application.biodata.sexL')}</dd>
        </div>
      ) : null}
    </>
  )
}
