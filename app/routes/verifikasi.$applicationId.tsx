import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Button, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { agenciesWith, hasPermission } from '~/domain/identity/roles'
import { disagreements, type ItemDecision } from '~/domain/verification/rules'
import { claim, getCaseView, panelDecide, recordDecision, releaseClaim } from '~/models/verification.server'
import { actorFrom } from '~/utils/request.server'
import { requireUser } from '~/utils/session.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const VERIFY = 'verify:application:agency' as const
const PANEL = 'decide:objection:agency' as const
const notFound = () => new Response('Not found', { status: 404, statusText: 'Not Found' })

/** Verifiers (and the agency panel) of the application's agency only; the agency filter is in every query. */
async function requireStaff(request: Request) {
  const user = await requireUser(request)
  const verifier = hasPermission(user.grants, VERIFY)
  const panel = hasPermission(user.grants, PANEL)
  if (!verifier && !panel) throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  return { user, verifierAgencies: agenciesWith(user.grants, VERIFY), panelAgencies: agenciesWith(user.grants, PANEL) }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, verifierAgencies, panelAgencies } = await requireStaff(request)
  const view = await getCaseView(params.applicationId ?? '', [...new Set([...verifierAgencies, ...panelAgencies])], user.id)
  if (!view) throw notFound()
  const isVerifier = verifierAgencies.length > 0
  const disputed =
    view.stage === 'PANEL'
      ? disagreements(
          view.requirements.flatMap((r) => r.items.filter((i) => i.round === 1).map((i) => ({ ...i, requirementCode: r.code }))),
          view.requirements.flatMap((r) => r.items.filter((i) => i.round === 2).map((i) => ({ ...i, requirementCode: r.code }))),
        )
      : []
  return json({
    ...view,
    canWork: isVerifier && view.canWork,
    canPanel: panelAgencies.length > 0 && view.stage === 'PANEL',
    disputed,
  })
}

/** The form's `decision.<code>`, `reason.<code>`, `note.<code>` fields as one decision per requirement. */
function itemsFrom(formData: FormData): ItemDecision[] {
  const items: ItemDecision[] = []
  for (const [key, value] of formData.entries()) {
    if (!key.startsWith('decision.') || (value !== 'MS' && value !== 'TMS')) continue
    const code = key.slice('decision.'.length)
    const reason = formData.get(`reason.${code}`)
    const note = formData.get(`note.${code}`)
    items.push({
      requirementCode: code,
      decision: value,
      reasonCode: typeof reason === 'string' && reason ? reason : null,
      note: typeof note === 'string' ? note.slice(0, 2000) : null,
    })
  }
  return items
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, verifierAgencies, panelAgencies } = await requireStaff(request)
  const applicationId = params.applicationId ?? ''
  const actor = { ...actorFrom(request, context, user), actorId: user.id }
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'panel') {
    const result = await panelDecide(applicationId, panelAgencies, itemsFrom(formData), actor)
    if (!result.ok && result.error === 'notFound') throw notFound()
    if (!result.ok) return json({ error: result.error, problems: 'detail' in result ? result.detail : [] }, { status: 400 })
    return redirect('/instansi/verifikasi?hasil=panel')
  }
  if (!verifierAgencies.length) throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  if (intent === 'claim') {
    const result = await claim(verifierAgencies, actor, { applicationId })
    if (!result.ok && result.error === 'notFound') throw notFound()
    if (!result.ok) return json({ error: result.error, problems: [] }, { status: 409 })
    return redirect(`/verifikasi/${applicationId}`)
  }
  if (intent === 'release') {
    await releaseClaim(applicationId, verifierAgencies, actor)
    return redirect('/verifikasi')
  }
  const result = await recordDecision(applicationId, verifierAgencies, itemsFrom(formData), actor)
  if (!result.ok && result.error === 'notFound') throw notFound()
  if (!result.ok) return json({ error: result.error, problems: 'detail' in result ? result.detail : [] }, { status: result.error === 'invalid' ? 400 : 409 })
  return redirect(`/verifikasi?selesai=${result.stage}`)
}

