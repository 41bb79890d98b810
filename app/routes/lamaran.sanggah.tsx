import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { MIN_OBJECTION_REASON, ObjectionSchema } from '~/domain/verification/rules'
import { getApplicantResult, submitObjection } from '~/models/verification.server'
import { requireVerifiedApplicant } from '~/utils/applicant.server'
import { actorFrom } from '~/utils/request.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

// "Ajukan Sanggah" (domain.md §2 "TMS screen"): the unmet requirements, the documents as uploaded
// (no re-upload: the form has no file field and the model never touches documents), the reason,
// the disclaimer and "Akhiri Proses Sanggah". Once only, inside the window by the server's clock.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireVerifiedApplicant(request)
  const result = await getApplicantResult(user.id)
  if (!result) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  return json(result)
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireVerifiedApplicant(request)
  const parsed = ObjectionSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) {
    return json({ fields: parsed.error.issues.map((i) => ({ path: String(i.path[0]), message: i.message })), error: null as string | null }, { status: 400 })
  }
  const result = await submitObjection(user.id, parsed.data.reason, actorFrom(request, context, user))
  if (!result.ok) return json({ fields: [], error: result.error as string }, { status: result.error === 'notFound' ? 404 : 409 })
  return redirect('/lamaran?sanggah=terkirim')
}

export default function ObjectionPage() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const fieldError = (name: string) => {
    const found = actionData?.fields.find((f) => f.path === name)
    return found ? t(found.message, { min: MIN_OBJECTION_REASON }) : null
  }
  const refusal = actionData?.error ?? (data.canObject ? null : data.objectionRefusal)
  const open = data.canObject && !actionData?.error
  return (
    <>
      <PageHeader title={t('verification.objection.title')} lead={t('verification.objection.lead')} />
      {data.announcement.objectionClosesAt ? (
        <Alert tone="info">
          {t('verification.objection.window', {
            from: formatDateTime(data.announcement.objectionOpensAt!, { timeZone, locale }),
            until: formatDateTime(data.announcement.objectionClosesAt, { timeZone, locale }),
          })}
        </Alert>
      ) : null}
      {refusal ? <Alert tone="error">{t(`verification.objectionErrors.${refusal}`)}</Alert> : null}
      <Card title={t('verification.objection.unmet')}>
        <ul>
          {data.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </Card>
      <Card title={t('verification.objection.documents')}>
        <p className="hint">{t('verification.objection.noReupload')}</p>
        <ul>
          {data.documents.map((d) => (
            <li key={d.id}>
              <a href={`/lamaran/dokumen/${d.id}`} target="_blank" rel="noreferrer">
                {d.label}
              </a>{' '}
              ({d.fileName}){data.unmet.some((u) => u.code === d.code) ? ` — ${t('verification.objection.unmetMark')}` : ''}
            </li>
          ))}
        </ul>
      </Card>
      {open ? (
        <Form method="post" className="card">
          <div className="field">
            <label htmlFor="objection-reason">
              {t('verification.objection.reason')}
              <span aria-hidden="true"> *</span>
            </label>
            <p className="hint" id="objection-reason-hint">
              {t('verification.objection.reasonHint', { min: MIN_OBJECTION_REASON })}
            </p>
            <textarea
              id="objection-reason"
              name="reason"
              rows={5}
              required
              minLength={MIN_OBJECTION_REASON}
              maxLength={2000}
              aria-describedby={`objection-reason-hint${fieldError('reason') ? ' objection-reason-error' : ''}`}
              aria-invalid={fieldError('reason') ? true : undefined}
            />
            {fieldError('reason') ? (
              <p className="error" id="objection-reason-error">
                {fieldError('reason')}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label>
              <input type="checkbox" name="confirm" required /> {t('verification.objection.disclaimer')}
            </label>
            {fieldError('confirm') ? <p className="error">{fieldError('confirm')}</p> : null}
          </div>
          <Button>{t('verification.objection.submit')}</Button>
        </Form>
      ) : null}
      <p>
        <Link to="/lamaran">{t('verification.objection.back')}</Link>
      </p>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Sanggah · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
