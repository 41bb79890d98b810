/**
 * Candidate codes: what assessors see instead of a name. Random (not derived from the registration
 * number or the order of applications, so a code reveals nothing and cannot be guessed), per
 * batch, from an alphabet without look-alike characters (no 0/O, 1/I/L, 5/S, 8/B, 2/Z).
 */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679'
export const CODE_LENGTH = 6

const PREFIX: Record<string, string> = { PSIKOTES: 'PSI', WAWANCARA: 'WAW', PRAKTIK_KERJA: 'PRK', KESAMAPTAAN: 'SAM' }

export function codePrefix(testType: string): string {
  return PREFIX[testType] ?? testType.replace(/[^A-Z]/g, '').slice(0, 3).padEnd(3, 'X')
}

/** A code from random bytes (the caller passes crypto.randomBytes(CODE_LENGTH)). */
export function candidateCode(testType: string, bytes: Uint8Array): string {
  if (bytes.length < CODE_LENGTH) throw new Error('not enough random bytes')
  let body = ''
  // 25 symbols: bytes ≥ 250 would bias the draw; the modulo bias of 256 % 25 = 6 is accepted as
  // negligible for codes that only need to be unguessable within a batch.
  for (let i = 0; i < CODE_LENGTH; i++) body += CODE_ALPHABET[bytes[i]! % CODE_ALPHABET.length]
  return `${codePrefix(testType)}-${body}`
}

export const CODE_PATTERN = /^[A-Z]{3}-[ACDEFGHJKMNPQRTUVWXY34679]{6}$/
