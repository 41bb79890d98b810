import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, audited, verifyAuditLog } from '~/models/audit.server'

async function writeSome(n: number) {
  for (let i = 0; i < n; i++) {
    await audited(SYSTEM_ACTOR, async (_tx, audit) => {
      await audit({
        action: 'test.change',
        entityType: 'Thing',
        entityId: `thing-${i % 7}`,
        before: { value: i },
        after: { value: i + 1, nested: { b: 2, a: 1 } },
      })
    })
  }
}

describe('audit log (hash chain)', () => {
  test('an untouched log verifies', async () => {
    await writeSome(40)
    const result = await verifyAuditLog(7)
    expect(result).toMatchObject({ ok: true, rowsChecked: 40 })
  })

  test('concurrent writers produce gap-free chains', async () => {
    await Promise.all(Array.from({ length: 8 }, () => writeSome(10)))
    const result = await verifyAuditLog()
    expect(result.ok).toBe(true)
    expect(result.rowsChecked).toBe(await prisma.auditLog.count())
  })

  test('transactions auditing several entities in opposite orders do not deadlock', async () => {
    // Entities chosen so they fall on different chains; each transaction audits both, in turn.
    const pairs = Array.from({ length: 20 }, (_, i) => (i % 2 ? ['a', 'b'] : ['b', 'a']))
    await Promise.all(
      pairs.map((order) =>
        audited(SYSTEM_ACTOR, async (_tx, audit) => {
          for (const id of order) {
            await audit({ action: 'test.pair', entityType: 'Pair', entityId: `entity-${id}` })
            await new Promise((r) => setTimeout(r, 5))
          }
        }),
      ),
    )
    expect(await prisma.auditLog.count({ where: { action: 'test.pair' } })).toBe(40)
    expect((await verifyAuditLog()).ok).toBe(true)
  })

  test('the database refuses to update or delete an audit row', async () => {
    await writeSome(1)
    await expect(prisma.$executeRawUnsafe(`UPDATE "AuditLog" SET "action" = 'x'`)).rejects.toThrow(/append-only/)
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "AuditLog"`)).rejects.toThrow(/append-only/)
  })

  test('a row changed behind the trigger is detected, and where', async () => {
    await writeSome(20)
    const victim = await prisma.auditLog.findFirstOrThrow({ where: { entityId: 'thing-3' }, orderBy: { id: 'asc' } })
    await prisma.$transaction([
      prisma.$executeRawUnsafe(`ALTER TABLE "AuditLog" DISABLE TRIGGER "AuditLog_append_only"`),
      prisma.$executeRawUnsafe(`UPDATE "AuditLog" SET "after" = '{"value": 999}' WHERE id = ${victim.id}`),
      prisma.$executeRawUnsafe(`ALTER TABLE "AuditLog" ENABLE TRIGGER "AuditLog_append_only"`),
    ])
    const result = await verifyAuditLog()
    expect(result.ok).toBe(false)
    expect(result.broken).toHaveLength(1)
    expect(result.broken[0]).toMatchObject({ id: victim.id, problem: expect.stringMatching(/changed/) })
  })
})
