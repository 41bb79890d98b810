import { inject } from 'vitest'
import { cloneTemplate } from './services.ts'

/**
 * Each test file gets its own database cloned from the migrated template (Epic Stack ADR 038,
 * with PostgreSQL's CREATE DATABASE … TEMPLATE). It runs before the file's imports are evaluated,
 * so the app's Prisma client connects to this database.
 */
const adminUrl = inject('pgAdminUrl')
const name = `portal_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
process.env.DATABASE_URL = await cloneTemplate(adminUrl, name)
process.env.NODE_ENV = 'test'
process.env.DATA_DIR ??= '.data'
process.env.SESSION_SECRET ??= 'test-secret-test-secret-test-secret-0123'
process.env.OUTBOX_DIR = `.data/test-outbox/${name}`
