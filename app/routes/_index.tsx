import { json, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge, Card, PageHeader } from '~/components/ui'
import { listPeriods } from '~/models/selection.server'
import { useOptionalUser } from '~/utils/user'

export async function loader() {
  const periods = await listPeriods()
  return json({ periods: periods.map((p) => ({ code: p.code, name: p.name, kind: p.kind, year: p.year, isDemo: p.isDemo })) })
}

export default function HomePage() {
  const { t } = useTranslation()
  const { periods } = useLoaderData<typeof loader>()
  const user = useOptionalUser()
  return (
    <>
      <PageHeader title={t('home.title')} lead={t('home.intro')}>
        {user ? (
          <Link to="/dasbor" className="btn btn-primary">
            {t('nav.dashboard')}
          </Link>
        ) : (
          <>
            <Link to="/masuk" className="btn btn-primary">
              {t('home.loginCta')}
            </Link>{' '}
            <Link to="/daftar-akun" className="btn btn-secondary">
              {t('registration.homeLink')}
            </Link>
          </>
        )}
      </PageHeader>
      <Card title={t('home.periods')}>
        {periods.length === 0 ? (
          <p>{t('home.noPeriods')}</p>
        ) : (
          <ul>
            {periods.map((p) => (
              <li key={p.code}>
                <strong>{p.name}</strong> · {p.kind} {p.year} {p.isDemo ? <Badge tone="warn">Demo</Badge> : null}{' '}
                · <Link to={`/jadwal/${p.code}`}>{t('home.timeline')}</Link> · <Link to="/formasi">{t('nav.search')}</Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  )
}

export const meta: MetaFunction = () => [
  { title: 'Portal Seleksi ASN' },
  { name: 'description', content: 'Pendaftaran, ujian CAT, dan pengumuman seleksi CPNS dan PPPK.' },
]
