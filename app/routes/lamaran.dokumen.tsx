import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ApplicationSteps } from '~/components/application-steps'
import { errorKey, useErrorText } from '~/components/registration-steps'
import { uploadDocument } from '~/models/application.server'
import { refusal, requireApplication } from '~/utils/application-route.server'
import { actorFrom } from '~/utils/request.server'
import { KB, checkUpload, parseUploadForm } from '~/utils/upload.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

// Step 5 (issue 4 "Documents"): one upload per document the chosen position requires, each with
// its format and size limit; the real type is read from the bytes. Re-uploading replaces the
// current file (the old one stays, marked replaced, in the audit trail).
export async function loader({ request }: LoaderFunctionArgs) {
  const { application, steps, vacancy } = await requireApplication(request)
  const uploaded = new Map(application.documents.map((d) => [d.code, d]))
  const url = new URL(request.url)
  return json({
    locked: application.status !== 'DRAFT',
    kind: application.selectionKind,
    steps,
    justUploaded: url.searchParams.get('tersimpan'),
    documents: (vacancy?.position.documents ?? []).map((d) => {
      const current = uploaded.get(d.code)
      return {
        code: d.code,
        label: d.label,
        format: d.format,
        maxKb: d.maxKb,
        required: d.required,
        current: current
          ? { id: current.id, fileName: current.fileName, sizeKb: Math.max(1, Math.round(current.size / KB)), uploadedAt: current.uploadedAt.toISOString() }
          : null,
      }
    }),
    hasVacancy: vacancy !== null,
  })
}

const MAX_REQUEST_BYTES = 2 * 1024 * KB

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, application, vacancy } = await requireApplication(request)
  if (application.status !== 'DRAFT') return refusal('locked')
  const rules = vacancy?.position.documents ?? []
  if (!rules.length) return refusal('unknownDocument')
  const largest = Math.max(...rules.map((r) => r.maxKb)) * KB
  const upload = await parseUploadForm(request, { maxPartBytes: largest, maxRequestBytes: MAX_REQUEST_BYTES })
  const code = String(upload.formData.get('code') ?? '')
  const rule = rules.find((r) => r.code === code)
  if (upload.requestTooLarge) {
    return json({ code, error: errorKey('application.errors.upload.tooLarge', { maxKb: rule?.maxKb ?? largest / KB, format: rule?.format ?? '' }) }, { status: 413 })
  }
  if (!rule) return json({ code, error: 'application.errors.unknownDocument' }, { status: 400 })
  const check = await checkUpload(upload, 'file', { format: rule.format, maxBytes: rule.maxKb * KB })
  if (!check.ok) {
    return json(
      { code, error: errorKey(`application.errors.${check.problem}`, { maxKb: check.maxKb, format: check.format }) },
      { status: check.problem === 'upload.tooLarge' ? 413 : 400 },
    )
  }
  const saved = await uploadDocument(
    { applicationId: application.id, userId: user.id, code, bytes: check.bytes, type: check.type, fileName: check.fileName },
    actorFrom(request, context, user),
  )
  if (!saved.ok) return json({ code, error: `application.errors.${saved.error}` }, { status: saved.error === 'locked' || saved.error === 'closed' ? 403 : 400 })
  return redirect(`/lamaran/dokumen?tersimpan=${encodeURIComponent(code)}`)
}

export default function DocumentsPage() {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const { locale, timeZone } = useRootData()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const saved = data.justUploaded ? data.documents.find((d) => d.code === data.justUploaded) : null
  const actionError = actionData && 'code' in actionData ? actionData : null
  const formError = actionData && 'result' in actionData ? actionData.result.error[''] : null
  return (
    <div className="narrow">
      <PageHeader title={t('application.documents.title')} lead={t('application.documents.lead')} />
      <ApplicationSteps steps={data.steps} current="documents" workHistoryOptional={data.kind === 'CPNS'} />
      {data.locked ? <Alert tone="info">{t('application.locked')}</Alert> : null}
      {formError?.map((e) => (
        <Alert key={e} tone="error">
          {errorText(e)}
        </Alert>
      ))}
      {saved && !actionError ? <Alert tone="success">{t('application.documents.uploaded', { label: saved.label })}</Alert> : null}
      {!data.hasVacancy ? (
        <Alert tone="info">
          {t('application.documents.chooseFirst')} <Link to="/lamaran/formasi">{t('application.formasi.title')}</Link>
        </Alert>
      ) : null}
      {data.documents.map((d) => {
        const error = actionError?.code === d.code ? actionError.error : null
        const inputId = `file-${d.code}`
        return (
          <section key={d.code} className="card" aria-label={d.label}>
            <h2>
              {d.label} {d.required ? <small>({t('application.documents.required')})</small> : null}
            </h2>
            <p>
              {d.current ? (
                <>
                  {t('application.documents.current', {
                    name: d.current.fileName,
                    size: d.current.sizeKb,
                    when: formatDateTime(d.current.uploadedAt, { timeZone, locale }),
                  })}{' '}
                  <a href={`/lamaran/dokumen/${d.current.id}`} target="_blank" rel="noreferrer">
                    {t('application.documents.view')}
                  </a>
                </>
              ) : (
                <strong>{t('application.documents.missing')}</strong>
              )}
            </p>
            {data.locked ? null : (
              <Form method="post" encType="multipart/form-data">
                <input type="hidden" name="code" value={d.code} />
                <div className="field">
                  <label htmlFor={inputId}>{d.current ? `${t('application.documents.replace')}: ${d.label}` : d.label}</label>
                  <p className="hint" id={`${inputId}-hint`}>
                    {t('application.documents.limit', { format: d.format, maxKb: d.maxKb })}
                  </p>
                  <input
                    id={inputId}
                    type="file"
                    name="file"
                    accept={d.format === 'JPG' ? 'image/jpeg,.jpg,.jpeg' : 'application/pdf,.pdf'}
                    required
                    aria-invalid={error ? true : undefined}
                    aria-describedby={`${inputId}-hint${error ? ` ${inputId}-error` : ''}`}
                  />
                  {error ? (
                    <p className="error" id={`${inputId}-error`} role="alert">
                      {errorText(error)}
                    </p>
                  ) : null}
                </div>
                <Button variant="secondary" disabled={navigation.state === 'submitting'} aria-label={`${t('application.documents.upload')}: ${d.label}`}>
                  {t('application.documents.upload')}
                </Button>
              </Form>
            )}
          </section>
        )
      })}
      {data.steps.documents ? (
        <p>
          <Link to="/lamaran/resume">{t('application.steps.resume')}</Link>
        </p>
      ) : null}
      <p>
        <Link to="/lamaran">{t('application.back')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Unggah dokumen · Lamaran · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
