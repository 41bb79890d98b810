import { prisma } from '~/utils/db.server'
import { hashPassword } from '~/utils/password.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import {
  inviteStaff,
  login,
  requestPasswordReset,
  revokeRole,
  setPasswordWithToken,
  findUsableToken,
} from '~/models/user.server'
import { newSecret } from '~/utils/tokens.server'
import { hitRateLimit } from '~/models/rate-limit.server'
import type { RoleGrant } from '~/domain/identity/roles'

const actor = { ...SYSTEM_ACTOR, actorRole: null, ip: '10.9.8.7', userAgent: 'vitest' }
const PASSWORD = 'Rahasia-Kuat-2026'

async function makeUser(email: string) {
  return prisma.user.create({ data: { email, name: 'Uji', passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() } })
}

describe('sign-in', () => {
  test('a correct password opens a session and is audited', async () => {
    const user = await makeUser('ok@uji.test')
    const result = await login({ email: ' OK@uji.test ', password: PASSWORD }, actor)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const session = await prisma.session.findUniqueOrThrow({ where: { id: result.sessionId } })
    expect(session).toMatchObject({ userId: user.id, ip: '10.9.8.7', revokedAt: null })
    const audit = await prisma.auditLog.findFirst({ where: { action: 'auth.login', entityId: result.sessionId } })
    expect(audit?.actorId).toBe(user.id)
  })

  test('the stored hash is argon2id at OWASP minimum cost (m=19 MiB, t=2, p=1)', async () => {
    const user = await makeUser('hash@uji.test')
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  test('an unknown address and a wrong password get the same answer', async () => {
    await makeUser('known@uji.test')
    expect(await login({ email: 'unknown@uji.test', password: PASSWORD }, actor)).toEqual({ ok: false, error: 'invalid' })
    expect(await login({ email: 'known@uji.test', password: 'wrong-password-1' }, actor)).toEqual({ ok: false, error: 'invalid' })
  })

  test('the 5th consecutive failure locks the account; the right password is refused while locked', async () => {
    await makeUser('lock@uji.test')
    for (let i = 0; i < 4; i++) {
      expect(await login({ email: 'lock@uji.test', password: 'wrong-password-1' }, actor)).toMatchObject({ error: 'invalid' })
    }
    const fifth = await login({ email: 'lock@uji.test', password: 'wrong-password-1' }, actor)
    expect(fifth).toMatchObject({ ok: false, error: 'locked' })
    expect(await login({ email: 'lock@uji.test', password: PASSWORD }, actor)).toMatchObject({ ok: false, error: 'locked' })
    // After the lockout has passed the right password works again.
    await prisma.user.update({ where: { email: 'lock@uji.test' }, data: { lockedUntil: new Date(Date.now() - 1000) } })
    expect(await login({ email: 'lock@uji.test', password: PASSWORD }, actor)).toMatchObject({ ok: true })
    expect(await prisma.auditLog.count({ where: { action: 'auth.locked' } })).toBe(1)
  })

  test('a network that tries too often is slowed down before any password is checked', async () => {
    await makeUser('flood@uji.test')
    const flooder = { ...actor, ip: '203.0.113.5' }
    const results = []
    for (let i = 0; i < 31; i++) results.push(await hitRateLimit(`login:ip:${flooder.ip}`, 30, 60))
    expect(results.at(-1)).toMatchObject({ allowed: false })
    expect(await login({ email: 'flood@uji.test', password: PASSWORD }, flooder)).toEqual({ ok: false, error: 'rateLimited' })
  })
})

describe('password reset link', () => {
  test('works once, ends every session, and is refused when expired', async () => {
    const user = await makeUser('reset@uji.test')
    const first = await login({ email: 'reset@uji.test', password: PASSWORD }, actor)
    expect(first.ok).toBe(true)

    const { secret, hash } = newSecret()
    await prisma.token.create({ data: { userId: user.id, kind: 'PASSWORD_RESET', tokenHash: hash, expiresAt: new Date(Date.now() + 60_000) } })
    expect(await setPasswordWithToken(secret, 'PASSWORD_RESET', 'Sandi-Baru-2027', actor)).not.toBeNull()
    expect(await setPasswordWithToken(secret, 'PASSWORD_RESET', 'Sandi-Lain-2028', actor)).toBeNull()
    expect(await prisma.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0)
    expect(await login({ email: 'reset@uji.test', password: 'Sandi-Baru-2027' }, actor)).toMatchObject({ ok: true })

    const expired = newSecret()
    await prisma.token.create({ data: { userId: user.id, kind: 'PASSWORD_RESET', tokenHash: expired.hash, expiresAt: new Date(Date.now() - 1) } })
    expect(await findUsableToken(expired.secret, 'PASSWORD_RESET')).toBeNull()
  })

  test('asking for a reset stores only the hash of the link and queues one e-mail', async () => {
    const user = await makeUser('ask@uji.test')
    await requestPasswordReset('ask@uji.test', actor)
    const token = await prisma.token.findFirstOrThrow({ where: { userId: user.id, kind: 'PASSWORD_RESET' } })
    expect(token.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    const mail = await prisma.emailLog.findFirstOrThrow({ where: { to: 'ask@uji.test', template: 'password-reset' } })
    expect(mail.subject).toMatch(/kata sandi/i)
    // An unknown address produces no token and no mail, and no error either.
    await requestPasswordReset('nobody@uji.test', actor)
    expect(await prisma.emailLog.count({ where: { to: 'nobody@uji.test' } })).toBe(0)
  })
})

describe('staff roles', () => {
  test('an agency admin invites for their agency, not for another, and cannot revoke there', async () => {
    const [a, b] = await Promise.all([
      prisma.agency.create({ data: { code: 'A', name: 'Instansi A', kind: 'CENTRAL' } }),
      prisma.agency.create({ data: { code: 'B', name: 'Instansi B', kind: 'REGIONAL' } }),
    ])
    const admin = await makeUser('admin-a@uji.test')
    const grants: RoleGrant[] = [{ role: 'AGENCY_ADMIN', agencyId: a.id, universityId: null }]
    await prisma.userRole.create({ data: { userId: admin.id, ...grants[0]! } })

    const ok = await inviteStaff({ id: admin.id, grants }, { email: 'v@uji.test', name: 'V', role: 'VERIFIER', agencyId: a.id, universityId: null }, actor)
    expect(ok).toMatchObject({ ok: true, invited: true })
    const refused = await inviteStaff({ id: admin.id, grants }, { email: 'w@uji.test', name: 'W', role: 'VERIFIER', agencyId: b.id, universityId: null }, actor)
    expect(refused).toEqual({ ok: false, error: 'role.notAllowed' })
    expect(await prisma.user.findUnique({ where: { email: 'w@uji.test' } })).toBeNull()

    const other = await makeUser('verifier-b@uji.test')
    const roleB = await prisma.userRole.create({ data: { userId: other.id, role: 'VERIFIER', agencyId: b.id } })
    expect(await revokeRole({ id: admin.id, grants }, roleB.id, actor)).toBe(false)
    expect(await prisma.userRole.findUnique({ where: { id: roleB.id } })).not.toBeNull()

    expect((await verifyAuditLog()).ok).toBe(true)
  })
})
