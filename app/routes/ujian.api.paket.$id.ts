import type { LoaderFunctionArgs } from '@remix-run/node'
import { examHotPath } from '~/models/exam-hot-path.server'
import { hotToResponse } from '~/utils/hot-path.server'

// The item bundle (key-free text, immutable). In production `server/` serves this path before Remix
// with the same function; this route keeps it working under any other Remix host.
export async function loader({ request, params }: LoaderFunctionArgs) {
  return hotToResponse(await examHotPath.bundle({ cookie: request.headers.get('Cookie'), bundleId: params.id ?? '', acceptsGzip: false }))
}
