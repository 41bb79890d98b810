import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ShortTestSummary } from '~/components/internship-short-test'
import { agencyOpeningTitle, bankInventory, saveShortTest, shortTestFor } from '~/models/internship-test.server'
import { INTERNSHIP_DEFAULT_PARTS } from '~/domain/exam/blueprints'
import { isSubtestCode, type SubtestCode } from '~/domain/exam/items'
import {
  SHORT_TEST_MAX_ITEMS,
  SHORT_TEST_MAX_MINUTES,
  SHORT_TEST_MAX_WINDOW_DAYS,
  SHORT_TEST_MIN_ITEMS_PER_PART,
  SHORT_TEST_MIN_MINUTES,
  type ShortTestProblem,
} from '~/domain/internship/short-test'
import { addWibDays, toWib, wibOpening } from '~/domain/selection/schedule'
import { actorFrom } from '~/utils/request.server'
import { notFound, requireAgencyInternship } from '~/utils/internship-route.server'

// The agency's short online test of one opening (issue 9, ADR 019 addendum): subtests and item
// counts from the question bank, a duration and a window in WIB. Saved as an online CAT session.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { agencyIds } = await requireAgencyInternship(request)
  const opening = await agencyOpeningTitle(params.openingId ?? '', agencyIds)
  if (!opening) notFound()
  const [test, bank] = await Promise.all([shortTestFor(opening.id), bankInventory()])
  // Defaults for a new test: the demo blueprint, tomorrow 08:00 to the day after 23:59 WIB.
  const tomorrow = toWib(addWibDays(new Date(), 1)).date
  const dayAfter = toWib(addWibDays(new Date(), 2)).date
  const local = (iso: string) => {
    const w = toWib(new Date(iso))
    return `${w.date}T${w.time}`
  }
  const counts = Object.fromEntries((test?.parts ?? INTERNSHIP_DEFAULT_PARTS).map((p) => [p.code, p.count]))
  return json({
    opening,
    test,
    subtests: Object.keys(bank)
      .filter(isSubtestCode)
      .sort()
      .map((code) => ({ code, count: counts[code] ?? 0, bank: { easy: bank[code]?.[1] ?? 0, medium: bank[code]?.[2] ?? 0, hard: bank[code]?.[3] ?? 0 } })),
    defaults: {
      durationMinutes: test?.durationMinutes ?? 30,
      opensAt: test ? local(test.opensAt) : `${tomorrow}T08:00`,
      closesAt: test ? local(test.closesAt) : `${dayAfter}T23:59`,
    },
  })
}

const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
const ShortTestForm = z.object({
  durationMinutes: z.coerce.number().int(),
  opensAt: LocalDateTime,
  closesAt: LocalDateTime,
})

/** A `datetime-local` value read as WIB wall-clock time. */
function wib(value: string) {
  const [date, time] = value.split('T')
  return wibOpening(date ?? '', time ?? '')
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, agencyIds } = await requireAgencyInternship(request)
  const form = await request.formData()
  const parsed = ShortTestForm.safeParse(Object.fromEntries(form))
  const opensAt = parsed.success ? wib(parsed.data.opensAt) : null
  const closesAt = parsed.success ? wib(parsed.data.closesAt) : null
  if (!parsed.success || !opensAt || !closesAt) return json({ ok: false as const, problems: [] as ShortTestProblem[], dateError: true }, { status: 400 })
  // One number field per subtest: `part.TIU = 20`; empty means 0.
  const parts = [...form.entries()]
    .filter(([name]) => name.startsWith('part.'))
    .map(([name, value]) => ({ code: name.slice(5) as SubtestCode, count: Number(String(value).trim() || '0') }))
    .map((p) => ({ ...p, count: Number.isFinite(p.count) ? p.count : -1 }))
  const result = await saveShortTest(
    { openingId: params.openingId ?? '', agencyIds, parts, durationMinutes: parsed.data.durationMinutes, opensAt, closesAt },
    actorFrom(request, context, user),
  )
  if (!result.ok && result.error === 'notFound') notFound()
  if (!result.ok) return json({ ok: false as const, problems: result.error === 'invalid' ? result.problems : [], locked: result.error === 'locked', dateError: false }, { status: 400 })
  return redirect(`/instansi/magang/${params.openingId}/tes?pesan=saved`)
}

