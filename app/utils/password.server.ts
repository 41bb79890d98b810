import { hash, verify, type Algorithm } from '@node-rs/argon2'

/**
 * argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1). Never lower these: account creation
 * throughput is measured against exactly this cost (issue 4's bench).
 */
export const ARGON2_OPTIONS = {
  algorithm: 2 as Algorithm, // Algorithm.Argon2id (a const enum, not importable as a value here)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const

export function hashPassword(password: string) {
  return hash(password, ARGON2_OPTIONS)
}

// Verifying against a real hash when the account does not exist keeps the response time the same,
// so timing does not reveal which e-mail addresses are registered.
let dummyHash: Promise<string> | undefined

export async function verifyPassword(passwordHash: string | null | undefined, password: string) {
  if (!passwordHash) {
    dummyHash ??= hashPassword('dummy-password-for-timing-1')
    await verify(await dummyHash, password).catch(() => false)
    return false
  }
  return verify(passwordHash, password).catch(() => false)
}
