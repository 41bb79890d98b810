import { prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import type { ApplicantIdentity } from '~/generated/prisma/client'
import { audited, writeAuditBatch, type AuditActor } from '~/models/audit.server'
import { hitRateLimit } from '~/models/rate-limit.server'
import { isWithinWindow } from '~/models/period.server'
import { getRegionLookup } from '~/models/regions.server'
import {
  getPopulationRegistry,
  RegistryUnavailableError,
  type PopulationRegistry,
} from '~/models/population-registry.server'
import { issueFirstEmailVerification, normaliseEmail } from '~/models/user.server'
import { checkKk, checkNik, type NikFlag, type NikProblem, type Sex } from '~/domain/identity/nik'
import { maskNik, parseIsoDate } from '~/domain/identity/registration'
import { sessionExpiry } from '~/utils/session.server'
import { getBlobStore, MIME_TYPES, recordStoredFiles } from '~/utils/storage.server'

/**
 * SSCASN account creation (issue 4; domain.md §1 "Account creation"): the identity check of
 * step 1 and the confirmation of step 3. An account belongs to one selection period; one NIK has
 * at most one account per period, which the unique index (periodId, nik) guarantees even when
 * two confirmations race.
 */

export type IdentityInput = {
  periodId: string
  nik: string
  kk: string
  fullName: string
  birthPlace: string
  /** YYYY-MM-DD */
  birthDate: string
  sex: Sex
  email: string
  /** 08… */
  phone: string
}

/** i18n keys under `registration.errors`, named after SSCASN's messages. */
export type IdentityProblem =
  | NikProblem
  | 'kk.format'
  | 'kk.province'
  | 'nikTaken'
  | 'notInRegistry'
  | 'registryUnavailable'
  | 'emailTaken'
  | 'rateLimited'
  | 'registrationClosed'

export type IdentityCheck =
  | { ok: true; nikFlags: IdentityFlag[] }
  | { ok: false; field: 'nik' | 'kk' | 'email' | 'form'; problem: IdentityProblem }

/** Periods whose REGISTRATION window is open at `now` (server clock). */
export async function listOpenRegistrationPeriods(now = new Date()) {
  const periods = await prisma.selectionPeriod.findMany({
    where: { status: { not: 'CLOSED' }, windows: { some: { kind: 'REGISTRATION', opensAt: { lte: now }, closesAt: { gte: now } } } },
    orderBy: [{ year: 'desc' }, { code: 'asc' }],
    select: { id: true, code: true, name: true, kind: true, year: true },
  })
  // The window rule itself is the selection context's: ask it, do not re-implement it.
  const open = await Promise.all(periods.map((p) => isWithinWindow(p.id, 'REGISTRATION', now)))
  return periods.filter((_, i) => open[i])
}

export async function isRegistrationOpen(periodId: string, now = new Date()) {
  const period = await prisma.selectionPeriod.findUnique({ where: { id: periodId }, select: { status: true } })
  if (!period || period.status === 'CLOSED') return false
  return isWithinWindow(periodId, 'REGISTRATION', now)
}

/**
 * Step 1, in SSCASN's order: the NIK's and KK's structure (nothing else is asked while they are
 * wrong), then one account per NIK per period, then the population registry, then the e-mail
 * address. Each failure names its problem; a registry that cannot be reached is said so, never
 * taken as "not found".
 */
export async function checkIdentity(
  input: IdentityInput,
  opts: { ip?: string | null; registry?: PopulationRegistry; now?: Date } = {},
): Promise<IdentityCheck> {
  const birthDate = parseIsoDate(input.birthDate)
  if (!birthDate) return { ok: false, field: 'nik', problem: 'nik.birthDateMismatch' }
  const regions = getRegionLookup()
  const nik = checkNik(input.nik, { birthDate, sex: input.sex }, regions)
  if (!nik.ok) return { ok: false, field: 'nik', problem: nik.problem }
  const kk = checkKk(input.kk, regions)
  if (kk) return { ok: false, field: 'kk', problem: kk }

  if (!(await isRegistrationOpen(input.periodId, opts.now))) return { ok: false, field: 'form', problem: 'registrationClosed' }

  if (await isNikRegistered(input.periodId, input.nik)) return { ok: false, field: 'nik', problem: 'nikTaken' }

  // The registry answers whether a NIK + name + birth date exist: limit how fast one address may ask.
  const limit = await hitRateLimit(`register:ip:${opts.ip ?? 'unknown'}`, getEnv().LOGIN_IP_LIMIT_PER_MINUTE, 60)
  if (!limit.allowed) return { ok: false, field: 'form', problem: 'rateLimited' }

  const registry = opts.registry ?? getPopulationRegistry()
  let answer
  try {
    answer = await registry.lookup({ nik: input.nik, kk: input.kk, name: input.fullName, birthDate: input.birthDate })
  } catch (err) {
    if (err instanceof RegistryUnavailableError) {
      console.error(`[registration] ${err.message}`)
      return { ok: false, field: 'form', problem: 'registryUnavailable' }
    }
    throw err
  }
  if (answer !== 'MATCH' && answer !== 'MATCH_FAMILY_HEAD') return { ok: false, field: 'nik', problem: 'notInRegistry' }

  if (await prisma.user.findUnique({ where: { email: normaliseEmail(input.email) }, select: { id: true } })) {
    return { ok: false, field: 'email', problem: 'emailTaken' }
  }
  // The verifier should know the KK field held the family head's NIK, not the KK number itself.
  const flags: IdentityFlag[] = answer === 'MATCH_FAMILY_HEAD' ? [...nik.flags, 'kk.familyHeadNik'] : nik.flags
  return { ok: true, nikFlags: flags }
}

/**
 * Photos are written to storage before the account exists (step 2), so the number of uploads one
 * address may send is limited like the registry check.
 */
export async function allowRegistrationUpload(ip: string | null | undefined) {
  const limit = await hitRateLimit(`register-upload:ip:${ip ?? 'unknown'}`, getEnv().LOGIN_IP_LIMIT_PER_MINUTE, 60)
  return limit.allowed
}

export async function isNikRegistered(periodId: string, nik: string) {
  return (await prisma.applicantIdentity.count({ where: { periodId, nik } })) > 0
}

/** Findings the verifier sees: the NIK's structural flags, and how the KK field was matched. */
export type IdentityFlag = NikFlag | 'kk.familyHeadNik'

export type UploadedPhoto = { hash: string; size: number }
export type SecurityAnswerInput = { questionCode: string; salt: string; answerHash: string }

export type RegisterInput = {
  identity: IdentityInput
  nikFlags: string[]
  passwordHash: string
  ktp: UploadedPhoto
  selfie: UploadedPhoto
  /** The two security questions (domain.md §1 A.2), already hashed. */
  security: SecurityAnswerInput[]
  locale: 'id' | 'en'
}

export type RegisterResult =
  | {
      ok: true
      userId: string
      identityId: string
      sessionId: string
      expiresAt: Date
      verification: { email: string; name: string; secret: string }
    }
  | { ok: false; problem: 'nikTaken' | 'emailTaken' | 'filesMissing' | 'registrationClosed' }

/**
 * Step 3: the account, its APPLICANT role, the frozen identity, the two photos' records and the
 * first session, in one transaction with their audit rows. Every insert that can collide with
 * another registration (identity, e-mail, file) comes before the first audit row: a confirmation
 * that loses a race waits only on the unique index, holds no audit-chain lock, and fails cleanly.
 * The verification e-mail is sent by the caller after this returns.
 */
export async function registerApplicant(input: RegisterInput, actor: AuditActor, now = new Date()): Promise<RegisterResult> {
  const { identity } = input
  if (!(await isRegistrationOpen(identity.periodId, now))) return { ok: false, problem: 'registrationClosed' }
  const store = getBlobStore()
  if (!(await store.has(input.ktp.hash)) || !(await store.has(input.selfie.hash))) {
    return { ok: false, problem: 'filesMissing' }
  }
  const email = normaliseEmail(identity.email)
  const expiresAt = sessionExpiry()
  try {
    return await audited(actor, async (tx) => {
      const user = await tx.user.create({
        data: { email, name: identity.fullName, passwordHash: input.passwordHash, locale: input.locale },
      })
      const row = await tx.applicantIdentity.create({
        data: {
          userId: user.id,
          periodId: identity.periodId,
          nik: identity.nik,
          kk: identity.kk,
          fullName: identity.fullName,
          birthPlace: identity.birthPlace,
          birthDate: new Date(`${identity.birthDate}T00:00:00Z`),
          sex: identity.sex,
          phone: identity.phone,
          nikFlags: input.nikFlags,
          ktpFileHash: input.ktp.hash,
          selfieFileHash: input.selfie.hash,
          confirmedAt: now,
        },
      })
      const role = await tx.userRole.create({ data: { userId: user.id, role: 'APPLICANT' } })
      await tx.securityAnswer.createMany({
        data: input.security.map((answer, index) => ({ userId: user.id, slot: index + 1, ...answer })),
      })
      await recordStoredFiles(tx, [
        { hash: input.ktp.hash, size: input.ktp.size, mime: MIME_TYPES.JPG },
        { hash: input.selfie.hash, size: input.selfie.size, mime: MIME_TYPES.JPG },
      ])
      const session = await tx.session.create({
        data: { userId: user.id, expiresAt, ip: actor.ip, userAgent: actor.userAgent?.slice(0, 300) },
      })
      // The verification link in the same transaction: one chain lock for the whole account.
      const verification = await issueFirstEmailVerification(tx, user.id)

      // The registrant was anonymous until now; the rows name the account they just created.
      // One batch (one chain lock, one read of the chain's head, one INSERT) rather than four
      // rounds of lock + read + insert: account creation is the step issue 4 measures.
      const registrant: AuditActor = { ...actor, actorId: user.id, actorRole: 'APPLICANT' }
      await writeAuditBatch(tx, registrant, [
        { action: 'user.created', entityType: 'User', entityId: user.id, after: { email, name: identity.fullName, via: 'registration' } },
        { action: 'role.granted', entityType: 'UserRole', entityId: role.id, after: { userId: user.id, role: 'APPLICANT' } },
        {
          action: 'applicant.identity_confirmed',
          entityType: 'ApplicantIdentity',
          entityId: row.id,
          after: {
            userId: user.id,
            periodId: identity.periodId,
            nik: maskNik(identity.nik),
            nikFlags: input.nikFlags,
            ktpFileHash: input.ktp.hash,
            selfieFileHash: input.selfie.hash,
            securityQuestions: input.security.map((answer) => answer.questionCode),
            confirmedAt: now,
          },
        },
        { action: 'auth.login', entityType: 'Session', entityId: session.id, after: { userId: user.id, via: 'registration' } },
        verification.audit,
      ])
      return {
        ok: true as const,
        userId: user.id,
        identityId: row.id,
        sessionId: session.id,
        expiresAt,
        /** For `mailEmailVerification` once committed. */
        verification: { email, name: identity.fullName, secret: verification.secret },
      }
    })
  } catch (err) {
    const on = uniqueViolation(err)
    if (on?.includes('nik')) return { ok: false, problem: 'nikTaken' }
    if (on?.includes('email')) return { ok: false, problem: 'emailTaken' }
    throw err
  }
}

/** Which of the registration's unique rules a Prisma P2002 error broke, or null for any other error. */
function uniqueViolation(err: unknown): ('nik' | 'email')[] | null {
  const e = err as { code?: string; meta?: Record<string, unknown> }
  if (e?.code !== 'P2002') return null
  // The pg driver adapter names the index (meta.driverAdapterError.cause.constraint.index); the
  // classic engine lists the fields (meta.target). Recognise both.
  const text = JSON.stringify(e.meta ?? {})
  const broken: ('nik' | 'email')[] = []
  if (text.includes('ApplicantIdentity_periodId_nik_key') || /"nik"/.test(text)) broken.push('nik')
  if (text.includes('User_email_key') || /"email"/.test(text)) broken.push('email')
  return broken
}

export async function getPeriodName(periodId: string): Promise<string | null> {
  // On every dashboard load: a plain statement, not a Prisma findUnique (ADR 023 addendum).
  const rows = await prisma.$queryRaw<{ name: string }[]>`SELECT name FROM "SelectionPeriod" WHERE id = ${periodId}`
  return rows[0]?.name ?? null
}

/**
 * Asked on every page of the application flow (requireVerifiedApplicant): one plain statement,
 * about a quarter of the CPU of the same Prisma findUnique (ADR 023).
 */
export async function getApplicantIdentity(userId: string): Promise<ApplicantIdentity | null> {
  const rows = await prisma.$queryRaw<ApplicantIdentity[]>`SELECT * FROM "ApplicantIdentity" WHERE "userId" = ${userId}`
  return rows[0] ?? null
}

export type ApplicantIdentitySummary = {
  periodName: string
  nik: string
  kk: string
  fullName: string
  birthPlace: string
  /** YYYY-MM-DD */
  birthDate: string
  sex: string
  phone: string
  /** ISO instant */
  confirmedAt: string
  flags: string[]
}

/** The signed-in applicant's own confirmed identity, ready to show read-only; null for staff. */
export async function getApplicantIdentitySummary(userId: string): Promise<ApplicantIdentitySummary | null> {
  const identity = await prisma.applicantIdentity.findUnique({ where: { userId } })
  if (!identity?.confirmedAt) return null
  return {
    periodName: (await getPeriodName(identity.periodId)) ?? '',
    nik: identity.nik,
    kk: identity.kk,
    fullName: identity.fullName,
    birthPlace: identity.birthPlace,
    birthDate: identity.birthDate.toISOString().slice(0, 10),
    sex: identity.sex,
    phone: identity.phone,
    confirmedAt: identity.confirmedAt.toISOString(),
    flags: identity.nikFlags,
  }
}

/** What the Kartu Informasi Akun shows — only the signed-in owner's own, confirmed identity. */
export async function getAccountCard(userId: string) {
  const identity = await prisma.applicantIdentity.findFirst({
    where: { userId, confirmedAt: { not: null } },
  })
  if (!identity) return null
  const [period, user] = await Promise.all([
    prisma.selectionPeriod.findUnique({ where: { id: identity.periodId }, select: { name: true, code: true } }),
    prisma.user.findUnique({ where: { id: userId }, select: { email: true } }),
  ])
  if (!period || !user) return null
  return { identity, period, email: user.email }
}

/** For the public check of a card's QR code: the identity and its period, or null. */
export async function getIdentityForCardCheck(identityId: string) {
  const identity = await prisma.applicantIdentity.findFirst({
    where: { id: identityId, confirmedAt: { not: null } },
    select: { id: true, fullName: true, nik: true, periodId: true, confirmedAt: true },
  })
  if (!identity) return null
  const period = await prisma.selectionPeriod.findUnique({ where: { id: identity.periodId }, select: { name: true } })
  return period ? { ...identity, periodName: period.name } : null
}
