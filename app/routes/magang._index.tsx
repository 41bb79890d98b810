import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listOpenOpenings } from '~/models/internship.server'
import { getSessionUser } from '~/utils/session.server'
import { formatDate } from '~/utils/time'

// Public list of internship openings (issue 9); a student signs up or signs in to apply.
export async function loader({ request }: LoaderFunctionArgs) {
  const [openings, user] = await Promise.all([listOpenOpenings(), getSessionUser(request)])
  return json({ openings, signedIn: Boolean(user), isStudent: Boolean(user?.permissions.includes('apply:internship:own')) })
}

export function rupiah(n: number) {
  return `Rp${n.toLocaleString('id-ID')}`
}

export default function OpeningsPage() {
  const { t } = useTranslation()
  const { openings, signedIn, isStudent } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader title={t('internship.title')} lead={t('internship.intro')}>
        {isStudent ? (
          <p><Link to="/magang/saya">{t('internship.myArea')}</Link></p>
        ) : signedIn ? null : (
          <p>
            <Link to="/magang/daftar">{t('internship.registerCta')}</Link> · <Link to="/masuk?redirectTo=/magang">{t('internship.loginCta')}</Link>
          </p>
        )}
      </PageHeader>
      {openings.length === 0 ? <p>{t('internship.noOpenings')}</p> : null}
      <div>
        {openings.map((o) => (
          <section key={o.id} className="card" aria-label={o.title}>
            <h2>
              <Link to={`/magang/${o.id}`} aria-label={t('internship.opening.detail', { title: o.title })}>{o.title}</Link>
            </h2>
            <p>{o.agency} · {o.unit}</p>
            <p>
              {t('internship.opening.duration')}: {t('internship.opening.months', { count: o.durationMonths })} · {t(`internship.opening.modes.${o.mode}`)} · {t('internship.opening.stipend')}: {rupiah(o.stipendMonthly)} ·{' '}
              {t('internship.opening.places')}: {o.places} · {t('internship.opening.closesAt')}: {formatDate(o.closesAt)}
            </p>
          </section>
        ))}
      </div>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Magang · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
