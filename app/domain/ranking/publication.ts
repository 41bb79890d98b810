import { createHash } from 'node:crypto'

/**
 * Rules of publication (issue 8): two different committee members, an immutable list identified
 * by a content hash. (The final-results objection window is the shared objection rule,
 * `app/domain/verification/objection.ts`.)
 */

export type PublicationParty = { userId: string; isCommittee: boolean }

export type ApprovalRefusal = 'notCommittee' | 'samePerson'

/** Publication needs two different committee members: one prepares, another approves. */
export function approvalRefusal(preparer: PublicationParty, approver: PublicationParty): ApprovalRefusal | null {
  if (!approver.isCommittee || !preparer.isCommittee) return 'notCommittee'
  if (approver.userId === preparer.userId) return 'samePerson'
  return null
}

/** One published line; the order of fields and rows is the order hashed. */
export type PublishedLine = {
  registrationNumber: string
  name: string
  positionCode: string
  formasiTypeCode: string
  location: string
  rank: number | null
  score: string | null
  code: string
  assignedTo: string | null
}

/**
 * sha256 over a canonical text of the list (one JSON array per line, lines sorted by registration
 * number, preceded by the header fields), so anyone holding the CSV can recompute it.
 */
export function contentHash(header: { period: string; stage: string; version: number }, lines: readonly PublishedLine[]) {
  const hash = createHash('sha256')
  hash.update(JSON.stringify([header.period, header.stage, header.version]) + '\n')
  const sorted = [...lines].sort((a, b) => (a.registrationNumber < b.registrationNumber ? -1 : a.registrationNumber > b.registrationNumber ? 1 : 0))
  for (const l of sorted) {
    hash.update(JSON.stringify([l.registrationNumber, l.name, l.positionCode, l.formasiTypeCode, l.location, l.rank, l.score, l.code, l.assignedTo]) + '\n')
  }
  return hash.digest('hex')
}

/** Resigning after the NIP bans the person for 2 budget years (PermenPANRB 6/2024 Pasal 58, domain.md §6). */
export const RESIGNATION_BAN_YEARS = 2

export function resignationOutcome(afterNip: boolean, periodYear: number) {
  return afterNip
    ? { replace: false as const, bannedUntilYear: periodYear + RESIGNATION_BAN_YEARS }
    : { replace: true as const, bannedUntilYear: null }
}

/** A histogram of scores in `bins` equal-width bins between min and max, for the review chart. */
export function histogram(values: readonly number[], bins = 10) {
  if (!values.length) return []
  const min = Math.floor(Math.min(...values))
  const max = Math.ceil(Math.max(...values))
  const width = Math.max(1, Math.ceil((max - min + 1) / bins))
  const out = Array.from({ length: bins }, (_, i) => ({ from: min + i * width, to: min + (i + 1) * width - 1, count: 0 }))
  for (const v of values) out[Math.min(bins - 1, Math.floor((v - min) / width))]!.count++
  return out.filter((b, i) => b.count > 0 || i < Math.ceil((max - min + 1) / width))
}
