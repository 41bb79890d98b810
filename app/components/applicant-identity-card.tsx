import { useTranslation } from 'react-i18next'
import { hasRegionFlag } from '~/domain/identity/registration'
import { Alert, Card } from '~/components/ui'
import { useRootData } from '~/utils/user'
import { formatDate, formatDateTime } from '~/utils/time'
import type { ApplicantIdentitySummary } from '~/models/registration.server'

/** The applicant's confirmed identity, read-only (there is no route that edits it). */
export function ApplicantIdentityCard({ identity }: { identity: ApplicantIdentitySummary }) {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const rows: [string, string][] = [
    [t('registration.account.period'), identity.periodName],
    [t('registration.identity.nik'), identity.nik],
    [t('registration.identity.kk'), identity.kk],
    [t('registration.identity.fullName'), identity.fullName],
    [t('registration.identity.birthPlace'), identity.birthPlace],
    [t('registration.identity.birthDate'), formatDate(`${identity.birthDate}T00:00:00Z`, { timeZone: 'UTC', locale })],
    [t('registration.identity.sex'), identity.sex === 'P' ? t('registration.identity.sexP') : t('registration.identity.sexL')],
    [t('registration.identity.phone'), identity.phone],
    [t('registration.account.confirmedAt'), formatDateTime(identity.confirmedAt, { timeZone, locale })],
  ]
  return (
    <Card title={t('registration.account.title')}>
      <p>{t('registration.account.readOnly')}</p>
      {hasRegionFlag(identity.flags) ? <Alert tone="info">{t('registration.account.flagged')}</Alert> : null}
      <dl className="summary">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p>
        <a href="/akun/kartu-informasi" download>
          {t('registration.done.card')}
        </a>
      </p>
    </Card>
  )
}
