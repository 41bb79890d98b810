import { prisma } from '~/utils/db.server'

// An interactive transaction owns one pg connection; pg@9 rejects a second query sent while the
// first still runs (pg 8.19+ warns). Prisma itself sends the relations of an `include` at once, so
// db.server queues the transaction's queries (ADR 025). pg warns once per process: this file runs
// in its own process, so a warning from anything here is seen.
const warnings: string[] = []
const onWarning = (w: Error) => warnings.push(w.message)
beforeAll(() => void process.on('warning', onWarning))
afterAll(() => void process.off('warning', onWarning))
const concurrent = () => warnings.filter((m) => m.includes('already executing'))

describe('interactive transactions send one query at a time', () => {
  test('an include of two relations and two raw queries started together give their results, with no pg warning', async () => {
    const user = await prisma.user.create({ data: { email: `tx.${Math.random().toString(36).slice(2, 8)}@uji.test`, name: 'Tx Uji' } })
    await prisma.session.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 60_000) } })
    await prisma.userRole.create({ data: { userId: user.id, role: 'VERIFIER' } })

    const [withRelations, slow, fast] = await prisma.$transaction(async (tx) => {
      const found = await tx.user.findUniqueOrThrow({ where: { id: user.id }, include: { roles: true, sessions: true, tokens: true } })
      // The slow one is sent first; queued, the fast one still answers after it, on the same connection.
      const [a, b] = await Promise.all([
        tx.$queryRaw<{ n: number; pid: number }[]>`SELECT 1 AS n, pg_backend_pid() AS pid FROM pg_sleep(0.2)`,
        tx.$queryRaw<{ n: number; pid: number }[]>`SELECT 2 AS n, pg_backend_pid() AS pid`,
      ])
      return [found, a[0]!, b[0]!]
    })
    await new Promise((resolve) => setImmediate(resolve)) // process warnings are emitted on the next tick

    expect(withRelations.roles.map((r) => r.role)).toEqual(['VERIFIER'])
    expect(withRelations.sessions).toHaveLength(1)
    expect(withRelations.tokens).toEqual([])
    expect([slow.n, fast.n]).toEqual([1, 2])
    expect(fast.pid).toBe(slow.pid)
    expect(concurrent()).toEqual([])
  })

  test('a failing query does not hold up the ones queued behind it, and the transaction rolls back', async () => {
    const email = `tx.${Math.random().toString(36).slice(2, 8)}@uji.test`
    const outcome = await prisma
      .$transaction(async (tx) => {
        await tx.user.create({ data: { email, name: 'Tx Gagal' } })
        const results = await Promise.allSettled([tx.$queryRaw`SELECT 1 / 0`, tx.$queryRaw`SELECT 1`])
        // Queued behind a rejected query, the second still settles (a stuck queue would time out here).
        throw new Error(`settled: ${results.map((r) => r.status).join(',')}`)
      })
      .catch((e: Error) => e.message)
    expect(outcome).toMatch(/^settled: rejected,(fulfilled|rejected)$/)
    expect(await prisma.user.count({ where: { email } })).toBe(0)
  })
})
