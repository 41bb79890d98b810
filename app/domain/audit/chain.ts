import { createHash } from 'node:crypto'

/**
 * The audit log's hash chain (ADR 004). Each row's hash covers its own fields and the previous
 * row's hash in the same chain, so changing, removing or re-ordering any row breaks every hash
 * after it. Rows are spread over a fixed number of chains by entity, so writers of unrelated
 * entities never wait on one another, and one entity's history always sits in one chain.
 */
export const GENESIS_HASH = '0'.repeat(64)

export type AuditFields = {
  chain: number
  chainSeq: bigint | number
  at: Date
  actorId: string | null
  actorRole: string | null
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
  ip: string | null
  userAgent: string | null
}

export function chainOf(entityType: string, entityId: string, chains: number): number {
  const digest = createHash('sha256').update(`${entityType}:${entityId}`).digest()
  return digest.readUInt32BE(0) % chains
}

export function hashRow(prevHash: string, row: AuditFields): string {
  const payload = canonicalJson([
    row.chain,
    String(row.chainSeq),
    row.at.toISOString(),
    row.actorId,
    row.actorRole,
    row.action,
    row.entityType,
    row.entityId,
    row.before ?? null,
    row.after ?? null,
    row.ip,
    row.userAgent,
  ])
  return createHash('sha256').update(prevHash).update('\n').update(payload).digest('hex')
}

/** JSON with object keys sorted, so that a jsonb round-trip (which re-orders keys) hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value instanceof Date) return value.toISOString()
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    )
  }
  if (typeof value === 'bigint') return value.toString()
  return value
}

export type ChainBreak = { id: bigint; chain: number; chainSeq: bigint; problem: string }

/**
 * Verifies rows of one chain given in chainSeq order. Returns the first break found, or null.
 */
export function verifyChain(
  rows: Iterable<AuditFields & { id: bigint; prevHash: string; hash: string }>,
  start: { prevHash: string; seq: bigint } = { prevHash: GENESIS_HASH, seq: 0n },
): { lastHash: string; lastSeq: bigint; count: number; broken: ChainBreak | null } {
  let prevHash = start.prevHash
  let expectedSeq = start.seq + 1n
  let count = 0
  for (const row of rows) {
    const seq = BigInt(row.chainSeq)
    const at = { id: row.id, chain: row.chain, chainSeq: seq }
    if (seq !== expectedSeq) {
      return { lastHash: prevHash, lastSeq: expectedSeq - 1n, count, broken: { ...at, problem: `missing row: expected sequence ${expectedSeq}, found ${seq}` } }
    }
    if (row.prevHash !== prevHash) {
      return { lastHash: prevHash, lastSeq: seq - 1n, count, broken: { ...at, problem: 'previous-hash link does not match the row before it' } }
    }
    if (hashRow(prevHash, row) !== row.hash) {
      return { lastHash: prevHash, lastSeq: seq - 1n, count, broken: { ...at, problem: 'row content does not match its hash (changed after it was written)' } }
    }
    prevHash = row.hash
    expectedSeq = seq + 1n
    count++
  }
  return { lastHash: prevHash, lastSeq: expectedSeq - 1n, count, broken: null }
}
