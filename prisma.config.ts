import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import type { PrismaConfig } from 'prisma'

// With a config file Prisma does not read `.env`; without DATABASE_URL `generate` tries to
// download a query engine (STACK.md), so a harmless default keeps `generate` offline.
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/portal_unset'

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
} satisfies PrismaConfig
