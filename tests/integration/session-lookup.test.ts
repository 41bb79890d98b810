import { prisma } from '~/utils/db.server'
import { commitNewSession, getSessionUser } from '~/utils/session.server'

// The session lookup runs on every page as one SQL statement, shared by the loaders of one page
// while it is in flight (ADR 023). These are the rules it must keep from the Prisma version.

async function signedIn(opts: { expiresAt?: Date; lastSeenAt?: Date } = {}) {
  const agency = await prisma.agency.create({ data: { code: `AG-${Math.random().toString(36).slice(2, 8)}`, name: 'Kementerian Uji', kind: 'CENTRAL' } })
  const user = await prisma.user.create({
    data: { email: `sesi.${Math.random().toString(36).slice(2, 8)}@uji.test`, name: 'Sesi Uji', emailVerifiedAt: new Date(), timeZone: 'Asia/Makassar' },
  })
  // Granted in this order: the first grant is the primary role.
  await prisma.userRole.create({ data: { userId: user.id, role: 'AGENCY_ADMIN', agencyId: agency.id, createdAt: new Date(Date.now() - 60_000) } })
  await prisma.userRole.create({ data: { userId: user.id, role: 'VERIFIER', agencyId: agency.id } })
  const expiresAt = opts.expiresAt ?? new Date(Date.now() + 86_400_000)
  const session = await prisma.session.create({ data: { userId: user.id, expiresAt, lastSeenAt: opts.lastSeenAt } })
  const cookie = (await commitNewSession(session.id, { remember: false, expiresAt })).split(';')[0]!
  const request = () => new Request('http://portal.test/dasbor', { headers: { Cookie: cookie } })
  return { user, agency, session, request }
}

describe('session lookup', () => {
  test('returns the user with every grant in the order granted, agency names included', async () => {
    const { user, agency, session, request } = await signedIn()
    const found = await getSessionUser(request())
    expect(found).toMatchObject({
      id: user.id,
      email: user.email,
      name: 'Sesi Uji',
      timeZone: 'Asia/Makassar',
      emailVerified: true,
      isDemo: false,
      sessionId: session.id,
      primaryRole: 'AGENCY_ADMIN',
    })
    expect(found!.grants).toEqual([
      { role: 'AGENCY_ADMIN', agencyId: agency.id, universityId: null, agencyName: 'Kementerian Uji', universityName: null },
      { role: 'VERIFIER', agencyId: agency.id, universityId: null, agencyName: 'Kementerian Uji', universityName: null },
    ])
    expect(found!.permissions).toContain('verify:application:agency')
  })

  test('loaders of one page asking at the same time get the same answer', async () => {
    const { user, request } = await signedIn()
    const [a, b, c] = await Promise.all([getSessionUser(request()), getSessionUser(request()), getSessionUser(request())])
    expect(a?.id).toBe(user.id)
    expect(b).toEqual(a)
    expect(c).toEqual(a)
  })

  test('a revoked or expired session is refused on the next request', async () => {
    const live = await signedIn()
    expect(await getSessionUser(live.request())).not.toBeNull()
    await prisma.session.update({ where: { id: live.session.id }, data: { revokedAt: new Date() } })
    expect(await getSessionUser(live.request())).toBeNull()

    const expired = await signedIn({ expiresAt: new Date(Date.now() - 1000) })
    expect(await getSessionUser(expired.request())).toBeNull()
    expect(await getSessionUser(new Request('http://portal.test/', { headers: { Cookie: '__session=forged' } }))).toBeNull()
  })

  test('last seen is refreshed only when older than five minutes', async () => {
    const old = new Date(Date.now() - 10 * 60_000)
    const { session, request } = await signedIn({ lastSeenAt: old })
    await getSessionUser(request())
    const after = await prisma.session.findUniqueOrThrow({ where: { id: session.id } })
    expect(after.lastSeenAt.getTime()).toBeGreaterThan(old.getTime())

    const recent = await signedIn()
    const before = (await prisma.session.findUniqueOrThrow({ where: { id: recent.session.id } })).lastSeenAt
    await getSessionUser(recent.request())
    expect((await prisma.session.findUniqueOrThrow({ where: { id: recent.session.id } })).lastSeenAt).toEqual(before)
  })
})
