import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { errorKey, useErrorText } from '~/components/registration-steps'
import { applyForOpening, checkStudentEligibility, getOpening, type UploadedDocument } from '~/models/internship.server'
import { DOCUMENT_KINDS, DOCUMENT_RULES, MAX_DOCUMENT_KB } from '~/domain/internship/documents'
import { actorFrom } from '~/utils/request.server'
import { getSessionUser } from '~/utils/session.server'
import { notFound, requireStudent } from '~/utils/internship-route.server'
import { KB, checkUpload, parseUploadForm } from '~/utils/upload.server'
import { formatDate } from '~/utils/time'
import { rupiah } from './magang._index'

// One opening, and the student's application with the five documents (domain.md §8). The
// eligibility shown here is advice; the action checks it again on the server.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const opening = await getOpening(params.openingId ?? '')
  if (!opening) notFound()
  const user = await getSessionUser(request)
  const isStudent = Boolean(user?.permissions.includes('apply:internship:own'))
  const problems = isStudent ? await checkStudentEligibility(user!.id, opening.id) : null
  return json({ opening, isStudent, problems, rules: DOCUMENT_KINDS.map((kind) => ({ kind, ...DOCUMENT_RULES[kind] })) })
}

const MAX_PART = MAX_DOCUMENT_KB * KB
const MAX_REQUEST = 6 * 1024 * KB

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStudent(request)
  const upload = await parseUploadForm(request, { maxPartBytes: MAX_PART, maxRequestBytes: MAX_REQUEST })
  if (upload.requestTooLarge) return json({ error: errorKey('application.errors.upload.tooLarge', { maxKb: MAX_REQUEST / KB, format: 'PDF/JPG' }), fileErrors: {}, problems: [] }, { status: 413 })
  const motivation = String(upload.formData.get('motivation') ?? '').trim()
  const fileErrors: Record<string, string> = {}
  const documents: UploadedDocument[] = []
  for (const kind of DOCUMENT_KINDS) {
    const rule = DOCUMENT_RULES[kind]
    const check = await checkUpload(upload, kind, { format: rule.format, maxBytes: rule.maxKb * KB })
    if (check.ok) documents.push({ kind, bytes: check.bytes, type: check.type, fileName: check.fileName })
    else fileErrors[kind] = errorKey(`application.errors.${check.problem}`, { maxKb: check.maxKb, format: check.format })
  }
  if (motivation.length < 20 || motivation.length > 1000) fileErrors.motivation = 'internship.errors.invalid'
  if (Object.keys(fileErrors).length) return json({ error: 'internship.errors.invalid', fileErrors, problems: [] }, { status: 400 })
  const result = await applyForOpening({ studentId: user.id, openingId: params.openingId ?? '', motivation, documents }, actorFrom(request, context, user))
  if (!result.ok) {
    return json(
      { error: `internship.errors.${result.error}`, fileErrors: {}, problems: result.error === 'ineligible' ? result.problems : [] },
      { status: result.error === 'ineligible' ? 403 : 400 },
    )
  }
  return redirect('/magang/saya?terkirim=1')
}

