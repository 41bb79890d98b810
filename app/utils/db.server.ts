import { remember } from '@epic-web/remember'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '~/generated/prisma/client'
import { getEnv } from './env.server'

export type { Prisma } from '~/generated/prisma/client'

/** One Prisma client per process (Epic Stack `db.server.ts`). */
export const prisma = remember('prisma', () => {
  const adapter = new PrismaPg({
    connectionString: getEnv().DATABASE_URL,
    max: Number(process.env.DB_POOL_SIZE ?? 10),
  })
  return new PrismaClient({ adapter })
})

export type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0]
