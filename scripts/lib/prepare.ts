import { migrate, resolveDatabase } from './database.ts'

/**
 * What `npm start`, `npm run setup` and the worker share: pick the database (DATABASE_URL or the
 * embedded one), apply migrations, and load the demo data once unless told not to.
 */
export async function prepareDatabase(opts: { quiet?: boolean; seed?: boolean } = {}) {
  const { url, embedded } = await resolveDatabase(opts)
  process.env.DATABASE_URL = url
  const applied = await migrate(url)
  if (applied.length && !opts.quiet) console.log(`Migrations applied: ${applied.join(', ')}`)
  if (opts.seed !== false && shouldLoadDemoData()) {
    // Imported only now: app modules read DATABASE_URL when they load.
    const { loadDemoData } = await import('../../prisma/demo/seed.ts')
    const { getEnv } = await import('../../app/utils/env.server.ts')
    const { created } = await loadDemoData({ password: getEnv().DEMO_PASSWORD })
    if (created && !opts.quiet) console.log('Demo data loaded (accounts: <role>@demo.test).')
  }
  return { url, embedded }
}

/** Demo data is for development and evaluation: never in production unless LOAD_DEMO_DATA=true. */
export function shouldLoadDemoData() {
  const flag = process.env.LOAD_DEMO_DATA
  if (flag === 'true') return true
  if (flag === 'false') return false
  return process.env.NODE_ENV !== 'production'
}
