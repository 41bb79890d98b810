import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { z } from 'zod'

/**
 * Every environment variable the portal reads, checked once at start-up (Epic Stack
 * `env.server.ts`). The README's configuration table mirrors this schema.
 */
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().positive().default(3000),
  HOST: z.string().default('0.0.0.0'),
  APP_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().min(1),
  REDIS_URL: z.string().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Portal Seleksi ASN <no-reply@portal-asn.local>'),
  OUTBOX_DIR: z.string().optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_DAYS: z.coerce.number().int().positive().default(7),
  RUN_WORKERS: booleanish.default(true),
  AUDIT_CHAINS: z.coerce.number().int().min(1).max(1024).default(16),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
  LOGIN_IP_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  DEMO_PASSWORD: z.string().min(8).default('Demo#Portal2026'),
  DUKCAPIL_URL: z.string().url().optional(),
  DUKCAPIL_API_KEY: z.string().min(1).optional(),
  /** ALTCHA proof-of-work difficulty: the browser tries on average half this many SHA-256 hashes. */
  CAPTCHA_MAX_NUMBER: z.coerce.number().int().min(1000).max(10_000_000).default(50_000),
  /** Connections a ranking run's step is split over (ADR 017); keep below DB_POOL_SIZE. */
  RANKING_WORKERS: z.coerce.number().int().min(1).max(8).default(2),
  /** PostgreSQL work_mem of each of those connections, for the step's sort. */
  RANKING_WORK_MEM: z.string().regex(/^\d+(kB|MB|GB)$/).default('1GB'),
})

export type Env = z.infer<typeof schema> & {
  APP_URL: string
  OUTBOX_DIR: string
  SESSION_SECRET: string
}

let cached: Env | undefined
let warnedAboutSecret = false

export function getEnv(): Env {
  if (cached) return cached
  const parsed = schema.safeParse(process.env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  const env = parsed.data
  if (!env.RUN_WORKERS && !env.REDIS_URL) {
    // Without Redis the queue lives in this process: nobody else could ever run its jobs.
    throw new Error('RUN_WORKERS=false needs REDIS_URL (a shared queue for `npm run worker`).')
  }
  cached = {
    ...env,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    OUTBOX_DIR: env.OUTBOX_DIR ?? path.join(env.DATA_DIR, 'outbox'),
    SESSION_SECRET: env.SESSION_SECRET ?? localSessionSecret(env.NODE_ENV, env.DATA_DIR),
  }
  return cached
}

/**
 * A missing SESSION_SECRET is generated once and kept under the data folder, so sessions survive
 * restarts of a single installation. Several app processes behind a load balancer must share
 * one: set SESSION_SECRET for them (a warning says so in production).
 */
function localSessionSecret(nodeEnv: string, dataDir: string): string {
  if (nodeEnv === 'production' && !warnedAboutSecret) {
    warnedAboutSecret = true
    console.warn(`SESSION_SECRET is not set: using the one kept in ${dataDir}/session-secret.`)
  }
  const file = path.join(dataDir, 'session-secret')
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    const secret = crypto.randomBytes(32).toString('hex')
    fs.mkdirSync(dataDir, { recursive: true })
    fs.writeFileSync(file, secret, { mode: 0o600 })
    return secret
  }
}

/** For tests that change the environment between cases. */
export function resetEnvCache() {
  cached = undefined
}
