import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { permissionKey, type Permission } from '~/domain/identity/roles'
import { requirePermission } from '~/utils/session.server'
import { sessionsForApplicant } from '~/models/assessment.server'
import { AssessmentSessionsCard } from '~/components/assessment-sessions'
import { ApplicantResults } from '~/components/ranking'
import { applicantResults } from '~/models/ranking.server'
import { ExamStatusCard } from '~/components/exam-status'
import { applicantExamStatus } from '~/models/exam-planning.server'

/** Where each permission's work starts; pages of later features are added here as they land. */
const TASK_LINKS: Partial<Record<Permission, string>> = {
  'read:account:own': '/akun',
  'manage:staff:any': '/admin/staf',
  'manage:staff:agency': '/admin/staf',
  'read:audit:any': '/admin/audit',
  'read:outbox:any': '/admin/outbox',
  'read:jobs:any': '/admin/antrean',
  'manage:selection:any': '/admin/periode',
  'manage:formation:agency': '/instansi/formasi',
  'verify:application:agency': '/verifikasi',
  'decide:objection:agency': '/instansi/verifikasi',
  'submit:application:own': '/lamaran',
  'grade:assessment:assigned': '/asesor',
  'manage:ranking:any': '/panitia/peringkat',
  'manage:exam:any': '/admin/ujian',
  'manage:accommodation:agency': '/instansi/akomodasi',
  'apply:internship:own': '/magang/saya',
  'manage:internship:university': '/kampus',
  'manage:internship:agency': '/instansi/magang',
  'mentor:internship:agency': '/mentor',
  'supervise:internship:university': '/mentor',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'read:account:own')
  return json({
    name: user.name,
    emailVerified: user.emailVerified,
    grants: user.grants.map((g) => ({ role: g.role, scope: g.agencyName ?? g.universityName })),
    tasks: user.permissions.map((p) => ({ permission: p, key: permissionKey(p), href: TASK_LINKS[p] ?? null })),
    assessmentSessions: user.permissions.includes('submit:application:own') ? await sessionsForApplicant(user.id) : [],
    // The applicant's published results (issue 8): status code per stage, objections, resignation.
    results: user.permissions.includes('submit:application:own') ? await applicantResults(user.id) : [],
    // The CAT (issue 6): test-site choice after MS, then the seat and the exam card link.
    exam: user.permissions.includes('submit:application:own') ? await applicantExamStatus(user.id) : null,
  })
}

export default function DashboardPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('dashboard.title')} lead={t('dashboard.greeting', { name: data.name })} />
      {!data.emailVerified ? (
        <Alert tone="warning">
          {t('verify.pending')} <Link to="/akun">{t('verify.resend')}</Link>
        </Alert>
      ) : null}
      {data.results.length ? (
        <>
          <ApplicantResults results={data.results} />
          <p>
            <Link to="/hasil-saya">{t('ranking.applicant.title')}</Link>
          </p>
        </>
      ) : null}
      <div className="grid">
        <Card title={t('dashboard.yourRoles')}>
          <ul>
            {data.grants.map((g, i) => (
              <li key={i}>
                <strong>{t(`roles.${g.role}`)}</strong>
                {g.scope ? ` — ${t('dashboard.scope', { scope: g.scope })}` : ''}
              </li>
            ))}
          </ul>
        </Card>
        <Card title={t('dashboard.tasks')}>
          <ul>
            {data.tasks.map((task) => (
              <li key={task.permission}>{task.href ? <Link to={task.href}>{t(task.key)}</Link> : t(task.key)}</li>
            ))}
          </ul>
        </Card>
      </div>
      <ExamStatusCard exam={data.exam} />
      <AssessmentSessionsCard sessions={data.assessmentSessions} />
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Dasbor · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
