import { prisma } from '~/utils/db.server'
import pg from 'pg'
import { SYSTEM_ACTOR, audited, verifyAuditLog, writeAuditBatch, writeAuditBatchPg } from '~/models/audit.server'

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

  test('a batch (Prisma or plain pg) stores each entry with its own actor, dates as ISO text and bigints as strings, and verifies', async () => {
    const at = new Date('2026-12-02T03:00:00.123Z')
    const candidate = (ip: string) => ({ actorId: null, actorRole: 'CANDIDATE', ip, userAgent: `browser ${ip}` })
    const entries = (prefix: string) => [
      { actor: candidate('10.0.0.1'), action: 'test.batch', entityType: 'Batch', entityId: `${prefix}-1`, before: { state: 'A' }, after: { state: 'B', at, count: 12n, gone: undefined } },
      { actor: candidate('10.0.0.2'), action: 'test.batch', entityType: 'Batch', entityId: `${prefix}-2`, after: { state: 'B', list: [1, 'x', null] } },
      { action: 'test.batch', entityType: 'Batch', entityId: `${prefix}-3` },
    ]
    await audited(SYSTEM_ACTOR, (tx) => writeAuditBatch(tx, SYSTEM_ACTOR, entries('prisma')))
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    try {
      await client.query('BEGIN')
      await writeAuditBatchPg(client, SYSTEM_ACTOR, entries('pg'))
      await client.query('COMMIT')
    } finally {
      await client.end()
    }
    for (const prefix of ['prisma', 'pg']) {
      const rows = await prisma.auditLog.findMany({ where: { action: 'test.batch', entityId: { startsWith: `${prefix}-` } }, orderBy: { chainSeq: 'asc' } })
      expect(rows.map((r) => [r.entityId, r.actorRole, r.ip, r.userAgent, r.before, r.after])).toEqual([
        [`${prefix}-1`, 'CANDIDATE', '10.0.0.1', 'browser 10.0.0.1', { state: 'A' }, { state: 'B', at: '2026-12-02T03:00:00.123Z', count: '12' }],
        [`${prefix}-2`, 'CANDIDATE', '10.0.0.2', 'browser 10.0.0.2', null, { state: 'B', list: [1, 'x', null] }],
        [`${prefix}-3`, 'SYSTEM', null, null, null, null],
      ])
    }
    expect((await verifyAuditLog()).ok).toBe(true)
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
