import type { LoaderFunctionArgs } from '@remix-run/node'
import { getAnnouncementFile } from '~/models/verification.server'

// Public: the frozen list as published (PDF rendered once at publication, or the canonical CSV
// whose SHA-256 the page shows). Never changes, so it may be cached.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const format = new URL(request.url).searchParams.get('format') ?? 'pdf'
  if (format !== 'pdf' && format !== 'csv') throw new Response('format must be pdf or csv', { status: 400 })
  const file = await getAnnouncementFile(params.id ?? '', format)
  if (!file) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  return new Response(new Uint8Array(file.body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Content-Length': String(file.body.byteLength),
      'Cache-Control': 'public, max-age=86400, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
