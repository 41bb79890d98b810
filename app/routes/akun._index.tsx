import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { parseWithZod } from '@conform-to/zod/v4'
import { Alert, Badge, Button, Card, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { sendEmailVerification, updateProfile } from '~/models/user.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { INDONESIAN_ZONES } from '~/utils/time'
import { getApplicantIdentitySummary } from '~/models/registration.server'
import { ApplicantIdentityCard } from '~/components/applicant-identity-card'
import { LOCALES } from '~/utils/i18n'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'read:account:own')
  return json({
    name: user.name,
    email: user.email,
    emailVerified: user.emailVerified,
    locale: user.locale,
    timeZone: user.timeZone,
    grants: user.grants.map((g) => ({ role: g.role, scope: g.agencyName ?? g.universityName })),
    identity: await getApplicantIdentitySummary(user.id),
  })
}

const ProfileSchema = z.object({
  intent: z.literal('profile'),
  name: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(120),
  locale: z.enum(LOCALES),
  timeZone: z.enum(Object.keys(INDONESIAN_ZONES) as [keyof typeof INDONESIAN_ZONES]),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'read:account:own')
  const formData = await request.formData()
  const actor = actorFrom(request, context, user)
  if (formData.get('intent') === 'resend-verification') {
    if (!user.emailVerified) await sendEmailVerification(user.id, actor)
    return json({ notice: 'resent' as const })
  }
  const submission = parseWithZod(formData, { schema: ProfileSchema })
  if (submission.status !== 'success') return json({ notice: 'invalid' as const }, { status: 400 })
  const { name, locale, timeZone } = submission.value
  await updateProfile(user.id, { name, locale, timeZone }, actor)
  return json(
    { notice: 'saved' as const },
    { headers: { 'Set-Cookie': `lng=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` } },
  )
}

export default function AccountPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader title={t('account.title')} />
      {actionData?.notice === 'saved' ? <Alert tone="success">{t('account.saved')}</Alert> : null}
      {actionData?.notice === 'resent' ? <Alert tone="success">{t('verify.resent', { email: data.email })}</Alert> : null}
      {!data.emailVerified ? (
        <Alert tone="warning">
          {t('verify.pending')}
          <Form method="post">
            <input type="hidden" name="intent" value="resend-verification" />
            <Button variant="secondary">{t('verify.resend')}</Button>
          </Form>
        </Alert>
      ) : null}
      <div className="grid">
        <Card title={t('account.title')}>
          <p>
            {t('account.email')}: <strong>{data.email}</strong>{' '}
            {data.emailVerified ? (
              <Badge tone="ok">{t('account.emailVerified')}</Badge>
            ) : (
              <Badge tone="warn">{t('account.emailNotVerified')}</Badge>
            )}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="profile" />
            <Field label={t('account.name')} name="name" defaultValue={data.name} autoComplete="name" required />
            <SelectField
              label={t('account.language')}
              name="locale"
              defaultValue={data.locale}
              options={[
                { value: 'id', label: 'Bahasa Indonesia' },
                { value: 'en', label: 'English' },
              ]}
            />
            <SelectField
              label={t('account.timeZone')}
              name="timeZone"
              defaultValue={data.timeZone}
              options={Object.entries(INDONESIAN_ZONES).map(([zone, label]) => ({ value: zone, label: `${label} (${zone})` }))}
            />
            <Button>{t('account.save')}</Button>
          </Form>
        </Card>
        <Card title={t('account.roles')}>
          <ul>
            {data.grants.map((g, i) => (
              <li key={i}>
                {t(`roles.${g.role}`)}
                {g.scope ? ` — ${g.scope}` : ''}
              </li>
            ))}
          </ul>
          <p>
            <Link to="/akun/sesi">{t('nav.sessions')}</Link>
          </p>
        </Card>
      </div>
      {data.identity ? <ApplicantIdentityCard identity={data.identity} /> : null}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Akun saya · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
