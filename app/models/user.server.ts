import { prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { hashPassword, verifyPassword } from '~/utils/password.server'
import { newSecret, hashSecret } from '~/utils/tokens.server'
import { sessionExpiry } from '~/utils/session.server'
import { audited, type AuditActor, type AuditEntry } from '~/models/audit.server'
import { hitRateLimit } from '~/models/rate-limit.server'
import { sendMail } from '~/utils/mail.server'
import { securityAnswerMatches } from '~/utils/security-answer.server'
import {
  passwordResetEmail,
  securityResetNoticeEmail,
  verificationEmail,
  staffInviteEmail,
} from '~/utils/mail-templates.server'
import type { TokenKind } from '~/generated/prisma/client'
import { canGrant, type RoleGrant, type RoleName } from '~/domain/identity/roles'

const TOKEN_LIFETIME_MINUTES: Record<TokenKind, number> = {
  EMAIL_VERIFY: 48 * 60,
  PASSWORD_RESET: 60,
  INVITE: 7 * 24 * 60,
}

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase()
}

// ─────────────────────────── sign-in ───────────────────────────

export type LoginResult =
  | { ok: true; sessionId: string; expiresAt: Date; userId: string }
  | { ok: false; error: 'invalid' | 'rateLimited' | 'noPassword' }
  | { ok: false; error: 'locked'; until: Date }

/**
 * Checks a password with two brakes: a per-network rate limit, and a per-account lockout after
 * LOGIN_MAX_FAILURES consecutive failures (for LOGIN_LOCKOUT_MINUTES). Every outcome that changes
 * the account is audited.
 */
export async function login(
  input: { email: string; password: string },
  actor: AuditActor,
): Promise<LoginResult> {
  const env = getEnv()
  const email = normaliseEmail(input.email)
  const ipLimit = await hitRateLimit(`login:ip:${actor.ip ?? 'unknown'}`, env.LOGIN_IP_LIMIT_PER_MINUTE, 60)
  if (!ipLimit.allowed) return { ok: false, error: 'rateLimited' }

  const user = await prisma.user.findUnique({ where: { email } })
  if (user?.lockedUntil && user.lockedUntil > new Date()) {
    return { ok: false, error: 'locked', until: user.lockedUntil }
  }
  const valid = await verifyPassword(user?.passwordHash, input.password)
  if (!user) return { ok: false, error: 'invalid' }
  if (!user.passwordHash) return { ok: false, error: 'noPassword' }

  if (!valid) {
    const failures = user.failedLoginCount + 1
    const lock = failures >= env.LOGIN_MAX_FAILURES
    const until = new Date(Date.now() + env.LOGIN_LOCKOUT_MINUTES * 60_000)
    await audited({ ...actor, actorId: null }, async (tx, audit) => {
      await tx.user.update({
        where: { id: user.id },
        data: lock ? { failedLoginCount: 0, lockedUntil: until } : { failedLoginCount: failures },
      })
      await audit({
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'User',
        entityId: user.id,
        after: lock ? { lockedUntil: until, failures } : { failures },
      })
    })
    return lock ? { ok: false, error: 'locked', until } : { ok: false, error: 'invalid' }
  }

  const expiresAt = sessionExpiry()
  const session = await audited({ ...actor, actorId: user.id }, async (tx, audit) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } })
    const s = await tx.session.create({
      data: { userId: user.id, expiresAt, ip: actor.ip, userAgent: actor.userAgent?.slice(0, 300) },
    })
    await audit({ action: 'auth.login', entityType: 'Session', entityId: s.id, after: { userId: user.id } })
    return s
  })
  return { ok: true, sessionId: session.id, expiresAt, userId: user.id }
}

export async function logout(sessionId: string, actor: AuditActor) {
  await audited(actor, async (tx, audit) => {
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: new Date() },
    })
    if (count) await audit({ action: 'auth.logout', entityType: 'Session', entityId: sessionId })
  })
}

// ─────────────────────────── sessions ───────────────────────────

export function listActiveSessions(userId: string) {
  return prisma.session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: 'desc' },
  })
}

/** Ends one of the user's own sessions; the owner filter is in the query. */
export async function revokeSession(userId: string, sessionId: string, actor: AuditActor) {
  return audited(actor, async (tx, audit) => {
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, userId, revokedAt: null },
      data: { revokedAt: new Date() },
    })
    if (count) await audit({ action: 'auth.session_revoked', entityType: 'Session', entityId: sessionId })
    return count > 0
  })
}

