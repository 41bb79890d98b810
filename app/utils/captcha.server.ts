import crypto from 'node:crypto'
import { createChallenge, extractParams, verifySolution } from 'altcha-lib'
import { prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

/**
 * CAPTCHA for the forms SSCASN protects with one (domain.md §1 A.1 identity check, A.5 helpdesk
 * password reset), as an ALTCHA proof of work (ADR 018): self-hosted (no third-party service, no
 * tracking), no picture puzzle to fail on a small screen or with a screen reader, and it costs a
 * script that floods the registry check real CPU per attempt. A solution is accepted once.
 */
const CHALLENGE_TTL_MS = 10 * 60_000

let cachedKey: { secret: string; key: string } | undefined

function hmacKey() {
  const secret = getEnv().SESSION_SECRET
  if (cachedKey?.secret !== secret) {
    const key = Buffer.from(crypto.hkdfSync('sha256', secret, 'portal-asn', 'captcha-v1', 32)).toString('hex')
    cachedKey = { secret, key }
  }
  return cachedKey.key
}

export async function createCaptchaChallenge(now = new Date()) {
  return createChallenge({
    hmacKey: hmacKey(),
    maxnumber: getEnv().CAPTCHA_MAX_NUMBER,
    expires: new Date(now.getTime() + CHALLENGE_TTL_MS),
  })
}

/** The i18n key of each problem is `captcha.errors.<problem>`. */
export type CaptchaProblem = 'missing' | 'invalid' | 'used'

/**
 * Checks the widget's payload (base64 JSON) and records it as used in the same statement that
 * detects a replay. Returns null when it is good.
 */
export async function checkCaptcha(payload: FormDataEntryValue | null, now = new Date()): Promise<CaptchaProblem | null> {
  if (typeof payload !== 'string' || payload.length === 0) return 'missing'
  if (payload.length > 2_000) return 'invalid'
  let valid = false
  try {
    valid = await verifySolution(payload, hmacKey(), true)
  } catch {
    valid = false
  }
  if (!valid) return 'invalid'
  const { signature } = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { signature: string }
  const expires = Number(extractParams(payload).expires) * 1000
  const expiresAt = new Date(Number.isFinite(expires) && expires > 0 ? expires : now.getTime() + CHALLENGE_TTL_MS)
  const inserted = await prisma.$executeRaw`
    INSERT INTO "CaptchaUse" ("signature", "expiresAt") VALUES (${signature}, ${expiresAt})
    ON CONFLICT ("signature") DO NOTHING`
  // Old signatures can go: their challenges are expired, so verifySolution refuses them anyway.
  if (Math.random() < 0.01) await prisma.captchaUse.deleteMany({ where: { expiresAt: { lt: now } } })
  return inserted === 1 ? null : 'used'
}
