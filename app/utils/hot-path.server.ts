import type { HotResponse } from '~/models/exam-hot-path.server'

/** A hot-path answer as a Fetch Response (for the Remix routes that share the hot path's code). */
export function hotToResponse(r: HotResponse): Response {
  const body = r.raw ? r.raw.body : JSON.stringify(r.json)
  const headers = new Headers(r.headers)
  if (!r.raw) headers.set('Content-Type', 'application/json; charset=utf-8')
  if (r.raw?.encoding) headers.set('Content-Encoding', r.raw.encoding)
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), { status: r.status, headers })
}
