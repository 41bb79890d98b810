import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'

// The SKD certificate form; the download itself is the resource route /sertifikat-skd/unduh.
const REASONS = ['notFound', 'notYet', 'notScored'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const reason = new URL(request.url).searchParams.get('galat')
  return json({ error: REASONS.find((r) => r === reason) ?? null })
}

export default function SkdCertificatePage() {
  const { t } = useTranslation()
  const { error } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <PageHeader title={t('exam.certificate.title')} lead={t('exam.certificate.lead')} />
      {error ? <Alert tone="error">{t(`exam.certificate.${error}`)}</Alert> : null}
      <Form method="post" action="/sertifikat-skd/unduh" reloadDocument>
        <Field label={t('exam.certificate.nik')} name="nik" inputMode="numeric" required maxLength={16} autoComplete="off" />
        <Field label={t('exam.certificate.number')} name="number" required autoComplete="off" />
        <Button type="submit">{t('exam.certificate.download')}</Button>
      </Form>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Sertifikat SKD — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
