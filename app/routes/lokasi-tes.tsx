import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { applicantExam, chooseSite } from '~/models/exam-planning.server'
import { requireVerifiedApplicant } from '~/utils/applicant.server'
import { actorFrom } from '~/utils/request.server'

// The applicant's test-site choice (SSCASN "titik lokasi", issue 6): after the MS announcement and
// until the plan is locked, among the sites that have sessions of their test. Always the signed-in
// applicant's own application (no id in the URL).
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireVerifiedApplicant(request)
  const exam = await applicantExam(user.id)
  if (!exam) throw redirect('/lamaran')
  return json({
    isMs: exam.isMs,
    locked: exam.locked,
    test: exam.blueprintCode,
    preference: exam.preference,
    sites: exam.sites,
    seated: Boolean(exam.seat),
  })
}

const Schema = z.object({ siteId: z.string().min(1, 'examPlanning.choose.required') })

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireVerifiedApplicant(request)
  const parsed = Schema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return json({ ok: false as const, error: 'required' }, { status: 400 })
  const result = await chooseSite(user.id, parsed.data.siteId, actorFrom(request, context, user))
  return json(result, { status: result.ok ? 200 : 400 })
}

export default function SiteChoicePage() {
  const { t } = useTranslation()
  const { isMs, locked, test, preference, sites, seated } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <PageHeader title={t('examPlanning.choose.title')} lead={t('examPlanning.choose.lead', { test: t(`examPlanning.tests.${test}`) })}>
        <p>
          <Link to="/dasbor">{t('examPlanning.choose.back')}</Link>
        </p>
      </PageHeader>
      {data?.ok ? <Alert tone="success">{t('examPlanning.choose.saved')}</Alert> : null}
      {data && !data.ok ? <Alert tone="error">{t(`examPlanning.choose.errors.${data.error}`)}</Alert> : null}
      {preference ? (
        <p data-testid="chosen-site">
          {t('examPlanning.choose.current')} <strong>{`${preference.name}, ${preference.city}`}</strong>
        </p>
      ) : null}
      {!isMs ? (
        <Alert tone="info">{t('examPlanning.choose.notMs')}</Alert>
      ) : locked ? (
        <Alert tone="info">{seated ? t('examPlanning.choose.lockedSeated') : t('examPlanning.choose.locked')}</Alert>
      ) : sites.length === 0 ? (
        <Alert tone="info">{t('examPlanning.choose.noSites')}</Alert>
      ) : (
        <Form method="post" className="card">
          <fieldset>
            <legend>{t('examPlanning.choose.legend')}</legend>
            <p className="hint">{t('examPlanning.choose.hint')}</p>
            {sites.map((s) => (
              <div className="field checkbox" key={s.id}>
                <input type="radio" id={`site-${s.id}`} name="siteId" value={s.id} defaultChecked={preference?.id === s.id} required />
                <label htmlFor={`site-${s.id}`}>
                  {s.name}, {s.city} ({t(`examPlanning.zones.${s.timeZone.replace('/', '_')}`)})
                </label>
              </div>
            ))}
          </fieldset>
          <Button type="submit" disabled={busy}>
            {t('examPlanning.choose.submit')}
          </Button>
        </Form>
      )}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Titik lokasi tes — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
