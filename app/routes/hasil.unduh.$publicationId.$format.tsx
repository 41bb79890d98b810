import type { LoaderFunctionArgs } from '@remix-run/node'
import { downloadablePublication } from '~/models/ranking.server'
import { rankingId } from '~/locales/sections/ranking.id'
import { downloadResponse } from '~/utils/formation-files.server'
import { listCsv, listPdf, listXlsx, type ListHeader } from '~/utils/ranking-export.server'

/** Public download of a published (or superseded) list as PDF, XLSX or CSV. */
export async function loader({ params }: LoaderFunctionArgs) {
  const format = params.format
  if (format !== 'pdf' && format !== 'xlsx' && format !== 'csv') throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const found = await downloadablePublication(params.publicationId ?? '')
  if (!found) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const { publication, period, lines } = found
  const header: ListHeader = {
    periodName: period.name,
    periodCode: period.code,
    stage: publication.stage,
    stageLabel: rankingId.stages[publication.stage],
    version: publication.version,
    contentHash: publication.contentHash,
    publishedAt: publication.publishedAt,
    status: rankingId.pubStatuses[publication.status],
  }
  const file = format === 'csv' ? listCsv(header, lines) : format === 'xlsx' ? await listXlsx(header, lines) : await listPdf(header, lines)
  return downloadResponse(file)
}