export async function revokeAllSessions(userId: string, actor: AuditActor, reason = 'user') {
  return audited(actor, async (tx, audit) => {
    const { count } = await tx.session.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: new Date() },
    })
    await audit({
      action: 'auth.sessions_revoked_all',
      entityType: 'User',
      entityId: userId,
      after: { sessions: count, reason },
    })
    return count
  })
}

// ─────────────────────────── e-mailed tokens ───────────────────────────

type AuditedTx = Parameters<Parameters<typeof audited>[1]>[0]

async function issueToken(tx: AuditedTx, userId: string, kind: TokenKind) {
  // A new link replaces older unused links of the same kind.
  await tx.token.updateMany({ where: { userId, kind, usedAt: null }, data: { usedAt: new Date() } })
  return createToken(tx, userId, kind)
}

/** Stores a new token's hash with its lifetime and returns the secret for the link. */
async function createToken(tx: AuditedTx, userId: string, kind: TokenKind) {
  const { secret, hash } = newSecret()
  await tx.token.create({
    data: {
      userId,
      kind,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MINUTES[kind] * 60_000),
    },
  })
  return secret
}

/** Finds a usable token (right kind, unused, unexpired) by its secret. */
export async function findUsableToken(secret: string, kind: TokenKind) {
  if (!secret) return null
  return prisma.token.findFirst({
    where: { tokenHash: hashSecret(secret), kind, usedAt: null, expiresAt: { gt: new Date() } },
    include: { user: true },
  })
}

export async function sendEmailVerification(userId: string, actor: AuditActor) {
  const { user, secret } = await audited(actor, async (tx, audit) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } })
    const secret = await issueToken(tx, userId, 'EMAIL_VERIFY')
    await audit(EMAIL_VERIFICATION_SENT(userId))
    return { user, secret }
  })
  await mailEmailVerification(user, secret)
}

const EMAIL_VERIFICATION_SENT = (userId: string): AuditEntry => ({ action: 'auth.email_verification_sent', entityType: 'User', entityId: userId })

/**
 * The first verification link of an account being created, inside the transaction that creates it
 * (account creation is the step issue 4 measures: a second transaction with its own chain lock just
 * for the token cost ~7 statements; ADR 023 addendum 2). A new account has no earlier link to
 * retire. The caller writes the returned audit entry with its own and, after the commit, mails the
 * link with `mailEmailVerification` (never from inside the transaction: queue.server.ts).
 */
export async function issueFirstEmailVerification(tx: AuditedTx, userId: string) {
  const secret = await createToken(tx, userId, 'EMAIL_VERIFY')
  return { secret, audit: EMAIL_VERIFICATION_SENT(userId) }
}

/** Queues the verification mail with the link for `secret`. */
export async function mailEmailVerification(user: { email: string; name: string }, secret: string) {
  const link = `${getEnv().APP_URL}/verifikasi-email?token=${secret}`
  await sendMail({ to: user.email, template: 'email-verification', ...verificationEmail({ name: user.name, link }) })
}

export async function verifyEmail(secret: string, actor: AuditActor) {
  const token = await findUsableToken(secret, 'EMAIL_VERIFY')
  if (!token) return false
  await audited({ ...actor, actorId: actor.actorId ?? token.userId }, async (tx, audit) => {
    await tx.token.update({ where: { id: token.id }, data: { usedAt: new Date() } })
    await tx.user.update({ where: { id: token.userId }, data: { emailVerifiedAt: new Date() } })
    await audit({ action: 'auth.email_verified', entityType: 'User', entityId: token.userId, after: { email: token.user.email } })
  })
  return true
}

/**
 * Always answers the same way whether or not the address exists (no account enumeration); the
 * rate limit stops a flood of reset mails to one address.
 */
export async function requestPasswordReset(emailInput: string, actor: AuditActor) {
  const email = normaliseEmail(emailInput)
  const limit = await hitRateLimit(`reset:${email}`, 3, 15 * 60)
  if (!limit.allowed) return
  const user = await prisma.user.findUnique({ where: { email } })
  if (!user) return
  const secret = await audited(actor, async (tx, audit) => {
    const secret = await issueToken(tx, user.id, 'PASSWORD_RESET')
    await audit({ action: 'auth.password_reset_requested', entityType: 'User', entityId: user.id })
    return secret
  })
  const link = `${getEnv().APP_URL}/sandi-baru?token=${secret}`
  await sendMail({ to: user.email, template: 'password-reset', ...passwordResetEmail({ name: user.name, link }) })
}

export type SecurityResetInput = {
  nik: string
  /** The KK number, or the family head's NIK, as entered at account creation. */
  kk: string
  /** YYYY-MM-DD */
  birthDate: string
  questionCode: string
  answer: string
}

