import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { maskName } from '~/domain/application/steps'
import { maskNik } from '~/domain/identity/registration'
import { getCardForCheck } from '~/models/application.server'
import { registrationNumberFromCode } from '~/utils/registration-card.server'

// Public check of a Kartu Pendaftaran's QR code. The URL carries an HMAC of the number, so the
// sequence of numbers cannot be walked; the page shows only masked name and NIK.
export async function loader({ params }: LoaderFunctionArgs) {
  const number = registrationNumberFromCode(params.nomor ?? '')
  const card = number ? await getCardForCheck(number) : null
  if (!card) return json({ card: null }, { status: 404 })
  return json({
    card: {
      registrationNumber: card.registrationNumber,
      status: card.status,
      name: maskName(card.fullName),
      nik: maskNik(card.nik),
      agency: card.agencyName,
      position: card.positionName,
      location: card.location,
      period: card.periodName,
    },
  })
}

export default function RegistrationCardCheckPage() {
  const { t } = useTranslation()
  const { card } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <PageHeader title={t('application.cardCheck.title')} />
      {card ? (
        <>
          <Alert tone="success">{t('application.cardCheck.valid')}</Alert>
          <Card title={card.registrationNumber}>
            <dl className="summary">
              <div>
                <dt>{t('application.dashboard.registrationNumber')}</dt>
                <dd>{card.registrationNumber}</dd>
              </div>
              <div>
                <dt>{t('application.cardCheck.name')}</dt>
                <dd>{card.name}</dd>
              </div>
              <div>
                <dt>{t('application.cardCheck.nik')}</dt>
                <dd>{card.nik}</dd>
              </div>
              <div>
                <dt>{t('application.cardCheck.period')}</dt>
                <dd>{card.period}</dd>
              </div>
              <div>
                <dt>{t('application.cardCheck.agency')}</dt>
                <dd>{card.agency}</dd>
              </div>
              <div>
                <dt>{t('application.cardCheck.position')}</dt>
                <dd>
                  {card.position}, {card.location}
                </dd>
              </div>
              <div>
                <dt>{t('application.status.label')}</dt>
                <dd>
                  <Badge>{t(`application.status.${card.status}`)}</Badge>
                </dd>
              </div>
            </dl>
          </Card>
        </>
      ) : (
        <Alert tone="error">{t('application.cardCheck.invalid')}</Alert>
      )}
    </div>
  )
}

export const meta: MetaFunction = () => [
  { title: 'Pemeriksaan Kartu Pendaftaran · Portal Seleksi ASN' },
  { name: 'robots', content: 'noindex' },
]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
