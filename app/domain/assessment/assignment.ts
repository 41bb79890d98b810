/**
 * Spreading a batch's candidates over its assessors (issue 7): every candidate gets `perCandidate`
 * different assessors, never one with a conflict; loads differ by at most one wherever the
 * conflicts allow; who gets whom is random. Randomness is injected so tests can fix it.
 */
export type Random = () => number

export type AssignmentInput = {
  candidates: readonly string[]
  assessors: readonly string[]
  perCandidate: number
  /** `${candidateId}|${assessorId}` pairs that must never be assigned. */
  conflicts: ReadonlySet<string>
  /** Assignments that already exist (kept; counted in loads). */
  existing?: readonly { candidateId: string; assessorId: string }[]
  random: Random
}

export type AssignmentResult = {
  pairs: { candidateId: string; assessorId: string }[]
  /** Candidates that could not get enough assessors without a conflict. */
  short: { candidateId: string; missing: number }[]
}

export const pairKey = (candidateId: string, assessorId: string) => `${candidateId}|${assessorId}`

export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

export function assignEvenly(input: AssignmentInput): AssignmentResult {
  const { perCandidate, conflicts, random } = input
  const load = new Map(input.assessors.map((a) => [a, 0]))
  const has = new Map<string, Set<string>>()
  for (const e of input.existing ?? []) {
    if (load.has(e.assessorId)) load.set(e.assessorId, load.get(e.assessorId)! + 1)
    if (!has.has(e.candidateId)) has.set(e.candidateId, new Set())
    has.get(e.candidateId)!.add(e.assessorId)
  }
  const eligible = (c: string) => input.assessors.filter((a) => !conflicts.has(pairKey(c, a)) && !has.get(c)?.has(a))
  // The most constrained candidates first, so a candidate with few eligible assessors is not
  // left without any; random order among equals.
  const order = shuffle(input.candidates, random)
    .map((c) => ({ c, n: eligible(c).length }))
    .sort((x, y) => x.n - y.n)
    .map((x) => x.c)

  const pairs: AssignmentResult['pairs'] = []
  const short: AssignmentResult['short'] = []
  for (const candidateId of order) {
    const already = has.get(candidateId)?.size ?? 0
    let needed = perCandidate - already
    const pool = shuffle(eligible(candidateId), random)
    while (needed > 0 && pool.length) {
      // The least-loaded eligible assessor; the shuffle decides among equals (stable sort).
      pool.sort((a, b) => load.get(a)! - load.get(b)!)
      const assessorId = pool.shift()!
      pairs.push({ candidateId, assessorId })
      load.set(assessorId, load.get(assessorId)! + 1)
      needed--
    }
    if (needed > 0) short.push({ candidateId, missing: needed })
  }
  return { pairs, short }
}

/** The adjudicator for a candidate: an assessor not already scoring them, without conflict, least loaded. */
export function pickAdjudicator(input: {
  candidateId: string
  assessors: readonly string[]
  alreadyAssigned: readonly string[]
  conflicts: ReadonlySet<string>
  load: ReadonlyMap<string, number>
  random: Random
}): string | null {
  const pool = shuffle(
    input.assessors.filter((a) => !input.alreadyAssigned.includes(a) && !input.conflicts.has(pairKey(input.candidateId, a))),
    input.random,
  )
  pool.sort((a, b) => (input.load.get(a) ?? 0) - (input.load.get(b) ?? 0))
  return pool[0] ?? null
}
