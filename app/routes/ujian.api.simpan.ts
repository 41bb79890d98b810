import type { ActionFunctionArgs } from '@remix-run/node'
import { examHotPath } from '~/models/exam-hot-path.server'
import { hotToResponse } from '~/utils/hot-path.server'

// The answer save. In production `server/` serves this path before Remix with the same function
// (exam-hot-path.server.ts); this route keeps it working under any other Remix host.
export async function action({ request }: ActionFunctionArgs) {
  const body = await request.json().catch(() => null)
  return hotToResponse(await examHotPath.save({ cookie: request.headers.get('Cookie'), body }))
}