export default function ShortTestPage() {
  const { t } = useTranslation()
  const { opening, test, subtests, defaults } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const limits = { min: SHORT_TEST_MIN_ITEMS_PER_PART, max: SHORT_TEST_MAX_ITEMS }
  const problemText = (p: ShortTestProblem) =>
    t(`internshipTest.errors.${p.error}`, {
      ...limits,
      ...('subtest' in p ? { subtest: p.subtest } : {}),
      ...(p.error === 'bank' ? { difficulty: t(`internshipTest.difficulty.${p.difficulty}`), needed: p.needed, available: p.available } : {}),
      ...(p.error === 'range' ? { min: SHORT_TEST_MIN_MINUTES, max: SHORT_TEST_MAX_MINUTES } : {}),
      days: SHORT_TEST_MAX_WINDOW_DAYS,
    })
  const problems = data && !data.ok ? data.problems : []
  const of = (field: ShortTestProblem['field']) => problems.filter((p) => p.field === field).map(problemText)
  return (
    <div className="narrow">
      <PageHeader title={t('internshipTest.title')} lead={opening.title} />
      <p>{t('internshipTest.lead')}</p>
      {params.get('pesan') === 'saved' && !data ? <Alert tone="success">{t('internshipTest.saved')}</Alert> : null}
      {data && !data.ok && 'locked' in data && data.locked ? <Alert tone="error">{t('internshipTest.locked')}</Alert> : null}
      {data && !data.ok && data.dateError ? <Alert tone="error">{t('internshipTest.errors.date')}</Alert> : null}
      {problems.length > 0 ? (
        <Alert tone="error">
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{problemText(p)}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {test ? (
        <p>
          <strong>{t(`internshipTest.window.${test.window}`)}</strong> · <ShortTestSummary test={test} />
          {test.attempts > 0 ? ` · ${t('internshipTest.attempts', { count: test.attempts })}` : ''}
        </p>
      ) : (
        <p>{t('internshipTest.none')}</p>
      )}
      {test && !test.editable ? (
        <Alert tone="info">{t('internshipTest.locked')}</Alert>
      ) : (
        <Form method="post">
          <fieldset>
            <legend>{t('internshipTest.parts')}</legend>
            <p className="hint">{t('internshipTest.partsHint', limits)}</p>
            {subtests.map((s) => (
              <Field
                key={s.code}
                label={t('internshipTest.partLabel', { code: s.code })}
                name={`part.${s.code}`}
                inputMode="numeric"
                defaultValue={String(s.count)}
                hint={t('internshipTest.bankHint', s.bank)}
              />
            ))}
          </fieldset>
          <Field
            label={t('internshipTest.duration', { min: SHORT_TEST_MIN_MINUTES, max: SHORT_TEST_MAX_MINUTES })}
            name="durationMinutes"
            inputMode="numeric"
            defaultValue={String(defaults.durationMinutes)}
            errors={of('durationMinutes')}
            required
          />
          <p className="hint">{t('internshipTest.windowHint')}</p>
          <Field label={t('internshipTest.opensAt')} name="opensAt" type="datetime-local" defaultValue={defaults.opensAt} required />
          <Field label={t('internshipTest.closesAt')} name="closesAt" type="datetime-local" defaultValue={defaults.closesAt} errors={of('closesAt')} required />
          <Button>{t('internshipTest.save')}</Button>
        </Form>
      )}
      <p>
        <Link to={`/instansi/magang/${opening.id}`}>{t('internshipTest.back')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Tes singkat magang · Instansi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
