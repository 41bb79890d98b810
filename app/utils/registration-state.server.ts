import crypto from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { getEnv } from '~/utils/env.server'
import type { IdentityInput, SecurityAnswerInput, UploadedPhoto } from '~/models/registration.server'

/**
 * What the account wizard knows between its steps, kept in the browser but sealed: AES-256-GCM
 * with a key derived from SESSION_SECRET, so it can be neither read (it holds a NIK and a password
 * hash) nor changed (the identity was checked against the registry in step 1, and no later step
 * trusts anything the browser sends about it). The state expires 30 minutes after the last step,
 * checked on the server from the sealed expiry, not only from the cookie's Max-Age.
 */
export type RegistrationState = {
  v: 1
  identity: IdentityInput
  nikFlags: string[]
  /** When step 1's checks passed (ms). */
  checkedAt: number
  /** Step 2: argon2id hash of the chosen password, and the stored photos. */
  passwordHash?: string
  ktp?: UploadedPhoto
  selfie?: UploadedPhoto
  /** Step 2: the two security questions and their answers' HMACs (ADR 018). */
  security?: SecurityAnswerInput[]
  /** Step 2 complete (password, both photos and the statement). */
  complete?: boolean
  /** Expiry (ms). */
  exp: number
}

export const REGISTRATION_TTL_MS = 30 * 60_000
/** Step 1's registry answer is not reused for longer than this, however active the wizard is. */
const MAX_AGE_SINCE_CHECK_MS = 2 * 60 * 60_000

const cookie = createCookie('__registrasi', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/daftar-akun',
})

let cachedKey: { secret: string; key: Buffer } | undefined

function key() {
  const secret = getEnv().SESSION_SECRET
  if (cachedKey?.secret !== secret) {
    const derived = Buffer.from(crypto.hkdfSync('sha256', secret, 'portal-asn', 'registration-state-v1', 32))
    cachedKey = { secret, key: derived }
  }
  return cachedKey.key
}

export function seal(value: unknown): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key(), iv)
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

export function unseal(sealed: string): unknown {
  try {
    const raw = Buffer.from(sealed, 'base64url')
    if (raw.length < 29) return null
    const decipher = crypto.createDecipheriv('aes-256-gcm', key(), raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
    return JSON.parse(text)
  } catch {
    return null
  }
}

export async function readRegistration(request: Request, now = Date.now()): Promise<RegistrationState | null> {
  const value = await cookie.parse(request.headers.get('Cookie'))
  if (typeof value !== 'string') return null
  const state = unseal(value) as RegistrationState | null
  if (!state || state.v !== 1 || typeof state.exp !== 'number') return null
  if (state.exp < now || now - state.checkedAt > MAX_AGE_SINCE_CHECK_MS) return null
  return state
}

/** Returns the Set-Cookie header that stores `state` (with a fresh expiry). */
export async function saveRegistration(state: Omit<RegistrationState, 'exp' | 'v'>, now = Date.now()) {
  const sealed = seal({ ...state, v: 1, exp: now + REGISTRATION_TTL_MS } satisfies RegistrationState)
  return cookie.serialize(sealed, {
    maxAge: REGISTRATION_TTL_MS / 1000,
    secure: getEnv().APP_URL.startsWith('https://'),
  })
}

export async function clearRegistration() {
  return cookie.serialize('', { maxAge: 0, expires: new Date(0) })
}
