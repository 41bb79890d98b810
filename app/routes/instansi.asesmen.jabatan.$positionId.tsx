import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, Card, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FINAL_SCORE_RULES, isFinalScoreRule } from '~/domain/assessment/final-score'
import { parseRubricText, rubricToText, defaultRubric } from '~/domain/assessment/rubric'
import { SKB_TEST_TYPES, type SkbWeightViolation } from '~/domain/assessment/skb-weights'
import { getPositionConfig, savePositionConfig, type PositionConfigInput } from '~/models/assessment.server'
import { requirePanel } from '~/utils/assessment-panel.server'
import { actorFrom } from '~/utils/request.server'

const notFound = () => new Response('Not found', { status: 404, statusText: 'Not Found' })

/** A position's additional tests: weights checked against the period's rules, rubric, panel size, final-score rule. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePanel(request)
  const config = await getPositionConfig(params.positionId ?? '', scope)
  if (!config) throw notFound()
  return json({ ...config, saved: new URL(request.url).searchParams.get('hasil') === 'disimpan' })
}

/** Rows of the form are `t<i>_<field>`; a row without a type is ignored (how a test is removed). */
function inputFrom(form: FormData): { input: PositionConfigInput } | { errors: string[] } {
  const int = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? NaN : Number(String(v).trim()))
  const errors: string[] = []
  const tests: PositionConfigInput['tests'] = []
  for (let i = 0; form.has(`t${i}_type`); i++) {
    const type = String(form.get(`t${i}_type`) ?? '')
    if (!type) continue
    const rubric = parseRubricText(String(form.get(`t${i}_rubric`) ?? ''))
    if (!rubric.ok) errors.push(`assessment.config.errors.rubric|${type}|${rubric.line}`)
    const passRaw = String(form.get(`t${i}_passScore`) ?? '').trim()
    const rule = String(form.get(`t${i}_rule`) ?? '')
    const test = {
      type,
      weight: int(form.get(`t${i}_weight`)),
      eliminating: form.get(`t${i}_eliminating`) === 'on',
      passScore: passRaw === '' ? null : Number(passRaw),
      rubric: rubric.ok ? rubric.rubric : [],
      assessorsPerCandidate: int(form.get(`t${i}_assessors`)),
      gapThreshold: int(form.get(`t${i}_gap`)),
      finalScoreRule: isFinalScoreRule(rule) ? rule : ('MEAN_CLOSEST_TWO' as const),
    }
    if (!Number.isInteger(test.assessorsPerCandidate) || test.assessorsPerCandidate < 1 || test.assessorsPerCandidate > 5) errors.push(`assessment.config.errors.assessors|${type}`)
    if (!Number.isInteger(test.gapThreshold) || test.gapThreshold < 0 || test.gapThreshold > 100) errors.push(`assessment.config.errors.gap|${type}`)
    if (test.passScore !== null && (!Number.isInteger(test.passScore) || test.passScore < 0 || test.passScore > 100)) errors.push(`assessment.config.errors.passScore|${type}`)
    if (test.eliminating && test.passScore === null) errors.push(`assessment.config.errors.passScoreRequired|${type}`)
    tests.push(test)
  }
  if (errors.length) return { errors }
  return { input: { catWeight: int(form.get('catWeight')), highlyTechnical: form.get('highlyTechnical') === 'on', tests } }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope } = await requirePanel(request)
  const parsed = inputFrom(await request.formData())
  if ('errors' in parsed) return json({ errors: parsed.errors, violations: [] as SkbWeightViolation[] }, { status: 400 })
  const result = await savePositionConfig(params.positionId ?? '', scope, parsed.input, { ...actorFrom(request, context, user), actorId: user.id })
  if (!result) throw notFound()
  if (!result.ok) {
    return 'violations' in result
      ? json({ errors: [] as string[], violations: result.violations }, { status: 400 })
      : json({ errors: [result.error], violations: [] as SkbWeightViolation[] }, { status: 409 })
  }
  return redirect(`/instansi/asesmen/jabatan/${params.positionId}?hasil=disimpan`)
}

