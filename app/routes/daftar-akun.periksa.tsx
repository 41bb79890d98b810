import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { hasRegionFlag } from '~/domain/identity/registration'
import { Alert, Button, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { RegistrationSteps } from '~/components/registration-steps'
import { getPeriodName, registerApplicant } from '~/models/registration.server'
import { mailEmailVerification } from '~/models/user.server'
import { localeFromCookie } from '~/utils/i18n'
import { readRegistration, clearRegistration } from '~/utils/registration-state.server'
import { actorFrom } from '~/utils/request.server'
import { commitNewSession, requireAnonymous } from '~/utils/session.server'
import { formatDate } from '~/utils/time'
import { KB } from '~/utils/upload.server'

// Step 3: everything read-only, then one confirmation that creates the account. After this the
// identity cannot be edited by the applicant (there is no route that would).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const state = await readRegistration(request)
  if (!state) throw redirect('/daftar-akun?pesan=kedaluwarsa')
  if (!state.complete || !state.passwordHash || !state.ktp || !state.selfie || state.security?.length !== 2) {
    throw redirect('/daftar-akun/data')
  }
  const locale = localeFromCookie(request.headers.get('Cookie'))
  const { identity } = state
  return json({
    periodName: (await getPeriodName(identity.periodId)) ?? '',
    identity: {
      nik: identity.nik,
      kk: identity.kk,
      fullName: identity.fullName,
      birthPlace: identity.birthPlace,
      birthDate: formatDate(new Date(`${identity.birthDate}T00:00:00Z`), { timeZone: 'UTC', locale }),
      sex: identity.sex,
      email: identity.email,
      phone: identity.phone,
    },
    flagged: hasRegionFlag(state.nikFlags),
    ktpKb: Math.ceil(state.ktp.size / KB),
    selfieKb: Math.ceil(state.selfie.size / KB),
    securityQuestions: state.security.map((answer) => answer.questionCode),
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const state = await readRegistration(request)
  if (!state) throw redirect('/daftar-akun?pesan=kedaluwarsa')
  if (!state.complete || !state.passwordHash || !state.ktp || !state.selfie || state.security?.length !== 2) {
    throw redirect('/daftar-akun/data')
  }
  const actor = actorFrom(request, context, null)
  const result = await registerApplicant(
    {
      identity: state.identity,
      nikFlags: state.nikFlags,
      passwordHash: state.passwordHash,
      ktp: state.ktp,
      selfie: state.selfie,
      security: state.security,
      locale: localeFromCookie(request.headers.get('Cookie')),
    },
    actor,
  )
  if (!result.ok) {
    if (result.problem === 'filesMissing') throw redirect('/daftar-akun/data')
    const status = result.problem === 'registrationClosed' ? 403 : 409
    return json({ problem: result.problem }, { status })
  }
  // After the commit: a mail that fails to queue must not undo the account (the applicant can
  // ask for a new link on the account page).
  try {
    await mailEmailVerification(result.verification, result.verification.secret)
  } catch (err) {
    console.error(`[registration] verification mail for ${result.userId} not queued: ${err instanceof Error ? err.message : String(err)}`)
  }
  const headers = new Headers()
  headers.append('Set-Cookie', await commitNewSession(result.sessionId, { remember: false, expiresAt: result.expiresAt }))
  headers.append('Set-Cookie', await clearRegistration())
  return redirect('/daftar-akun/selesai', { headers })
}

export default function RegistrationReviewPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { identity } = data
  const rows: [string, string][] = [
    [t('registration.identity.period'), data.periodName],
    [t('registration.identity.nik'), identity.nik],
    [t('registration.identity.kk'), identity.kk],
    [t('registration.identity.fullName'), identity.fullName],
    [t('registration.identity.birthPlace'), identity.birthPlace],
    [t('registration.identity.birthDate'), identity.birthDate],
    [t('registration.identity.sex'), identity.sex === 'P' ? t('registration.identity.sexP') : t('registration.identity.sexL')],
    [t('registration.identity.email'), identity.email],
    [t('registration.identity.phone'), identity.phone],
  ]
  return (
    <div className="narrow">
      <PageHeader title={t('registration.title')} lead={t('registration.review.intro')} />
      <RegistrationSteps current={3} />
      <Alert tone="warning">{t('registration.review.warning')}</Alert>
      {actionData?.problem ? (
        <Alert tone="error">
          {t(`registration.errors.${actionData.problem}`)}
          {actionData.problem === 'emailTaken' ? (
            <>
              {' '}
              <Link to="/daftar-akun">{t('registration.review.emailTakenHint')}</Link>
            </>
          ) : null}
        </Alert>
      ) : null}
      {data.flagged ? <Alert tone="info">{t('registration.data.flagged')}</Alert> : null}
      <Card title={t('registration.review.identity')}>
        <dl className="summary">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p>
          <Link to="/daftar-akun">{t('registration.review.edit')}</Link>
        </p>
      </Card>
      <Card title={t('registration.review.files')}>
        <div className="photo-pair">
          <figure>
            <img src="/daftar-akun/foto/ktp" alt={t('registration.review.ktpAlt')} width={160} />
            <figcaption>
              {t('registration.data.ktp')} · {t('registration.review.size', { size: data.ktpKb })}
            </figcaption>
          </figure>
          <figure>
            <img src="/daftar-akun/foto/selfie" alt={t('registration.review.selfieAlt')} width={160} />
            <figcaption>
              {t('registration.data.selfie')} · {t('registration.review.size', { size: data.selfieKb })}
            </figcaption>
          </figure>
        </div>
        <p>
          {t('security.review', {
            questions: data.securityQuestions.map((code) => `“${t(`security.questions.${code}`)}”`).join(', '),
          })}
        </p>
        <p>
          <Link to="/daftar-akun/data">{t('registration.review.editData')}</Link>
        </p>
      </Card>
      <Form method="post">
        <Button disabled={navigation.state !== 'idle'}>{t('registration.review.confirm')}</Button>
      </Form>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Periksa dan simpan · Buat akun pelamar · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
