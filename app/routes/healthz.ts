/** Liveness: the process answers. No dependency is checked (see /readyz). */
export async function loader() {
  return new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
}
