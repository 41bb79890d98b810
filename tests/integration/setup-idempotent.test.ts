import { prisma } from '~/utils/db.server'
import { applyMigrations } from '../../scripts/lib/migrate.ts'
import { loadDemoData, DEMO_ACCOUNTS } from '../../prisma/demo/seed.ts'

/** Issue 3: "Running it twice is safe; stopping and starting again keeps the data." */
describe('setup can run again', () => {
  test('migrations already applied are not applied again', async () => {
    expect(await applyMigrations(process.env.DATABASE_URL!)).toEqual([])
  })

  test('loading the demo data twice changes nothing and keeps what users did in between', async () => {
    const first = await loadDemoData({ password: 'Demo#Portal2026' })
    expect(first.created).toBe(true)
    const counts = async () => ({
      users: await prisma.user.count(),
      roles: await prisma.userRole.count(),
      agencies: await prisma.agency.count(),
      positions: await prisma.position.count(),
      vacancies: await prisma.vacancy.count(),
      demoLoadedAudits: await prisma.auditLog.count({ where: { action: 'demo.loaded' } }),
    })
    const before = await counts()
    // Every demo account exists (the ranking demo adds candidate users without a sign-in of their own).
    expect(await prisma.user.count({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } } })).toBe(DEMO_ACCOUNTS.length)

    // A user changes their name between two starts; the second load must not undo it.
    await prisma.user.update({ where: { email: 'verifikator@demo.test' }, data: { name: 'Nama Diubah' } })
    const second = await loadDemoData({ password: 'Demo#Portal2026' })
    expect(second.created).toBe(false)
    expect(await counts()).toEqual(before)
    expect((await prisma.user.findUniqueOrThrow({ where: { email: 'verifikator@demo.test' } })).name).toBe('Nama Diubah')
  })
})
