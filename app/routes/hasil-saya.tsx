import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ApplicantResults } from '~/components/ranking'
import { applicantResults, fileFinalObjection } from '~/models/ranking.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

/** The applicant's own published results and the final-results objection (sanggah) form. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'submit:application:own')
  const results = await applicantResults(user.id)
  return json({ results, sent: new URL(request.url).searchParams.get('sanggah') === 'terkirim' })
}

const ObjectionSchema = z.object({ publicationId: z.string().min(1).max(64), text: z.string().trim().min(10).max(2000) })

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'submit:application:own')
  const parsed = ObjectionSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return json({ error: 'textLength' }, { status: 400 })
  // Ownership is enforced by the model: the objection is always on the signed-in user's application.
  const result = await fileFinalObjection({ userId: user.id, publicationId: parsed.data.publicationId, text: parsed.data.text }, actorFrom(request, context, user))
  if (!result.ok) return json({ error: result.error }, { status: 409 })
  return redirect('/hasil-saya?sanggah=terkirim')
}

export default function MyResultsPage() {
  const { t } = useTranslation()
  const { results, sent } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { locale, timeZone } = useRootData()
  return (
    <>
      <PageHeader title={t('ranking.applicant.title')} />
      {sent ? <Alert tone="success">{t('ranking.applicant.objectionSent')}</Alert> : null}
      {actionData?.error ? <Alert tone="error">{t(`ranking.errors.${actionData.error}`)}</Alert> : null}
      <ApplicantResults results={results} />
      {results
        .filter((r) => r.canObject)
        .map((r) => (
          <Card key={r.publicationId} title={`${t('ranking.objections')} — ${t(`ranking.stages.${r.stage}`)}`}>
            <p>{t('ranking.applicant.objectionOpen', { until: r.objectionClosesAt ? formatDateTime(r.objectionClosesAt, { locale, timeZone }) : '—' })}</p>
            <Form method="post">
              <input type="hidden" name="publicationId" value={r.publicationId} />
              <div className="field">
                <label htmlFor={`sanggah-${r.publicationId}`}>{t('ranking.applicant.objectionText')}</label>
                <textarea id={`sanggah-${r.publicationId}`} name="text" rows={4} minLength={10} maxLength={2000} required />
              </div>
              <Button disabled={navigation.state !== 'idle'}>{t('ranking.applicant.objectionSubmit')}</Button>
            </Form>
          </Card>
        ))}
      <p>
        <Link to="/dasbor">{t('nav.dashboard')}</Link>
      </p>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Hasil seleksi saya · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
