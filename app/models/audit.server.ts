import { prisma, type Tx } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import {
  GENESIS_HASH,
  chainOf,
  hashRow,
  verifyChain,
  type ChainBreak,
} from '~/domain/audit/chain'

/** Who did something and from where; built once per request (see `auditContext`). */
export type AuditActor = {
  actorId: string | null
  actorRole: string | null
  ip: string | null
  userAgent: string | null
}

export const SYSTEM_ACTOR: AuditActor = { actorId: null, actorRole: 'SYSTEM', ip: null, userAgent: null }

export type AuditEntry = {
  action: string
  entityType: string
  entityId: string
  before?: unknown
  after?: unknown
}

/** Namespace for the advisory locks that serialise writers of one chain. */
const AUDIT_LOCK_NAMESPACE = 0x4155 // "AU"

/**
 * Appends one audit row inside the caller's transaction, so the row exists if and only if the
 * state change it describes was committed. Writers of the same chain wait on a transaction-scoped
 * advisory lock; writers of other chains proceed in parallel.
 */
export async function writeAudit(tx: Tx, actor: AuditActor, entry: AuditEntry, pinnedChain?: number) {
  const chain = pinnedChain ?? chainOf(entry.entityType, entry.entityId, getEnv().AUDIT_CHAINS)
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_NAMESPACE}::int, ${chain}::int)`
  const last = await tx.auditLog.findFirst({
    where: { chain },
    orderBy: { chainSeq: 'desc' },
    select: { hash: true, chainSeq: true },
  })
  const prevHash = last?.hash ?? GENESIS_HASH
  const row = {
    chain,
    chainSeq: (last?.chainSeq ?? 0n) + 1n,
    // Millisecond precision, as stored (timestamptz(3)), so the hash verifies after a round-trip.
    at: new Date(Math.floor(Date.now())),
    actorId: actor.actorId,
    actorRole: actor.actorRole,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: toJson(entry.before),
    after: toJson(entry.after),
    ip: actor.ip,
    userAgent: actor.userAgent?.slice(0, 300) ?? null,
  }
  const hash = hashRow(prevHash, row)
  return tx.auditLog.create({
    data: {
      ...row,
      before: row.before ?? undefined,
      after: row.after ?? undefined,
      prevHash,
      hash,
    },
  })
}

/**
 * The audit function for one transaction. All rows of a transaction go to the chain of its first
 * row: a transaction then holds exactly one chain lock, so two transactions can never wait on each
 * other's chains in opposite orders (a deadlock the registration bench found), and the rows of one
 * state change sit together in one chain.
 */
export function createAuditWriter(tx: Tx, actor: AuditActor) {
  let chain: number | undefined
  return async (entry: AuditEntry) => {
    chain ??= chainOf(entry.entityType, entry.entityId, getEnv().AUDIT_CHAINS)
    return writeAudit(tx, actor, entry, chain)
  }
}

type BatchEntry = AuditEntry & { actor?: AuditActor }

/** The chained rows of a batch after `last` (hashes computed here, as `writeAudit` does). */
function batchRows(chain: number, last: { hash: string; chainSeq: bigint } | null, actor: AuditActor, entries: BatchEntry[]) {
  let prevHash = last?.hash ?? GENESIS_HASH
  let seq = last?.chainSeq ?? 0n
  const at = new Date(Math.floor(Date.now()))
  const rows = entries.map((entry) => {
    seq += 1n
    // An entry may name its own actor (a batch of candidates' starts, each from its own PC).
    const who = entry.actor ?? actor
    // The JSON text is kept for the INSERT: re-serialising the parsed value gives the same text.
    const beforeText = jsonText(entry.before)
    const afterText = jsonText(entry.after)
    const row = {
      chain,
      chainSeq: seq,
      at,
      actorId: who.actorId,
      actorRole: who.actorRole,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: fromJsonText(beforeText),
      after: fromJsonText(afterText),
      ip: who.ip,
      userAgent: who.userAgent?.slice(0, 300) ?? null,
    }
    const hash = hashRow(prevHash, row)
    const stored = { ...row, beforeText, afterText, prevHash, hash }
    prevHash = hash
    return stored
  })
  // The parameters of BATCH_INSERT_SQL after chain and at.
  const arrays = [
    rows.map((r) => r.chainSeq.toString()),
    rows.map((r) => r.action),
    rows.map((r) => r.entityType),
    rows.map((r) => r.entityId),
    rows.map((r) => r.beforeText),
    rows.map((r) => r.afterText),
    rows.map((r) => r.prevHash),
    rows.map((r) => r.hash),
    rows.map((r) => r.actorId),
    rows.map((r) => r.actorRole),
    rows.map((r) => r.ip),
    rows.map((r) => r.userAgent),
  ]
  return { at, arrays }
}

// One INSERT over arrays (unnest): Prisma's createMany took seconds for ~1,300 rows. Used by
// writeAuditBatch (Prisma) and writeAuditBatchPg (a plain pg client); parameters only, no text spliced in.
const BATCH_INSERT_SQL = `
    INSERT INTO "AuditLog" (chain, "chainSeq", at, "actorId", "actorRole", action, "entityType", "entityId", before, after, ip, "userAgent", "prevHash", hash)
    SELECT $1::int, t.seq, $2::timestamptz, t.actor_id, t.actor_role, t.action, t.etype, t.eid,
           t.before::jsonb, t.after::jsonb, t.ip, t.ua, t.prev, t.hash
    FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
      AS t(seq, action, etype, eid, before, after, prev, hash, actor_id, actor_role, ip, ua)
    ORDER BY t.seq`

/**
 * Appends many rows in one round-trip for bulk loads (a question-bank sync writes ~1,300): the same
 * rows, hashes and chain lock as calling the transaction's audit function once per entry (all in
 * the first entry's chain), without one read and one insert per row.
 */
export async function writeAuditBatch(tx: Tx, actor: AuditActor, entries: BatchEntry[]) {
  if (entries.length === 0) return
  const chain = chainOf(entries[0]!.entityType, entries[0]!.entityId, getEnv().AUDIT_CHAINS)
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_NAMESPACE}::int, ${chain}::int)`
  const last = await tx.auditLog.findFirst({ where: { chain }, orderBy: { chainSeq: 'desc' }, select: { hash: true, chainSeq: true } })
  const { at, arrays } = batchRows(chain, last, actor, entries)
  await tx.$executeRawUnsafe(BATCH_INSERT_SQL, chain, at, ...arrays)
}

