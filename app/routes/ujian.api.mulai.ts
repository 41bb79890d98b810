import type { ActionFunctionArgs } from '@remix-run/node'
import { examHotPath } from '~/models/exam-hot-path.server'
import { hotToResponse } from '~/utils/hot-path.server'
import { clientIp } from '~/utils/request.server'

// Start or resume. In production `server/` serves this path before Remix with the same function
// (exam-hot-path.server.ts); this route keeps it working under any other Remix host.
export async function action({ request, context }: ActionFunctionArgs) {
  const body = await request.json().catch(() => ({}))
  return hotToResponse(
    await examHotPath.start({ cookie: request.headers.get('Cookie'), body, ip: clientIp(request, context), userAgent: request.headers.get('user-agent') }),
  )
}
