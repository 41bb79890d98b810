import { spawn } from 'node:child_process'
import path from 'node:path'
import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, audited } from '~/models/audit.server'

const root = path.resolve(__dirname, '../..')

/** Runs `npm run audit:verify`'s command against this file's database, as an auditor would. */
function runCli(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/.bin/tsx', 'scripts/audit-verify.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, output }))
  })
}

async function writeSome(n: number) {
  for (let i = 0; i < n; i++) {
    await audited(SYSTEM_ACTOR, async (_tx, audit) => {
      await audit({
        action: 'test.change',
        entityType: 'Thing',
        entityId: `thing-${i % 3}`,
        before: { value: i },
        after: { value: i + 1 },
      })
    })
  }
}

describe('npm run audit:verify', () => {
  test('exits 0 on an intact log and 1 naming the row changed behind the trigger', { timeout: 120_000 }, async () => {
    expect(process.env.DATABASE_URL).toMatch(/portal_test_/)
    await writeSome(6)

    const intact = await runCli()
    expect(intact.output).toMatch(/intact: 6 rows in \d+ chains/)
    expect(intact.code).toBe(0)

    const victim = await prisma.auditLog.findFirstOrThrow({ where: { entityId: 'thing-1' }, orderBy: { id: 'asc' } })
    await prisma.$transaction([
      prisma.$executeRawUnsafe(`ALTER TABLE "AuditLog" DISABLE TRIGGER "AuditLog_append_only"`),
      prisma.$executeRawUnsafe(`UPDATE "AuditLog" SET "after" = '{"value": 999}' WHERE id = ${victim.id}`),
      prisma.$executeRawUnsafe(`ALTER TABLE "AuditLog" ENABLE TRIGGER "AuditLog_append_only"`),
    ])

    const broken = await runCli()
    expect(broken.output).toMatch(/BROKEN: 1 break/)
    expect(broken.output).toMatch(new RegExp(`row id ${victim.id} \\(chain ${victim.chain}, sequence ${victim.chainSeq}\\): .*changed`))
    expect(broken.code).toBe(1)
  })
})
