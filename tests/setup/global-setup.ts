import type { TestProject } from 'vitest/node'
import { prepareTemplate, startTestPostgres, startTestRedis } from './services.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string
    redisUrl: string
  }
}

/** Starts the real PostgreSQL and Redis once per run and migrates the template database. */
export default async function setup(project: TestProject) {
  const [pg, redis] = await Promise.all([startTestPostgres(), startTestRedis()])
  await prepareTemplate(pg.adminUrl)
  project.provide('pgAdminUrl', pg.adminUrl)
  project.provide('redisUrl', redis.url)
  return async () => {
    await Promise.all([pg.stop(), redis.stop()])
  }
}
