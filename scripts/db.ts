import { prepareDatabase } from './lib/prepare.ts'

/** `npm run db:migrate` applies migrations; `npm run db:seed` also loads the demo data. */
const command = process.argv[2]
if (command !== 'migrate' && command !== 'seed') {
  console.error('Usage: tsx scripts/db.ts migrate|seed')
  process.exit(2)
}
if (command === 'seed') process.env.LOAD_DEMO_DATA = 'true'
const { embedded } = await prepareDatabase({ seed: command === 'seed' })
console.log(command === 'seed' ? 'Migrated and demo data loaded.' : 'Migrated.')
await embedded?.stop()
process.exit(0)
