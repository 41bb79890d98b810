import { startEmbeddedPostgres, createDatabase, databaseUrl } from './lib/postgres.ts'
import { migrate } from './lib/database.ts'
const pg = await startEmbeddedPostgres('/tmp/avprobe/pg', { quiet: true })
await createDatabase(pg.adminUrl, 'probe').catch(() => {})
const url = databaseUrl(pg.adminUrl, 'probe')
await migrate(url)
process.env.DATABASE_URL = url
process.env.SESSION_SECRET = 'x'.repeat(40)
const { audited, SYSTEM_ACTOR } = await import('../app/models/audit.server.ts')
const { prisma } = await import('../app/utils/db.server.ts')
for (let i = 0; i < 4; i++) await audited(SYSTEM_ACTOR, async (_tx, audit) => { await audit({ action: 't', entityType: 'T', entityId: 'a' + i, after: { i } }) })
const v = await prisma.auditLog.findFirstOrThrow()
await prisma.$transaction([
  prisma.$executeRawUnsafe(`ALTER TABLE "AuditLog" DISABLE TRIGGER "AuditLog_append_only"`),
  prisma.$executeRawUnsafe(`UPDATE "AuditLog" SET "after" = '{"value": 999}' WHERE id = ${v.id}`),
  prisma.$executeRawUnsafe(`ALTER TABLE "AuditLog" ENABLE TRIGGER "AuditLog_append_only"`),
])
await prisma.$disconnect()
console.log(url)
