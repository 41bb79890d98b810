import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { createBatch, listPanelPositions } from '~/models/assessment.server'
import { listPeriods } from '~/models/selection.server'
import { requirePanel } from '~/utils/assessment-panel.server'
import { actorFrom } from '~/utils/request.server'

/** The panel's start page: positions with additional SKB tests, their configuration and batches. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePanel(request)
  const periods = (await listPeriods()).map((p) => ({ id: p.id, name: p.name, isDemo: p.isDemo }))
  const asked = new URL(request.url).searchParams.get('periode')
  const periodId = periods.find((p) => p.id === asked)?.id ?? periods.find((p) => p.isDemo)?.id ?? periods[0]?.id ?? null
  const positions = periodId ? await listPanelPositions(scope, periodId) : []
  return json({ periods, periodId, positions })
}

const CreateSchema = z.object({
  positionId: z.string().min(1).max(64),
  testType: z.string().min(1).max(40),
  registrationNumbers: z.string().max(20_000).optional(),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope } = await requirePanel(request)
  const parsed = CreateSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) throw new Response('Bad request', { status: 400 })
  const numbers = (parsed.data.registrationNumbers ?? '').split(/[\s,;]+/).map((n) => n.trim()).filter(Boolean)
  const result = await createBatch({ ...parsed.data, registrationNumbers: numbers }, scope, { ...actorFrom(request, context, user), actorId: user.id })
  if (!result) throw new Response('Not found', { status: 404 })
  if (!result.ok) return json({ error: result.error, params: result.params ?? {}, positionId: parsed.data.positionId }, { status: 409 })
  return redirect(`/instansi/asesmen/${result.batchId}?hasil=dibuat`)
}

export default function PanelHome() {
  const { t } = useTranslation()
  const { periods, periodId, positions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const withTests = positions.filter((p) => p.skbTests.length)
  return (
    <>
      <PageHeader title={t('assessment.panel.title')} lead={t('assessment.panel.intro')} />
      {periods.length > 1 ? (
        <Form method="get" className="grid">
          <SelectField label={t('assessment.panel.period')} name="periode" options={periods.map((p) => ({ value: p.id, label: p.name }))} defaultValue={periodId ?? undefined} />
          <p>
            <Button variant="secondary">{t('assessment.panel.show')}</Button>
          </p>
        </Form>
      ) : null}
      {actionData?.error ? <Alert tone="error">{t(actionData.error, actionData.params)}</Alert> : null}
      <Card title={t('assessment.panel.positions')}>
        {positions.length ? (
          <div className="table-wrap" tabIndex={0}>
            <table aria-label={t('assessment.panel.positions')}>
              <thead>
                <tr>
                  <th scope="col">{t('assessment.panel.position')}</th>
                  <th scope="col">{t('assessment.panel.weights')}</th>
                  <th scope="col">{t('assessment.panel.batches')}</th>
                </tr>
              </thead>
              <tbody>
                {positions.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <strong>{p.name}</strong> <span className="hint">({p.code} · {p.agency.name})</span>
                      <br />
                      <Link to={`/instansi/asesmen/jabatan/${p.id}`} aria-label={t('assessment.panel.configureFor', { name: p.name, code: p.code })}>
                        {t('assessment.panel.configure')}
                      </Link>
                    </td>
                    <td>
                      CAT {p.catWeight} %
                      {p.skbTests.map((s) => (
                        <span key={s.type}>
                          {' · '}
                          {t(`assessment.types.${s.type}`)} {s.weight} %{s.eliminating ? ` (${t('assessment.eliminating')})` : ''}
                        </span>
                      ))}
                    </td>
                    <td>
                      <ul className="stack">
                        {p.skbTests.map((s) => {
                          const batch = p.batches.find((b) => b.testType === s.type)
                          return (
                            <li key={s.type}>
                              {batch ? (
                                <Link to={`/instansi/asesmen/${batch.id}`}>
                                  {t(`assessment.types.${s.type}`)} — {t('assessment.panel.candidates', { count: batch._count.candidates })}
                                </Link>
                              ) : (
                                <Form method="post">
                                  <input type="hidden" name="positionId" value={p.id} />
                                  <input type="hidden" name="testType" value={s.type} />
                                  <details>
                                    <summary>{t('assessment.panel.explicitList')}</summary>
                                    <label htmlFor={`reg-${p.id}-${s.type}`}>{t('assessment.panel.registrationNumbers')}</label>
                                    <textarea id={`reg-${p.id}-${s.type}`} name="registrationNumbers" rows={2} />
                                  </details>
                                  <Button variant="secondary" disabled={busy} aria-label={t('assessment.panel.createBatchFor', { test: t(`assessment.types.${s.type}`), name: p.name })}>
                                    {t('assessment.panel.createBatch', { test: t(`assessment.types.${s.type}`) })}
                                  </Button>
                                </Form>
                              )}
                            </li>
                          )
                        })}
                        {!p.skbTests.length ? <li>{t('assessment.panel.catOnly')}</li> : null}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Alert tone="info">{t('assessment.panel.noPositions')}</Alert>
        )}
        {positions.length && !withTests.length ? <p className="hint">{t('assessment.panel.noTests')}</p> : null}
      </Card>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Penilaian SKB tambahan · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