export type SecurityResetResult = { ok: true; secret: string } | { ok: false; problem: 'mismatch' | 'locked' | 'rateLimited' }

/** Wrong answers allowed per NIK per hour before the helpdesk reset refuses that NIK. */
const SECURITY_RESET_MAX_PER_HOUR = 5

/**
 * The helpdesk password reset without e-mail (domain.md §1 A.5: NIK + KK + date of birth + security
 * answer + CAPTCHA; the route checks the CAPTCHA). On success it issues the same single-use reset
 * token an e-mailed link carries, so choosing the password is one flow; the account's address is
 * told, in case someone else knew the answers. Which part did not match is never said.
 */
export async function startResetBySecurityAnswer(input: SecurityResetInput, actor: AuditActor): Promise<SecurityResetResult> {
  const ipLimit = await hitRateLimit(`security-reset:ip:${actor.ip ?? 'unknown'}`, getEnv().LOGIN_IP_LIMIT_PER_MINUTE, 60)
  if (!ipLimit.allowed) return { ok: false, problem: 'rateLimited' }
  const nikLimit = await hitRateLimit(`security-reset:nik:${input.nik}`, SECURITY_RESET_MAX_PER_HOUR, 60 * 60)
  if (!nikLimit.allowed) return { ok: false, problem: 'locked' }

  // An applicant has one account per period; the newest is the one they are trying to reach.
  const identity = await prisma.applicantIdentity.findFirst({
    where: { nik: input.nik, kk: input.kk, birthDate: new Date(`${input.birthDate}T00:00:00Z`) },
    orderBy: { createdAt: 'desc' },
    select: { userId: true },
  })
  const stored = identity
    ? await prisma.securityAnswer.findFirst({ where: { userId: identity.userId, questionCode: input.questionCode } })
    : null
  if (!identity || !stored || !securityAnswerMatches(stored, input.answer)) {
    return { ok: false, problem: 'mismatch' }
  }
  const { user, secret } = await audited({ ...actor, actorId: identity.userId, actorRole: 'APPLICANT' }, async (tx, audit) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: identity.userId }, select: { email: true, name: true } })
    const secret = await issueToken(tx, identity.userId, 'PASSWORD_RESET')
    await audit({
      action: 'auth.password_reset_requested',
      entityType: 'User',
      entityId: identity.userId,
      after: { via: 'security_question', questionCode: input.questionCode },
    })
    return { user, secret }
  })
  await sendMail({ to: user.email, template: 'security-reset-notice', ...securityResetNoticeEmail({ name: user.name }) })
  return { ok: true, secret }
}

/**
 * Sets a new password from a reset or invitation link. Every existing session of the user ends,
 * so whoever knew the old password is signed out.
 */
