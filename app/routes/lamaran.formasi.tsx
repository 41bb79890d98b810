import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { parseWithZod } from '@conform-to/zod/v4'
import { Alert, Button, Card, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ApplicationSteps, FormErrors } from '~/components/application-steps'
import { errorKey, useErrorText } from '~/components/registration-steps'
import type { EligibilityProblem } from '~/domain/application/eligibility'
import { chooseVacancy, eligibilityFor, formasiOptions, getVacancyChoice, type VacancyChoice } from '~/models/application.server'
import { refusal, requireApplication } from '~/utils/application-route.server'
import { actorFrom } from '~/utils/request.server'

// Step 2 (domain.md §1 B2–B3): selection type fixed by the period; agency → formasi type →
// position/location as chained GET forms (they work without JavaScript). A vacancy is chosen from
// its own view, which explains any eligibility problem before the applicant chooses. A different
// existing choice is never replaced without the explicit "Ganti pilihan" confirmation.
export async function loader({ request }: LoaderFunctionArgs) {
  const { identity, application, steps, vacancy: current } = await requireApplication(request)
  const url = new URL(request.url)
  const proposedId = url.searchParams.get('formasi')
  const ctx = {
    selectionKind: application.selectionKind,
    birthDate: identity.birthDate,
    periodId: application.periodId,
    education: application.education,
    workHistory: application.workHistory,
  }
  const proposed = proposedId ? await getVacancyChoice(proposedId, application.periodId) : null
  const problems = proposed ? await eligibilityFor(proposed, ctx, { complete: false }) : []
  const options = proposedId
    ? null
    : await formasiOptions(application.periodId, url.searchParams.get('instansi'), url.searchParams.get('jenis'))
  return json({
    kind: application.selectionKind,
    locked: application.status !== 'DRAFT',
    steps,
    current: current ? view(current) : null,
    proposedId,
    proposed: proposed ? view(proposed) : null,
    problems: problems.map(problemKey),
    options: options && {
      agencies: options.agencies.map((a) => ({ value: a.id, label: a.name })),
      agencyId: options.agency?.id ?? '',
      formasiTypes: options.formasiTypes.map((f) => ({ value: f.code, label: f.name })),
      formasiTypeCode: options.formasiType?.code ?? '',
      vacancies: options.vacancies.map(view),
    },
  })
}

function view(v: VacancyChoice) {
  return {
    id: v.id,
    agency: v.position.agency.name,
    position: v.position.name,
    unit: v.position.unit,
    location: v.location,
    formasiType: v.formasiType.name,
    count: v.count,
    educationLevels: v.position.educationLevels,
    minGpa: v.position.minGpa === null ? null : Number(v.position.minGpa),
    documents: v.position.documents.map((d) => `${d.label} (${d.format}, ${d.maxKb} KB)`),
  }
}

function problemKey(p: EligibilityProblem) {
  const { rule, ...values } = p
  const flat = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]))
  return errorKey(`application.eligibility.${rule}`, Object.keys(flat).length ? flat : undefined)
}

const ChooseSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('choose'), vacancyId: z.string().min(1) }),
  z.object({
    intent: z.literal('replace'),
    vacancyId: z.string().min(1),
    confirm: z.literal('on', { error: 'application.errors.replaceConfirm' }),
  }),
])

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, identity, application } = await requireApplication(request)
  const submission = parseWithZod(await request.formData(), { schema: ChooseSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const result = await chooseVacancy(
    {
      applicationId: application.id,
      userId: user.id,
      vacancyId: submission.value.vacancyId,
      replace: submission.value.intent === 'replace',
      birthDate: identity.birthDate,
    },
    actorFrom(request, context, user),
  )
  if (!result.ok) {
    if (result.error === 'ineligible') return refusal('ineligible', ['application.errors.ineligible', ...result.detail.map(problemKey)])
    return refusal(result.error)
  }
  return redirect(application.education ? '/lamaran/dokumen' : '/lamaran/pendidikan')
}

type View = ReturnType<typeof view>

function VacancySummary({ v }: { v: View }) {
  const { t } = useTranslation()
  return (
    <dl className="summary">
      <div>
        <dt>{t('application.formasi.agency')}</dt>
        <dd>{v.agency}</dd>
      </div>
      <div>
        <dt>{t('application.formasi.vacancy')}</dt>
        <dd>
          {v.position} — {v.unit}, {v.location}
        </dd>
      </div>
      <div>
        <dt>{t('application.formasi.formasiType')}</dt>
        <dd>{v.formasiType}</dd>
      </div>
      <div>
        <dt>{t('application.formasi.count')}</dt>
        <dd>{v.count}</dd>
      </div>
      <div>
        <dt>{t('application.formasi.levels')}</dt>
        <dd>{v.educationLevels.join(', ')}</dd>
      </div>
      {v.minGpa !== null ? (
        <div>
          <dt>{t('application.formasi.minGpa')}</dt>
          <dd>{v.minGpa.toFixed(2)}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('application.formasi.documents')}</dt>
        <dd>{v.documents.join('; ')}</dd>
      </div>
    </dl>
  )
}

export default function FormasiPage() {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const formErrors = actionData?.result && 'error' in actionData.result ? ((actionData.result.error as Record<string, string[]> | undefined)?.[''] ?? null) : null
  const fieldErrors = actionData?.result && 'error' in actionData.result ? (actionData.result.error as Record<string, string[]> | undefined)?.confirm : undefined
  const replacing = data.proposed && data.current && data.current.id !== data.proposed.id
  return (
    <>
      <PageHeader title={t('application.formasi.title')} lead={t('application.formasi.lead', { kind: data.kind })} />
      <ApplicationSteps steps={data.steps} current="formasi" workHistoryOptional={data.kind === 'CPNS'} />
      {data.locked ? <Alert tone="info">{t('application.locked')}</Alert> : null}
      <FormErrors errors={formErrors} render={errorText} />

      {data.proposed && replacing ? (
        <>
          <Alert tone="warning" title={t('application.formasi.replaceTitle')}>
            {t('application.formasi.replaceLead')}
          </Alert>
          <div>
            <Card title={t('application.formasi.current')}>
              <VacancySummary v={data.current!} />
            </Card>
            <Card title={t('application.formasi.proposed')}>
              <VacancySummary v={data.proposed} />
            </Card>
          </div>
          <Problems problems={data.problems} render={errorText} />
          {!data.locked && data.problems.length === 0 ? (
            <Form method="post">
              <input type="hidden" name="vacancyId" value={data.proposed.id} />
              <div className="field checkbox">
                <input type="checkbox" id="confirm-replace" name="confirm" aria-invalid={fieldErrors ? true : undefined} />
                <label htmlFor="confirm-replace">{t('application.formasi.replaceConfirm')}</label>
                {fieldErrors ? <p className="error">{fieldErrors.map(errorText).join(' ')}</p> : null}
              </div>
              <Button name="intent" value="replace" variant="danger">
                {t('application.formasi.replace')}
              </Button>
            </Form>
          ) : null}
          <p>
            <Link to="/lamaran">{t('application.formasi.keep')}</Link>
          </p>
        </>
      ) : data.proposed ? (
        <>
          <Card title={data.proposed.position}>
            <VacancySummary v={data.proposed} />
          </Card>
          <Problems problems={data.problems} render={errorText} />
          {!data.locked && data.problems.length === 0 && data.current?.id !== data.proposed.id ? (
            <Form method="post">
              <input type="hidden" name="vacancyId" value={data.proposed.id} />
              <Button name="intent" value="choose">
                {t('application.formasi.choose')}
              </Button>
            </Form>
          ) : null}
          <p>
            <Link to="/lamaran/formasi">{t('application.formasi.title')}</Link>
          </p>
        </>
      ) : data.proposedId ? (
        <Alert tone="error">{t('application.errors.vacancyNotFound')}</Alert>
      ) : (
        <>
          {data.current ? (
            <Card title={t('application.formasi.current')}>
              <VacancySummary v={data.current} />
            </Card>
          ) : null}
          {data.options && !data.locked ? (
            <>
              <Form method="get">
                <SelectField
                  label={t('application.formasi.agency')}
                  name="instansi"
                  defaultValue={data.options.agencyId}
                  options={[{ value: '', label: t('application.biodata.choose') }, ...data.options.agencies]}
                  required
                />
                {data.options.agencyId ? (
                  <SelectField
                    label={t('application.formasi.formasiType')}
                    name="jenis"
                    defaultValue={data.options.formasiTypeCode}
                    options={[{ value: '', label: t('application.biodata.choose') }, ...data.options.formasiTypes]}
                  />
                ) : null}
                <Button variant="secondary">{t('application.formasi.next')}</Button>
              </Form>
              {data.options.formasiTypeCode ? (
                data.options.vacancies.length ? (
                  <div className="table-wrap">
                    <table>
                      <caption>{t('application.formasi.vacancy')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('application.formasi.vacancy')}</th>
                          <th scope="col">{t('application.formasi.levels')}</th>
                          <th scope="col">{t('application.formasi.count')}</th>
                          <th scope="col">
                            <span className="visually-hidden">{t('application.dashboard.open')}</span>
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.options.vacancies.map((v) => (
                          <tr key={v.id}>
                            <td>
                              {v.position} — {v.unit}, {v.location}
                            </td>
                            <td>{v.educationLevels.join(', ')}</td>
                            <td>{v.count}</td>
                            <td>
                              <Link to={`?formasi=${v.id}`} aria-label={`${t('application.dashboard.open')}: ${v.position}, ${v.location}`}>
                                {t('application.dashboard.open')}
                              </Link>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : (
                  <p>{t('application.formasi.noVacancies')}</p>
                )
              ) : null}
            </>
          ) : null}
        </>
      )}
      <p>
        <Link to="/lamaran">{t('application.back')}</Link>
      </p>
    </>
  )
}

function Problems({ problems, render }: { problems: string[]; render: (key: string) => string }) {
  const { t } = useTranslation()
  if (!problems.length) return null
  return (
    <Alert tone="error" title={t('application.formasi.problemsTitle')}>
      <ul>
        {problems.map((p) => (
          <li key={p}>{render(p)}</li>
        ))}
      </ul>
    </Alert>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pilih formasi · Lamaran · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