const RESULT_TONE = { MS: 'ok', TMS: 'bad' } as const

export default function VerificationCasePage() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const problems = (actionData?.problems ?? []) as { requirementCode: string; problem: string }[]
  const problemOf = (code: string) => problems.find((p) => p.requirementCode === code)?.problem
  const editable = (data.canWork && data.claim.byMe) || data.canPanel
  const education = data.application.education as { level?: string; university?: string; studyProgramCode?: string; gpa?: number; diplomaNumber?: string } | null
  const formIntent = data.canPanel ? 'panel' : 'decide'
  return (
    <>
      <PageHeader title={t('verification.case.title', { number: data.application.registrationNumber })} lead={`${data.vacancy.position.agency.name} — ${data.vacancy.position.name}, ${data.vacancy.location} (${data.vacancy.formasiType.name})`}>
        <p>
          <Badge>{t(`verification.stage.${data.stage}`)}</Badge> {data.result ? <Badge tone={RESULT_TONE[data.result]}>{data.result}</Badge> : null}
        </p>
      </PageHeader>
      {actionData?.error ? <Alert tone="error">{t(`verification.decisionErrors.${actionData.error}`)}</Alert> : null}
      {data.identity?.nikFlags.length ? (
        <Alert tone="warning" title={t('verification.case.nikFlagsTitle')}>
          <ul>
            {data.identity.nikFlags.map((f) => (
              <li key={f}>{t(`verification.nikFlags.${f.replace(/^nik\./, '')}`, { defaultValue: f })}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <Card title={t('verification.case.applicant')}>
        <dl className="summary">
          <div>
            <dt>{t('verification.case.name')}</dt>
            <dd>{data.identity?.fullName}</dd>
          </div>
          <div>
            <dt>NIK</dt>
            <dd>{data.identity?.nik}</dd>
          </div>
          <div>
            <dt>{t('verification.case.birth')}</dt>
            <dd>
              {data.identity ? `${data.identity.birthPlace}, ${formatDate(data.identity.birthDate, { locale, timeZone: 'UTC' })} (${data.identity.sex})` : ''}
            </dd>
          </div>
          <div>
            <dt>{t('verification.case.education')}</dt>
            <dd>
              {education ? `${education.level ?? ''} ${education.studyProgramCode ?? ''} — ${education.university ?? ''}, IPK ${education.gpa ?? ''}, ${education.diplomaNumber ?? ''}` : '—'}
            </dd>
          </div>
          <div>
            <dt>{t('verification.case.positionRule')}</dt>
            <dd>
              {data.vacancy.position.educationLevels.join('/')}
              {data.vacancy.position.minGpa ? `, IPK ≥ ${data.vacancy.position.minGpa}` : ''}
            </dd>
          </div>
          <div>
            <dt>{t('verification.case.finalizedAt')}</dt>
            <dd>{data.application.finalizedAt ? formatDateTime(data.application.finalizedAt, { timeZone, locale }) : ''}</dd>
          </div>
        </dl>
      </Card>

      {data.canWork && !data.claim.byMe ? (
        <Card title={t('verification.case.claimTitle')}>
          {data.claim.byOther ? (
            <Alert tone="warning">{t('verification.case.claimedByOther', { when: formatDateTime(data.claim.expiresAt!, { timeZone, locale }) })}</Alert>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="claim" />
              <Button>{t('verification.case.claim')}</Button>
            </Form>
          )}
        </Card>
      ) : null}
      {data.claim.byMe ? (
        <Alert tone="info">{t('verification.case.claimedByMe', { when: formatDateTime(data.claim.expiresAt!, { timeZone, locale }) })}</Alert>
      ) : null}
      {data.canPanel ? <Alert tone="warning">{t('verification.case.panelLead')}</Alert> : null}

      <Form method="post">
        <input type="hidden" name="intent" value={formIntent} />
        <h2>{t('verification.case.requirements')}</h2>
        {data.requirements.map((r) => {
          const problem = problemOf(r.code)
          const open = editable && (!data.canPanel || data.disputed.includes(r.code))
          return (
            <fieldset key={r.code} className="card">
              <legend>
                <strong>{r.label}</strong>
              </legend>
              <p className="hint">
                {t('verification.case.rule', { format: r.rule.format, maxKb: r.rule.maxKb })} {r.rule.required ? t('verification.case.required') : t('verification.case.optional')}
              </p>
              {r.document ? (
                <p>
                  <a href={`/verifikasi/dokumen/${r.document.id}`} target="_blank" rel="noreferrer">
                    {t('verification.case.openDocument', { label: r.label })}
                  </a>{' '}
                  ({Math.ceil(r.document.size / 1024)} KB, SHA-256 <code>{r.document.sha256.slice(0, 12)}…</code>)
                  {r.document.mime === 'image/jpeg' ? (
                    <img src={`/verifikasi/dokumen/${r.document.id}`} alt={t('verification.case.preview', { label: r.label })} style={{ display: 'block', maxWidth: '16rem', marginTop: '.5rem' }} />
                  ) : null}
                </p>
              ) : (
                <Alert tone="warning">{t('verification.case.noDocument')}</Alert>
              )}
              {r.items.length ? (
                <ul>
                  {r.items.map((i) => (
                    <li key={i.round}>
                      {t(`verification.round.${i.round}`)}: <strong>{i.decision}</strong>
                      {i.reasonCode ? ` — ${data.reasons.find((x) => x.code === i.reasonCode)?.label ?? i.reasonCode}` : ''}
                      {i.note ? ` (${i.note})` : ''}
                    </li>
                  ))}
                </ul>
              ) : null}
              {open ? (
                <>
                  <div className="field">
                    <span id={`d-${r.code}`}>{t('verification.case.decision')}</span>
                    <div role="radiogroup" aria-labelledby={`d-${r.code}`}>
                      <label>
                        <input type="radio" name={`decision.${r.code}`} value="MS" defaultChecked={!data.canPanel} /> {t('verification.case.ms')}
                      </label>{' '}
                      <label>
                        <input type="radio" name={`decision.${r.code}`} value="TMS" /> {t('verification.case.tms')}
                      </label>
                    </div>
                  </div>
                  <div className="field">
                    <label htmlFor={`reason-${r.code}`}>{t('verification.case.reason')}</label>
                    <select id={`reason-${r.code}`} name={`reason.${r.code}`} defaultValue="" aria-invalid={problem === 'reasonRequired' ? true : undefined}>
                      <option value="">{t('verification.case.reasonNone')}</option>
                      {data.reasons.map((reason) => (
                        <option key={reason.code} value={reason.code}>
                          {reason.label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`note-${r.code}`}>{t('verification.case.note')}</label>
                    <textarea id={`note-${r.code}`} name={`note.${r.code}`} rows={2} maxLength={2000} aria-invalid={problem === 'noteRequired' ? true : undefined} />
                  </div>
                  {problem ? (
                    <p className="error" role="alert">
                      {t(`verification.problems.${problem}`)}
                    </p>
                  ) : null}
                </>
              ) : null}
            </fieldset>
          )
        })}
        {editable ? <Button>{data.canPanel ? t('verification.case.panelSave') : t('verification.case.save')}</Button> : null}
      </Form>
      {data.claim.byMe ? (
        <Form method="post">
          <input type="hidden" name="intent" value="release" />
          <Button variant="secondary">{t('verification.case.release')}</Button>
        </Form>
      ) : null}
      <p>
        <Link to={data.canPanel ? '/instansi/verifikasi' : '/verifikasi'}>{t('verification.case.back')}</Link>
      </p>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Verifikasi berkas pelamar · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
