/**
 * `npm run bank:import -- <file.gift|file.xml> [more files…]`: imports Moodle GIFT or Moodle XML
 * multiple-choice questions into the bank (ADR 013; mapping in app/domain/exam/bank-import.ts) and
 * prints a report: imported (new / new version / unchanged) and skipped with the reason.
 *
 *   exit 0  every question imported    exit 1  some were skipped (report says why)
 *   exit 2  could not run (no file, unknown format, no database, …)
 */
import { readFile } from 'node:fs/promises'
import { resolveDatabase } from './lib/database.ts'

async function main(files: string[]): Promise<number> {
  if (files.length === 0) {
    console.error('Usage: npm run bank:import -- <file.gift|file.xml> [more files…]')
    return 2
  }
  const contents = await Promise.all(files.map(async (f) => ({ file: f, content: await readFile(f, 'utf8') })))
  const { url, embedded } = await resolveDatabase({ quiet: true })
  process.env.DATABASE_URL = url
  let skippedAny = false
  try {
    const { importBankFile } = await import('../app/models/question-bank.server.ts')
    const { SYSTEM_ACTOR } = await import('../app/models/audit.server.ts')
    const { prisma } = await import('../app/utils/db.server.ts')
    try {
      for (const { file, content } of contents) {
        const r = await importBankFile(file, content, { ...SYSTEM_ACTOR, actorRole: 'SYSTEM:bank-import' })
        if ('error' in r) {
          console.log(`${file}: unknown format (use .gift, .txt or .xml)`)
          skippedAny = true
          continue
        }
        const u = r.upsert
        console.log(
          `${file} (${r.format}): ${r.parsed.items.length} valid, ${r.parsed.skipped.length + (u?.conflicts.length ?? 0)} skipped` +
            (u ? `; ${u.created.length} new, ${u.newVersions.length} new versions, ${u.updated.length + u.reactivated.length} updated, ${u.unchanged} unchanged` : ''),
        )
        for (const i of r.parsed.items) for (const n of i.notes) console.log(`  note ${i.ref} → ${i.item.id}: ${n}`)
        for (const s of r.parsed.skipped) console.log(`  skipped ${s.ref}: ${s.reason}`)
        for (const c of u?.conflicts ?? []) console.log(`  skipped ${c.id}: ${c.reason}`)
        if (r.parsed.skipped.length > 0 || (u?.conflicts.length ?? 0) > 0) skippedAny = true
      }
      return skippedAny ? 1 : 0
    } finally {
      await prisma.$disconnect()
    }
  } finally {
    await embedded?.stop()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bank:import could not run: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(2)
  },
)
