/**
 * `npm run bank:sync`: validates every file under question-bank/ (zod; each error printed with its
 * file) and, only when all are valid, upserts them in one transaction (ADR 013): a new item gets
 * version 1, changed content a new version, unchanged content nothing; an audit row per change.
 * File items no longer on disk are deactivated, never deleted.
 *
 *   exit 0  synced (or nothing to do)     exit 1  invalid files, nothing written
 *   exit 2  could not run (no database, …)
 *
 * Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR when it is unset.
 * `QUESTION_BANK_DIR` points at another bank directory.
 */
import { resolveDatabase } from './lib/database.ts'

async function main(): Promise<number> {
  const { url, embedded } = await resolveDatabase({ quiet: true })
  process.env.DATABASE_URL = url
  try {
    const { syncBankFromDisk, BANK_ROOT } = await import('../app/models/question-bank.server.ts')
    const { SYSTEM_ACTOR } = await import('../app/models/audit.server.ts')
    const { prisma } = await import('../app/utils/db.server.ts')
    try {
      const started = Date.now()
      const r = await syncBankFromDisk({ ...SYSTEM_ACTOR, actorRole: 'SYSTEM:bank-sync' })
      if (!r.ok) {
        console.log(`Question bank INVALID (${BANK_ROOT}): ${r.errors.length} error(s) in ${r.files} files; nothing written.`)
        for (const e of r.errors) console.log(`  ${e.file}: ${e.message}`)
        return 1
      }
      const x = r.result
      console.log(
        `Question bank synced from ${BANK_ROOT}: ${r.items} items in ${r.files} files; ` +
          `${x.created.length} new, ${x.newVersions.length} new versions, ${x.updated.length + x.reactivated.length} updated, ` +
          `${x.deactivated.length} deactivated, ${x.unchanged} unchanged (${Date.now() - started} ms).`,
      )
      for (const c of x.conflicts) console.log(`  skipped ${c.id}: ${c.reason}`)
      return 0
    } finally {
      await prisma.$disconnect()
    }
  } finally {
    await embedded?.stop()
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bank:sync could not run: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(2)
  },
)
