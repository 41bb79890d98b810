import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { maskNik } from '~/domain/identity/registration'
import { getIdentityForCardCheck } from '~/models/registration.server'
import { identityIdFromCardCode } from '~/utils/account-card.server'
import { useRootData } from '~/utils/user'
import { formatDateTime } from '~/utils/time'

// Public check of a Kartu Informasi Akun's QR code. The code is signed by the portal, so only a
// real card leads to a record; the page shows no more than the card itself (NIK masked).
export async function loader({ params }: LoaderFunctionArgs) {
  const id = identityIdFromCardCode(params.kode ?? '')
  const identity = id ? await getIdentityForCardCheck(id) : null
  if (!identity?.confirmedAt) return json({ card: null }, { status: 404 })
  return json({
    card: {
      fullName: identity.fullName,
      nik: maskNik(identity.nik),
      periodName: identity.periodName,
      registeredAt: identity.confirmedAt.toISOString(),
    },
  })
}

export default function AccountCardCheckPage() {
  const { t } = useTranslation()
  const { card } = useLoaderData<typeof loader>()
  const { locale, timeZone } = useRootData()
  return (
    <div className="narrow">
      <PageHeader title={t('registration.cardCheck.title')} />
      {card ? (
        <>
          <Alert tone="success">{t('registration.cardCheck.valid')}</Alert>
          <Card title={card.fullName}>
            <dl className="summary">
              <div>
                <dt>{t('registration.identity.nik')}</dt>
                <dd>{card.nik}</dd>
              </div>
              <div>
                <dt>{t('registration.identity.period')}</dt>
                <dd>{card.periodName}</dd>
              </div>
              <div>
                <dt>{t('registration.cardCheck.registeredAt')}</dt>
                <dd>{formatDateTime(card.registeredAt, { timeZone, locale })}</dd>
              </div>
            </dl>
          </Card>
        </>
      ) : (
        <Alert tone="error">{t('registration.cardCheck.invalid')}</Alert>
      )}
    </div>
  )
}

export const meta: MetaFunction = () => [
  { title: 'Pemeriksaan Kartu Informasi Akun · Portal Seleksi ASN' },
  { name: 'robots', content: 'noindex' },
]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
