import { remember } from '@epic-web/remember'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '~/generated/prisma/client'
import { getEnv } from './env.server'

export type { Prisma } from '~/generated/prisma/client'

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>
type PgTransaction = Awaited<ReturnType<PgAdapter['startTransaction']>>

/**
 * An interactive transaction owns one pg connection, and pg@9 rejects a query sent while that
 * connection still runs another (pg 8.19+ warns "client.query() when the client is already
 * executing a query"). Our own code awaits queries one by one inside `$transaction`; Prisma's
 * query interpreter does not: it fetches the relations of an `include` with two or more relations
 * concurrently (prisma/orm#29407, fixes pending in prisma/orm#29468 and #29979). This queues every
 * call on the transaction so at most one is on the wire — what pg's own queue does today — and can
 * go once the adapter does it itself (ADR 025).
 */
export function serialiseTransaction(tx: PgTransaction): PgTransaction {
  let tail: Promise<unknown> = Promise.resolve()
  const queued = <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const next = tail.then(() => run(...args))
      tail = next.catch(() => undefined)
      return next
    }
  tx.queryRaw = queued(tx.queryRaw.bind(tx))
  tx.executeRaw = queued(tx.executeRaw.bind(tx))
  tx.commit = queued(tx.commit.bind(tx))
  tx.rollback = queued(tx.rollback.bind(tx))
  for (const name of ['createSavepoint', 'rollbackToSavepoint', 'releaseSavepoint'] as const) {
    const method = tx[name]
    if (method) tx[name] = queued(method.bind(tx))
  }
  return tx
}

/** `PrismaPg` whose interactive transactions send one query at a time (see `serialiseTransaction`). */
class SerialTransactionsPg extends PrismaPg {
  override async connect(): Promise<PgAdapter> {
    const adapter = await super.connect()
    const start = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (isolationLevel) => serialiseTransaction(await start(isolationLevel))
    return adapter
  }
}

/** One Prisma client per process (Epic Stack `db.server.ts`). */
export const prisma = remember('prisma', () => {
  const adapter = new SerialTransactionsPg({
    connectionString: getEnv().DATABASE_URL,
    max: Number(process.env.DB_POOL_SIZE ?? 10),
  })
  return new PrismaClient({ adapter })
})

export type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0]
