import type { LoaderFunctionArgs } from '@remix-run/node'
import { readRegistration } from '~/utils/registration-state.server'
import { getBlobStore, MIME_TYPES } from '~/utils/storage.server'

// The photos uploaded in step 2, shown back in step 3. Only the browser holding the sealed wizard
// state can see them: the hash comes from that state, never from the URL.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const state = await readRegistration(request)
  const kind = params.jenis
  const photo = kind === 'ktp' ? state?.ktp : kind === 'selfie' ? state?.selfie : undefined
  if (!photo) throw new Response('Not found', { status: 404 })
  const bytes = await getBlobStore().get(photo.hash)
  if (!bytes) throw new Response('Not found', { status: 404 })
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': MIME_TYPES.JPG,
      'Content-Length': String(bytes.byteLength),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
