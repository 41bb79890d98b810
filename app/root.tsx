import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
} from '@remix-run/react'
import { useEffect, useMemo, type ReactNode } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import stylesHref from '~/styles/app.css'
import { createI18n, localeFromCookie, type Locale } from '~/utils/i18n'
import { getSessionUser } from '~/utils/session.server'
import { hasDemoData } from '~/models/selection.server'
import { userCan, type PublicUser, type RootData } from '~/utils/user'
import type { Permission } from '~/domain/identity/roles'
import { GeneralErrorBoundary } from '~/components/error-boundary'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesHref },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Portal Seleksi ASN' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request)
  const locale = localeFromCookie(request.headers.get('Cookie'))
  const publicUser: PublicUser | null = user
    ? {
        id: user.id,
        name: user.name,
        email: user.email,
        emailVerified: user.emailVerified,
        timeZone: user.timeZone,
        permissions: user.permissions,
        grants: user.grants.map((g) => ({ role: g.role, agencyName: g.agencyName, universityName: g.universityName })),
      }
    : null
  const data: RootData = {
    user: publicUser,
    locale,
    timeZone: user?.timeZone ?? 'Asia/Jakarta',
    demo: await hasDemoData(),
  }
  return json(data)
}

const NAV: { to: string; key: string; permission?: Permission; anyOf?: Permission[] }[] = [
  { to: '/dasbor', key: 'nav.dashboard' },
  { to: '/admin/periode', key: 'nav.periods', permission: 'manage:selection:any' },
  { to: '/admin/formasi', key: 'nav.formationApproval', permission: 'manage:selection:any' },
  { to: '/admin/bank-soal', key: 'bank.nav.bank', permission: 'manage:selection:any' },
  { to: '/instansi/formasi', key: 'nav.formation', permission: 'manage:formation:agency' },
  { to: '/verifikasi', key: 'verification.nav.queue', permission: 'verify:application:agency' },
  { to: '/instansi/verifikasi', key: 'verification.nav.agency', permission: 'decide:objection:agency' },
  { to: '/instansi/sanggah', key: 'verification.nav.panel', permission: 'decide:objection:agency' },
  { to: '/instansi/asesmen', key: 'assessment.nav.panel', anyOf: ['manage:formation:agency', 'manage:ranking:any'] },
  { to: '/asesor', key: 'assessment.nav.assessor', permission: 'grade:assessment:assigned' },
  { to: '/admin/staf', key: 'nav.staff', anyOf: ['manage:staff:any', 'manage:staff:agency'] },
  { to: '/proktor', key: 'exam.nav.proctor', permission: 'proctor:session:assigned' },
  { to: '/admin/kunci-ujian', key: 'exam.nav.keys', permission: 'manage:ranking:any' },
  { to: '/admin/ujian', key: 'examPlanning.nav.plan', permission: 'manage:exam:any' },
  { to: '/instansi/akomodasi', key: 'examPlanning.nav.accommodation', anyOf: ['manage:exam:any', 'manage:accommodation:agency'] },
  { to: '/admin/audit', key: 'nav.audit', permission: 'read:audit:any' },
  { to: '/admin/outbox', key: 'nav.outbox', permission: 'read:outbox:any' },
  { to: '/admin/antrean', key: 'nav.jobs', permission: 'read:jobs:any' },
  { to: '/panitia/peringkat', key: 'ranking.nav.committee', permission: 'manage:ranking:any' },
  { to: '/magang/saya', key: 'internship.nav.student', permission: 'apply:internship:own' },
  { to: '/kampus', key: 'internship.nav.campus', permission: 'manage:internship:university' },
  { to: '/instansi/magang', key: 'internship.nav.agency', permission: 'manage:internship:agency' },
  { to: '/mentor', key: 'internship.nav.mentor', anyOf: ['mentor:internship:agency', 'supervise:internship:university'] },
  { to: '/hasil', key: 'ranking.nav.results' },
  { to: '/akun', key: 'nav.account' },
]

function Shell({ children, locale, user, demo }: { children: ReactNode; locale: Locale; user: PublicUser | null; demo: boolean }) {
  const i18n = useMemo(() => createI18n(locale), [locale])
  return (
    <I18nextProvider i18n={i18n}>
      <Chrome user={user} demo={demo} locale={locale}>
        {children}
      </Chrome>
    </I18nextProvider>
  )
}

function Chrome({ children, user, demo, locale }: { children: ReactNode; user: PublicUser | null; demo: boolean; locale: Locale }) {
  const { t } = useTranslation()
  const location = useLocation()
  const items = user
    ? NAV.filter((n) =>
        n.permission ? userCan(user, n.permission) : n.anyOf ? n.anyOf.some((p) => userCan(user, p)) : true,
      )
    : []
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {demo ? <div className="demo-banner">{t('app.demoBanner')}</div> : null}
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <Link to="/formasi">{t('nav.search')}</Link>
          <Link to="/pengumuman">{t('verification.nav.announcements')}</Link>
          <Link to="/magang">{t('internship.nav.openings')}</Link>
          {items.length ? (
            <nav className="main-nav" aria-label={t('nav.mainMenu')}>
              <ul>
                {items.map((n) => (
                  <li key={n.to}>
                    <NavLink to={n.to}>{t(n.key)}</NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <Form method="post" action="/bahasa" className="inline-form">
            <input type="hidden" name="locale" value={locale === 'id' ? 'en' : 'id'} />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button type="submit" className="btn btn-link" lang={locale === 'id' ? 'en' : 'id'}>
              {t('lang.switchTo')}
            </button>
          </Form>
          {user ? (
            <Form method="post" action="/keluar" className="inline-form">
              <button type="submit" className="btn btn-link">
                {t('nav.logout')}
              </button>
            </Form>
          ) : (
            <Link to="/masuk">{t('nav.login')}</Link>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        {t('app.tagline')} · {t('app.footer')}
      </footer>
    </>
  )
}

function Document({ children, locale }: { children: ReactNode; locale: Locale }) {
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  const data = useLoaderData<typeof loader>()
  // Marks the moment the page became interactive (used by the browser tests to wait for it).
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true'
  }, [])
  return (
    <Document locale={data.locale}>
      <Shell locale={data.locale} user={data.user} demo={data.demo}>
        <Outlet />
      </Shell>
    </Document>
  )
}

export function ErrorBoundary() {
  // The root loader may have failed, so fall back to the default language and no user.
  return (
    <Document locale="id">
      <Shell locale="id" user={null} demo={false}>
        <GeneralErrorBoundary />
      </Shell>
    </Document>
  )
}