export async function setPasswordWithToken(
  secret: string,
  kind: 'PASSWORD_RESET' | 'INVITE',
  password: string,
  actor: AuditActor,
  extra: { name?: string } = {},
) {
  const token = await findUsableToken(secret, kind)
  if (!token) return null
  const passwordHash = await hashPassword(password)
  await audited({ ...actor, actorId: token.userId }, async (tx, audit) => {
    // Claim the token inside the transaction: a second use of the same link changes nothing.
    const claimed = await tx.token.updateMany({
      where: { id: token.id, usedAt: null },
      data: { usedAt: new Date() },
    })
    if (claimed.count !== 1) throw new Error('Token already used')
    await tx.user.update({
      where: { id: token.userId },
      data: {
        passwordHash,
        failedLoginCount: 0,
        lockedUntil: null,
        // The link arrived by e-mail, which proves the address.
        emailVerifiedAt: token.user.emailVerifiedAt ?? new Date(),
        ...(extra.name ? { name: extra.name } : {}),
      },
    })
    const ended = await tx.session.updateMany({
      where: { userId: token.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    })
    await audit({
      action: kind === 'INVITE' ? 'auth.invite_accepted' : 'auth.password_reset',
      entityType: 'User',
      entityId: token.userId,
      after: { sessionsEnded: ended.count },
    })
  })
  return token.user
}

// ─────────────────────────── staff ───────────────────────────

export type InviteInput = {
  email: string
  name: string
  role: RoleName
  agencyId: string | null
  universityId: string | null
}

export type InviteResult =
  | { ok: true; invited: boolean; userId: string }
  | { ok: false; error: string }

/**
 * Gives a staff role. A new address gets an account without password and an invitation link; an
 * existing account simply gains the role. The inviter's own grants decide what may be given.
 */
export async function inviteStaff(
  inviter: { id: string; grants: readonly RoleGrant[] },
  input: InviteInput,
  actor: AuditActor,
): Promise<InviteResult> {
  const target: RoleGrant = { role: input.role, agencyId: input.agencyId, universityId: input.universityId }
  const allowed = canGrant(inviter.grants, target)
  if (!allowed.ok) return { ok: false, error: allowed.reason }
  const email = normaliseEmail(input.email)

  const result = await audited(actor, async (tx, audit) => {
    let user = await tx.user.findUnique({ where: { email }, include: { roles: true } })
    const created = !user
    if (!user) {
      user = await tx.user.create({ data: { email, name: input.name }, include: { roles: true } })
      await audit({ action: 'user.created', entityType: 'User', entityId: user.id, after: { email, name: input.name } })
    }
    const duplicate = user.roles.some(
      (r) => r.role === target.role && r.agencyId === target.agencyId && r.universityId === target.universityId,
    )
    if (duplicate) return { error: 'staff.alreadyHas' }
    // Independence (issue 7): an assessor of an agency holds no staff role there, and the reverse.
    const independent = canGrant(
      inviter.grants,
      target,
      user.roles.map((r) => ({ role: r.role as RoleName, agencyId: r.agencyId, universityId: r.universityId })),
    )
    if (!independent.ok) return { error: independent.reason }
    const grant = await tx.userRole.create({
      data: { userId: user.id, ...target, grantedById: inviter.id },
    })
    await audit({ action: 'role.granted', entityType: 'UserRole', entityId: grant.id, after: { userId: user.id, ...target } })
    const secret = user.passwordHash ? null : await issueToken(tx, user.id, 'INVITE')
    return { user, created, secret }
  })
  if ('error' in result) return { ok: false, error: result.error! }

  const scope = await describeScope(target)
  const link = result.secret ? `${getEnv().APP_URL}/undangan?token=${result.secret}` : `${getEnv().APP_URL}/masuk`
  await sendMail({
    to: email,
    template: 'staff-invite',
    ...staffInviteEmail({ name: input.name, role: target.role, scope, link, needsActivation: Boolean(result.secret) }),
  })
  return { ok: true, invited: Boolean(result.secret), userId: result.user.id }
}

async function describeScope(grant: RoleGrant) {
  if (grant.agencyId) return (await prisma.agency.findUnique({ where: { id: grant.agencyId } }))?.name ?? null
  if (grant.universityId) return (await prisma.university.findUnique({ where: { id: grant.universityId } }))?.name ?? null
  return null
}

/** Removes a role. Agency admins may only touch roles of their own agencies (filter in the query). */
export async function revokeRole(
  revoker: { id: string; grants: readonly RoleGrant[] },
  roleId: string,
  actor: AuditActor,
) {
  const grant = await prisma.userRole.findUnique({ where: { id: roleId } })
  if (!grant) return false
  const allowed = canGrant(revoker.grants, {
    role: grant.role as RoleName,
    agencyId: grant.agencyId,
    universityId: grant.universityId,
  })
  if (!allowed.ok || grant.userId === revoker.id) return false
  await audited(actor, async (tx, audit) => {
    await tx.userRole.delete({ where: { id: roleId } })
    await audit({
      action: 'role.revoked',
      entityType: 'UserRole',
      entityId: roleId,
      before: { userId: grant.userId, role: grant.role, agencyId: grant.agencyId, universityId: grant.universityId },
    })
  })
  return true
}

/** Staff visible to an admin: everyone for a national admin, else holders of roles in their agencies. */
export function listStaff(scope: { agencyIds: string[] | 'all' }) {
  return prisma.user.findMany({
    where: {
      roles: {
        some:
          scope.agencyIds === 'all'
            ? { role: { not: 'APPLICANT' } }
            : { agencyId: { in: scope.agencyIds } },
      },
    },
    include: {
      roles: {
        where: scope.agencyIds === 'all' ? {} : { agencyId: { in: scope.agencyIds } },
        include: { agency: { select: { name: true } }, university: { select: { name: true } } },
      },
    },
    orderBy: { email: 'asc' },
    take: 500,
  })
}

export async function updateProfile(
  userId: string,
  data: { name: string; locale: string; timeZone: string },
  actor: AuditActor,
) {
  await audited(actor, async (tx, audit) => {
    const before = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { name: true, locale: true, timeZone: true },
    })
    await tx.user.update({ where: { id: userId }, data })
    await audit({ action: 'user.profile_updated', entityType: 'User', entityId: userId, before, after: data })
  })
}
