import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { agencyOpenings, createOpening } from '~/models/internship.server'
import { actorFrom } from '~/utils/request.server'
import { parseDecimal, requireAgencyInternship } from '~/utils/internship-route.server'
import { formatDate } from '~/utils/time'
import { MAX_DURATION_MONTHS, MIN_DURATION_MONTHS } from '~/domain/internship/eligibility'

// The agency's internship openings (issue 9): publish an opening (unit, places, 3–6 months,
// onsite/hybrid, stipend, study programmes, minimum semester and GPA) and see its applicants.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, agencyIds } = await requireAgencyInternship(request)
  const agencies = user.grants.filter((g) => g.agencyId && agencyIds.includes(g.agencyId)).map((g) => ({ value: g.agencyId!, label: g.agencyName ?? '' }))
  return json({ openings: await agencyOpenings(agencyIds), agencies })
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'internship.errors.invalid').transform((d) => new Date(`${d}T00:00:00Z`))
const Schema = z.object({
  agencyId: z.string().min(1),
  title: z.string().trim().min(3, 'errors.required').max(200),
  unit: z.string().trim().min(2, 'errors.required').max(200),
  description: z.string().trim().min(10, 'errors.required').max(3000),
  places: z.coerce.number().int().min(1, 'internship.errors.invalid').max(1000, 'internship.errors.invalid'),
  durationMonths: z.coerce.number().int().min(MIN_DURATION_MONTHS, 'internship.errors.duration').max(MAX_DURATION_MONTHS, 'internship.errors.duration'),
  mode: z.enum(['ONSITE', 'HYBRID']),
  stipendMonthly: z.coerce.number().int().min(0, 'internship.errors.invalid').max(100_000_000, 'internship.errors.invalid'),
  minSemester: z.number().int().min(1).max(14).nullable(),
  minGpa: z.number().min(0, 'internship.errors.invalid').max(4, 'internship.errors.invalid').nullable(),
  studyProgramCodes: z.array(z.string().regex(/^[A-Z0-9-]{2,40}$/, 'internship.errors.unknownStudyProgram')).max(50),
  closesAt: day,
  startsAt: day,
})

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, agencyIds } = await requireAgencyInternship(request)
  const form = await request.formData()
  const raw = Object.fromEntries(form)
  const minSemester = parseDecimal(form.get('minSemester'))
  const parsed = Schema.safeParse({
    ...raw,
    minSemester,
    minGpa: parseDecimal(form.get('minGpa')),
    studyProgramCodes: String(raw.studyProgramCodes ?? '').split(/[,\s]+/).map((c) => c.trim().toUpperCase()).filter(Boolean),
  })
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {}
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message.includes('.') ? issue.message : 'internship.errors.invalid')
    return json({ fieldErrors, formError: null as string | null }, { status: 400 })
  }
  const { agencyId, ...input } = parsed.data
  if (!agencyIds.includes(agencyId)) throw new Response('Forbidden', { status: 403 })
  // Applications close at the end of the closing day, WIB.
  const closesAt = new Date(input.closesAt.getTime() + 24 * 3_600_000 - 7 * 3_600_000 - 1000)
  const result = await createOpening(agencyId, { ...input, closesAt }, actorFrom(request, context, user))
  if (!result.ok) return json({ fieldErrors: {} as Record<string, string[]>, formError: `internship.errors.${result.error}` }, { status: 400 })
  return redirect(`/instansi/magang/${result.id}?pesan=created`)
}

export default function AgencyOpeningsPage() {
  const { t } = useTranslation()
  const { openings, agencies } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const err = (name: string) => data?.fieldErrors[name]?.map((m) => t(m))
  return (
    <div>
      <PageHeader title={t('internship.agency.title')} />
      {params.get('pesan') === 'created' ? <Alert tone="success">{t('internship.agency.created')}</Alert> : null}
      {openings.length === 0 ? <p>{t('internship.agency.none')}</p> : (
        <table aria-label={t('internship.agency.title')}>
          <thead>
            <tr><th scope="col">{t('internship.agency.titleField')}</th><th scope="col">{t('internship.opening.agency')}</th><th scope="col">{t('internship.opening.places')}</th><th scope="col">{t('internship.agency.applicants')}</th><th scope="col">{t('internship.agency.accepted')}</th><th scope="col">{t('internship.opening.closesAt')}</th><th scope="col">{t('internship.campus.status')}</th></tr>
          </thead>
          <tbody>
            {openings.map((o) => (
              <tr key={o.id}>
                <th scope="row"><Link to={`/instansi/magang/${o.id}`}>{o.title}</Link></th>
                <td>{o.agency}</td>
                <td>{o.places}</td>
                <td>{o.visible}</td>
                <td>{o.accepted}</td>
                <td>{formatDate(o.closesAt)}</td>
                <td><Badge>{t(`internship.opening.status.${o.status}`)}</Badge></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details open={Boolean(data)}>
        <summary>{t('internship.agency.create')}</summary>
        {data?.formError ? <Alert tone="error">{t(data.formError)}</Alert> : null}
        <Form method="post" noValidate className="card">
          <SelectField label={t('internship.opening.agency')} name="agencyId" options={agencies} required />
          <Field label={t('internship.agency.titleField')} name="title" required errors={err('title')} />
          <Field label={t('internship.agency.unit')} name="unit" required errors={err('unit')} />
          <div className="field">
            <label htmlFor="description">{t('internship.agency.description')}</label>
            <textarea id="description" name="description" rows={4} required maxLength={3000} />
            {err('description') ? <p className="error">{err('description')!.join(' ')}</p> : null}
          </div>
          <Field label={t('internship.agency.places')} name="places" inputMode="numeric" required errors={err('places')} />
          <Field label={t('internship.agency.duration')} name="durationMonths" inputMode="numeric" required errors={err('durationMonths')} />
          <SelectField label={t('internship.agency.mode')} name="mode" options={[{ value: 'ONSITE', label: t('internship.opening.modes.ONSITE') }, { value: 'HYBRID', label: t('internship.opening.modes.HYBRID') }]} />
          <Field label={t('internship.agency.stipend')} name="stipendMonthly" inputMode="numeric" required errors={err('stipendMonthly')} />
          <Field label={t('internship.agency.minSemester')} name="minSemester" inputMode="numeric" errors={err('minSemester')} />
          <Field label={t('internship.agency.minGpa')} name="minGpa" errors={err('minGpa')} />
          <Field label={t('internship.agency.programs')} name="studyProgramCodes" errors={err('studyProgramCodes')} />
          <Field label={t('internship.agency.closesAt')} name="closesAt" type="date" required errors={err('closesAt')} />
          <Field label={t('internship.agency.startsAt')} name="startsAt" type="date" required errors={err('startsAt')} />
          <Button disabled={busy}>{t('internship.agency.create')}</Button>
        </Form>
      </details>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Lowongan magang · Instansi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
