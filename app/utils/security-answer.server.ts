import crypto from 'node:crypto'
import { normaliseAnswer } from '~/domain/identity/security-questions'
import { getEnv } from '~/utils/env.server'

/**
 * Security answers are stored as HMAC-SHA256 over a per-row salt and the normalised answer, keyed
 * from SESSION_SECRET (ADR 018). A copy of the database alone does not reveal or let anyone test
 * answers; argon2id (used for passwords) would add two more memory-hard hashes to every account
 * creation, the step already bound by hashing (issue 4's scale target), for answers that are only
 * ever checked behind a rate limit and a CAPTCHA.
 */
let cachedKey: { secret: string; key: Buffer } | undefined

function key() {
  const secret = getEnv().SESSION_SECRET
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: Buffer.from(crypto.hkdfSync('sha256', secret, 'portal-asn', 'security-answer-v1', 32)) }
  }
  return cachedKey.key
}

function mac(salt: string, answer: string) {
  return crypto.createHmac('sha256', key()).update(`${salt}\u0000${normaliseAnswer(answer)}`).digest('base64url')
}

export function hashSecurityAnswer(answer: string): { salt: string; answerHash: string } {
  const salt = crypto.randomBytes(16).toString('base64url')
  return { salt, answerHash: mac(salt, answer) }
}

export function securityAnswerMatches(stored: { salt: string; answerHash: string }, answer: string): boolean {
  const expected = Buffer.from(stored.answerHash)
  const actual = Buffer.from(mac(stored.salt, answer))
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual)
}
