import path from 'node:path'
import { applyMigrations } from './migrate.ts'
import { startEmbeddedPostgres, createDatabase, databaseUrl, type RunningPostgres } from './postgres.ts'

export const DEFAULT_DATA_DIR = '.data'

/**
 * Returns the database the portal should use: `DATABASE_URL` when given, otherwise the embedded
 * PostgreSQL under `<DATA_DIR>/pg` with a `portal` database (ADR 002).
 */
export async function resolveDatabase(opts: { quiet?: boolean } = {}): Promise<{
  url: string
  embedded: RunningPostgres | null
}> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null }
  const dataDir = process.env.DATA_DIR ?? DEFAULT_DATA_DIR
  const embedded = await startEmbeddedPostgres(path.join(dataDir, 'pg'), opts)
  await createDatabase(embedded.adminUrl, 'portal')
  return { url: databaseUrl(embedded.adminUrl, 'portal'), embedded }
}

/** Applies the SQL migrations under prisma/migrations (idempotent). */
export async function migrate(url: string) {
  return applyMigrations(url)
}
