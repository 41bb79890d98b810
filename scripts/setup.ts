import { execFileSync } from 'node:child_process'
import { prepareDatabase } from './lib/prepare.ts'

/**
 * `npm run setup` (after `npm ci`): generate the Prisma client, build the app, create or update
 * the database and load the demo data. Safe to run again.
 */
execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
const { embedded, url } = await prepareDatabase()
console.log(`Database ready (${embedded ? 'embedded PostgreSQL in .data/pg' : new URL(url).host}).`)
await embedded?.stop()
console.log('Setup complete. Start the portal with: npm start')
process.exit(0)
