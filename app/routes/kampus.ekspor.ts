import type { LoaderFunctionArgs } from '@remix-run/node'
import { universityWorkbook } from '~/models/internship-placement.server'
import { requireCampus } from '~/utils/internship-route.server'
import { id as idMessages } from '~/locales/id'

// The university's students across agencies and their credit conversion, as XLSX (ADR 009).
export async function loader({ request }: LoaderFunctionArgs) {
  const { universityIds } = await requireCampus(request)
  const labels = idMessages.internship.status as Record<string, string>
  const xlsx = await universityWorkbook(universityIds, { status: (s) => labels[s] ?? s })
  const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
  return new Response(new Uint8Array(xlsx), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="rekap-magang-${day}.xlsx"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