/** GPAs read as on a transcript: two decimals, with the language's decimal mark. */
function problemValues(p: Record<string, unknown>, language: string) {
  const gpa = (v: unknown) => Number(v).toLocaleString(language === 'en' ? 'en-GB' : 'id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return p.code === 'gpa' ? { required: gpa(p.required), actual: gpa(p.actual) } : (p as Record<string, string>)
}

export default function OpeningPage() {
  const { t, i18n } = useTranslation()
  const errorText = useErrorText()
  const { opening, isStudent, problems, rules } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const shownProblems = data?.problems?.length ? data.problems : problems
  return (
    <div className="narrow">
      <PageHeader title={opening.title} lead={`${opening.agency} · ${opening.unit}`} />
      <table>
        <tbody>
          <tr><th scope="row">{t('internship.opening.places')}</th><td>{opening.places}</td></tr>
          <tr><th scope="row">{t('internship.opening.duration')}</th><td>{t('internship.opening.months', { count: opening.durationMonths })}</td></tr>
          <tr><th scope="row">{t('internship.opening.mode')}</th><td>{t(`internship.opening.modes.${opening.mode}`)}</td></tr>
          <tr><th scope="row">{t('internship.opening.stipend')}</th><td>{rupiah(opening.stipendMonthly)}</td></tr>
          <tr><th scope="row">{t('internship.opening.minSemester')}</th><td>{opening.minSemester ?? '—'}</td></tr>
          <tr><th scope="row">{t('internship.opening.minGpa')}</th><td>{opening.minGpa?.toFixed(2) ?? '—'}</td></tr>
          <tr><th scope="row">{t('internship.opening.programs')}</th><td>{opening.studyPrograms.length ? opening.studyPrograms.map((p) => p.name).join(', ') : t('internship.opening.anyProgram')}</td></tr>
          <tr><th scope="row">{t('internship.opening.closesAt')}</th><td>{formatDate(opening.closesAt)}</td></tr>
          <tr><th scope="row">{t('internship.opening.startsAt')}</th><td>{formatDate(opening.startsAt)}</td></tr>
        </tbody>
      </table>
      <h2>{t('internship.opening.description')}</h2>
      <p>{opening.description}</p>
      <h2>{t('internship.apply.title')}</h2>
      {!opening.acceptsApplications ? (
        <Alert tone="info">{t('internship.opening.closed')}</Alert>
      ) : !isStudent ? (
        <Alert tone="info">
          {t('internship.apply.needStudent')} <Link to="/magang/daftar">{t('internship.registerCta')}</Link> ·{' '}
          <Link to={`/masuk?redirectTo=/magang/${opening.id}`}>{t('internship.loginCta')}</Link>
        </Alert>
      ) : (
        <>
          {data?.error ? <Alert tone="error">{errorText(data.error)}</Alert> : null}
          {shownProblems && shownProblems.length ? (
            <Alert tone="warning" title={t('internship.apply.ineligible')}>
              <ul>
                {shownProblems.map((p) => (
                  <li key={p.code}>{t(`internship.problems.${p.code}`, problemValues(p, i18n.language))}</li>
                ))}
              </ul>
            </Alert>
          ) : (
            <Alert tone="success">{t('internship.apply.eligible')}</Alert>
          )}
          <Form method="post" encType="multipart/form-data">
            <div className="field">
              <label htmlFor="motivation">{t('internship.apply.motivation')}</label>
              <textarea id="motivation" name="motivation" rows={5} maxLength={1000} required aria-invalid={data?.fileErrors && 'motivation' in data.fileErrors ? true : undefined} />
            </div>
            <fieldset>
              <legend>{t('internship.apply.documents')}</legend>
              <p className="hint">{t('internship.apply.templates')}</p>
              <ul>
                <li><a href={`/magang/${opening.id}/templat/SR`} download>{t('internship.apply.templateSr')}</a></li>
                <li><a href={`/magang/${opening.id}/templat/SPTJM`} download>{t('internship.apply.templateSptjm')}</a></li>
              </ul>
              {rules.map((r) => {
                const error = (data?.fileErrors as Record<string, string> | undefined)?.[r.kind]
                return (
                  <div className="field" key={r.kind}>
                    <label htmlFor={`doc-${r.kind}`}>{t(`internship.docs.${r.kind}`)}</label>
                    <p className="hint" id={`doc-${r.kind}-hint`}>{t('internship.apply.documentHint', { format: r.format, maxKb: r.maxKb })}</p>
                    <input
                      id={`doc-${r.kind}`}
                      type="file"
                      name={r.kind}
                      required
                      accept={r.format === 'JPG' ? 'image/jpeg,.jpg,.jpeg' : 'application/pdf,.pdf'}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={`doc-${r.kind}-hint${error ? ` doc-${r.kind}-error` : ''}`}
                    />
                    {error ? <p className="error" id={`doc-${r.kind}-error`}>{errorText(error)}</p> : null}
                  </div>
                )
              })}
            </fieldset>
            <Button disabled={busy}>{t('internship.apply.submit')}</Button>
          </Form>
        </>
      )}
      <p><Link to="/magang">{t('internship.title')}</Link></p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Lowongan magang · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
