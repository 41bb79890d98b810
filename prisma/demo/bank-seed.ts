import { SYSTEM_ACTOR } from '~/models/audit.server'
import { syncBankFromDisk } from '~/models/question-bank.server'

/**
 * Syncs question-bank/ into the database on every start (issue 6, ADR 013). Unchanged files are a
 * read-only no-op (one query, a few hundred ms for ~1,300 items), so the seed stays fast and
 * idempotent; an edited item file becomes a new version exactly as `npm run bank:sync` would do.
 */
export async function seedDemoBank() {
  const r = await syncBankFromDisk({ ...SYSTEM_ACTOR, actorRole: 'SYSTEM:demo-seed' })
  if (!r.ok) {
    // Do not stop the portal for a broken item file; say exactly what to fix.
    console.warn(`Question bank not synced: ${r.errors.length} error(s). Run npm run bank:sync for the list; first: ${r.errors[0]?.file}: ${r.errors[0]?.message}`)
    return
  }
  const x = r.result
  const changed = x.created.length + x.newVersions.length + x.updated.length + x.reactivated.length + x.deactivated.length
  if (changed > 0) console.log(`Question bank: ${x.created.length} new, ${x.newVersions.length} new versions, ${x.deactivated.length} deactivated.`)
}
