import crypto from 'node:crypto'

/** A random URL-safe secret and the SHA-256 that is stored in its place. */
export function newSecret() {
  const secret = crypto.randomBytes(32).toString('base64url')
  return { secret, hash: hashSecret(secret) }
}

export function hashSecret(secret: string) {
  return crypto.createHash('sha256').update(secret).digest('hex')
}