export default function PositionConfig() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const { position, limits } = data
  const l = position.agency.kind === 'CENTRAL' ? limits.central : limits.regional
  // Existing tests, then one empty row to add a test.
  const rows = [...data.tests, null]
  const typeLabel = (type: string) => (type === 'CAT' ? 'CAT' : t(`assessment.types.${type}`))
  return (
    <>
      <PageHeader title={t('assessment.config.title', { name: position.name })} lead={`${position.code} · ${position.agency.name}`} />
      <p>
        <Link to="/instansi/asesmen">{t('assessment.panel.back')}</Link>
      </p>
      {data.saved ? <Alert tone="success">{t('assessment.config.saved')}</Alert> : null}
      {actionData?.violations?.length ? (
        <Alert tone="error" title={t('assessment.config.refused')}>
          <ul>
            {actionData.violations.map((v, i) => (
              <li key={i}>{t(`assessment.violations.${v.rule}`, { limit: v.limit, actual: v.actual, type: v.type ? typeLabel(v.type) : '' })}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {actionData?.errors?.length ? (
        <Alert tone="error" title={t('assessment.config.refused')}>
          <ul>
            {actionData.errors.map((e, i) => {
              const [key, type, line] = e.split('|')
              return <li key={i}>{t(key!, { type: type ? typeLabel(type) : '', line })}</li>
            })}
          </ul>
        </Alert>
      ) : null}
      <Card title={t('assessment.config.rules')}>
        <p>{t(position.agency.kind === 'CENTRAL' ? 'assessment.config.rulesCentral' : 'assessment.config.rulesRegional', { ...limits.central, ...l })}</p>
      </Card>
      <Form method="post" noValidate>
        <Card title={t('assessment.config.weights')}>
          <Field label={t('assessment.config.catWeight')} name="catWeight" type="number" defaultValue={String(position.catWeight)} inputMode="numeric" required />
          <div className="field">
            <label>
              <input type="checkbox" name="highlyTechnical" defaultChecked={data.highlyTechnical} /> {t('assessment.config.highlyTechnical')}
            </label>
            <p className="hint">{t('assessment.config.highlyTechnicalHint')}</p>
          </div>
        </Card>
        {rows.map((test, i) => (
          <fieldset key={test?.type ?? 'new'} className="card">
            <legend>{test ? typeLabel(test.type) : t('assessment.config.addTest')}</legend>
            <div className="field">
              <label htmlFor={`t${i}_type`}>{t('assessment.config.type')}</label>
              <select id={`t${i}_type`} name={`t${i}_type`} defaultValue={test?.type ?? ''}>
                <option value="">{test ? t('assessment.config.remove') : t('assessment.config.none')}</option>
                {SKB_TEST_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {typeLabel(type)}
                  </option>
                ))}
              </select>
            </div>
            <Field label={t('assessment.config.weight')} name={`t${i}_weight`} type="number" defaultValue={test ? String(test.weight) : ''} inputMode="numeric" />
            <div className="field">
              <label>
                <input type="checkbox" name={`t${i}_eliminating`} defaultChecked={test?.eliminating ?? false} /> {t('assessment.config.eliminating')}
              </label>
            </div>
            <Field label={t('assessment.config.passScore')} name={`t${i}_passScore`} type="number" defaultValue={test?.passScore !== null && test?.passScore !== undefined ? String(test.passScore) : ''} inputMode="numeric" />
            <Field label={t('assessment.config.assessors')} name={`t${i}_assessors`} type="number" defaultValue={String(test?.assessorsPerCandidate ?? 2)} inputMode="numeric" />
            <Field label={t('assessment.config.gap')} name={`t${i}_gap`} type="number" defaultValue={String(test?.gapThreshold ?? 15)} inputMode="numeric" />
            <div className="field">
              <label htmlFor={`t${i}_rule`}>{t('assessment.config.rule')}</label>
              <select id={`t${i}_rule`} name={`t${i}_rule`} defaultValue={test?.finalScoreRule ?? 'MEAN_CLOSEST_TWO'}>
                {FINAL_SCORE_RULES.map((r) => (
                  <option key={r} value={r}>
                    {t(`assessment.ruleNames.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`t${i}_rubric`}>{t('assessment.config.rubric')}</label>
              <p className="hint" id={`t${i}_rubric-hint`}>
                {t('assessment.config.rubricHint')}
              </p>
              <textarea
                id={`t${i}_rubric`}
                name={`t${i}_rubric`}
                rows={5}
                aria-describedby={`t${i}_rubric-hint`}
                defaultValue={test ? rubricToText(test.rubric) : rubricToText(defaultRubric('LAINNYA'))}
              />
            </div>
          </fieldset>
        ))}
        <Button disabled={busy}>{t('assessment.config.save')}</Button>
      </Form>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pengaturan SKB tambahan · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
