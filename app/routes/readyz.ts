import { json } from '@remix-run/node'
import { prisma } from '~/utils/db.server'
import { queueHealth } from '~/utils/queue.server'

/** Readiness: the database and the job queue answer; 503 otherwise, so a load balancer skips us. */
export async function loader() {
  const [database, queue] = await Promise.all([
    prisma.$queryRaw`SELECT 1`.then(
      () => ({ ok: true }),
      (e: Error) => ({ ok: false, error: e.message }),
    ),
    queueHealth().then(
      (r) => r,
      (e: Error) => ({ ok: false, backend: 'unknown', error: e.message }),
    ),
  ])
  const ok = database.ok && queue.ok
  return json({ ok, database, queue }, { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
