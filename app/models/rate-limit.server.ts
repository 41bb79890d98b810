import { prisma } from '~/utils/db.server'

/**
 * Fixed-window counter in PostgreSQL, shared by every app process. One statement per hit: the
 * window restarts when it has passed, otherwise the count goes up.
 */
export async function hitRateLimit(key: string, limit: number, windowSeconds: number) {
  const rows = await prisma.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count")
    VALUES (${key}, now(), 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowStart" < now() - make_interval(secs => ${windowSeconds}::int)
                     THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" < now() - make_interval(secs => ${windowSeconds}::int)
                     THEN now() ELSE "RateLimitBucket"."windowStart" END
    RETURNING "count", "windowStart"`
  const row = rows[0]!
  const retryAfter = Math.max(
    0,
    Math.ceil((row.windowStart.getTime() + windowSeconds * 1000 - Date.now()) / 1000),
  )
  return { allowed: row.count <= limit, count: row.count, retryAfter }
}
