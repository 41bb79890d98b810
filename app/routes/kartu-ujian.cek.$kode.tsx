import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Alert, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { maskName } from '~/domain/application/steps'
import { examCardCheck } from '~/models/exam.server'
import { valueFromSignedCode } from '~/utils/card-pdf.server'
import { EXAM_CARD_PURPOSE } from '~/utils/exam-card.server'
import { formatDateTime } from '~/utils/time'

// Public check of a Kartu Peserta Ujian's QR (HMAC-signed number; masked name only).
export async function loader({ params }: LoaderFunctionArgs) {
  const number = valueFromSignedCode(EXAM_CARD_PURPOSE, params.kode ?? '')
  const card = number ? await examCardCheck(number) : null
  if (!card) return json({ card: null }, { status: 404 })
  return json({ card: { number: card.participantNumber, name: maskName(card.fullName), session: card.sessionCode, when: formatDateTime(card.startsAt, { timeZone: 'Asia/Jakarta', locale: 'id' }), site: card.siteName } })
}

export default function ExamCardCheckPage() {
  const { card } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <PageHeader title="Pemeriksaan Kartu Peserta Ujian" />
      {card ? (
        <>
          <Alert tone="success">Kartu peserta ujian ini sah.</Alert>
          <p>
            {card.number} · {card.name} · {card.session} · {card.when} · {card.site}
          </p>
        </>
      ) : (
        <Alert tone="error">Kode kartu tidak sah.</Alert>
      )}
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pemeriksaan Kartu Peserta Ujian — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
