import { solveChallenge } from 'altcha-lib'

type Challenge = { algorithm: string; challenge: string; maxnumber?: number; salt: string; signature: string }

/**
 * Solves an ALTCHA challenge the way the browser widget does and returns the form payload: for the
 * integration tests and the registration bench, which submit forms without a browser. It proves
 * nothing is skipped — the server verifies the real proof of work.
 */
export async function solveCaptcha(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise
  if (!solution) throw new Error('CAPTCHA challenge could not be solved')
  return Buffer.from(
    JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: solution.number,
      salt: challenge.salt,
      signature: challenge.signature,
    }),
  ).toString('base64')
}