/** A plain `pg` client inside a transaction the caller opened (the exam's hot path, ADR 014). */
type PgTx = { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> }

/**
 * `writeAuditBatch` on a plain `pg` transaction: the same rows, hashes and chain lock. For hot
 * paths that keep Prisma off (the exam start's batched transition). The lock and the read of the
 * chain's last row stay two statements: a statement's snapshot is taken when it begins, so a read
 * in the statement that waited for the lock would miss the row its previous holder committed.
 */
export async function writeAuditBatchPg(client: PgTx, actor: AuditActor, entries: BatchEntry[]) {
  if (entries.length === 0) return
  const chain = chainOf(entries[0]!.entityType, entries[0]!.entityId, getEnv().AUDIT_CHAINS)
  await client.query(`SELECT pg_advisory_xact_lock($1::int, $2::int)`, [AUDIT_LOCK_NAMESPACE, chain])
  const { rows } = await client.query(`SELECT hash, "chainSeq"::text AS seq FROM "AuditLog" WHERE chain = $1 ORDER BY "chainSeq" DESC LIMIT 1`, [chain])
  const row = rows[0] as { hash: string; seq: string } | undefined
  const last = row ? { hash: row.hash, chainSeq: BigInt(row.seq) } : null
  const { at, arrays } = batchRows(chain, last, actor, entries)
  await client.query(BATCH_INSERT_SQL, [chain, at, ...arrays])
}

/**
 * Runs `work` and its audit rows in one transaction. `timeoutMs` raises Prisma's 5 s default for
 * the few bulk changes that need it (e.g. publishing a formation of thousands of rows).
 */
export async function audited<T>(
  actor: AuditActor,
  work: (tx: Tx, audit: (entry: AuditEntry) => Promise<unknown>) => Promise<T>,
  opts: { timeoutMs?: number } = {},
): Promise<T> {
  return prisma.$transaction(async (tx) => work(tx, createAuditWriter(tx, actor)), {
    timeout: opts.timeoutMs ?? 5_000,
    maxWait: 10_000,
  })
}

// Values are stored as jsonb; undefined members vanish and Dates become strings, exactly as a
// round-trip through the database would leave them, so the hash covers what is stored.
function toJson(value: unknown): unknown {
  return fromJsonText(jsonText(value))
}

/** The stored JSON text of a value (null for none); bigints as strings. */
function jsonText(value: unknown): string | null {
  if (value === undefined || value === null) return null
  try {
    // Without a replacer first: a replacer is called for every member, and almost no value holds a
    // bigint (JSON.stringify throws on one, and then the replacer turns it into a string).
    return JSON.stringify(value) ?? null
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? null
  }
}

function fromJsonText(text: string | null): unknown {
  return text === null ? null : JSON.parse(text)
}

export type AuditVerification = {
  ok: boolean
  rowsChecked: number
  chains: number
  broken: ChainBreak[]
}

/** Re-computes every chain from its first row (keyset pages, constant memory). */
export async function verifyAuditLog(pageSize = 5000): Promise<AuditVerification> {
  const chains = await prisma.auditLog.findMany({ distinct: ['chain'], select: { chain: true } })
  const broken: ChainBreak[] = []
  let rowsChecked = 0
  for (const { chain } of chains) {
    let state = { prevHash: GENESIS_HASH, seq: 0n }
    for (;;) {
      const rows = await prisma.auditLog.findMany({
        where: { chain, chainSeq: { gt: state.seq } },
        orderBy: { chainSeq: 'asc' },
        take: pageSize,
      })
      if (rows.length === 0) break
      const result = verifyChain(rows, state)
      rowsChecked += result.count
      if (result.broken) {
        broken.push(result.broken)
        break
      }
      state = { prevHash: result.lastHash, seq: result.lastSeq }
    }
  }
  return { ok: broken.length === 0, rowsChecked, chains: chains.length, broken }
}

export async function listAudit(opts: {
  entityType?: string
  entityId?: string
  actorId?: string
  take?: number
  beforeId?: bigint
}) {
  return prisma.auditLog.findMany({
    where: {
      entityType: opts.entityType || undefined,
      entityId: opts.entityId || undefined,
      actorId: opts.actorId || undefined,
      id: opts.beforeId ? { lt: opts.beforeId } : undefined,
    },
    orderBy: { id: 'desc' },
    take: opts.take ?? 50,
  })
}
