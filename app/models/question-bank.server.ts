import { createHash, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseBankFile, type BankFileError } from '~/domain/exam/bank-files'
import type { ImportReport } from '~/domain/exam/bank-import'
import { BLUEPRINTS, requiredItems, type Blueprint } from '~/domain/exam/blueprints'
import type { PoolItem } from '~/domain/exam/draw'
import { parseGift } from '~/domain/exam/gift'
import { hashableContent, type BankItem, type ItemKey, type ItemOption, type SubtestCode } from '~/domain/exam/items'
import { parseMoodleXml } from '~/domain/exam/moodle-xml'
import { audited, writeAuditBatch, type AuditActor, type AuditEntry } from '~/models/audit.server'
import { prisma } from '~/utils/db.server'

/**
 * The question bank in the database (issue 6, ADR 013). Files and imports go through one upsert:
 * a new item gets version 1, changed content (type, stem, options, key) gets a new version,
 * unchanged content nothing; all in one transaction with an audit row per changed item.
 */

export const BANK_ROOT = path.resolve(process.env.QUESTION_BANK_DIR ?? 'question-bank')

export function contentHash(item: Pick<BankItem, 'type' | 'stem' | 'options' | 'key'>): string {
  return createHash('sha256').update(hashableContent(item)).digest('hex')
}

// ─── reading the files ───

export type BankEntry = { item: BankItem; source: string }

/** Every `question-bank/<SUBTEST>/**.json` (folders starting with `_` or named `media` are skipped). */
export async function readBankDirectory(root = BANK_ROOT): Promise<{ entries: BankEntry[]; errors: BankFileError[]; files: number }> {
  const files: string[] = []
  async function walk(dir: string) {
    for (const d of await readdir(dir, { withFileTypes: true })) {
      if (d.name.startsWith('_') || d.name.startsWith('.') || d.name === 'media') continue
      const full = path.join(dir, d.name)
      if (d.isDirectory()) await walk(full)
      else if (d.name.endsWith('.json')) files.push(full)
    }
  }
  await walk(root)
  files.sort()

  const entries: BankEntry[] = []
  const errors: BankFileError[] = []
  const fileOf = new Map<string, string>()
  for (const full of files) {
    const rel = path.relative(root, full).split(path.sep).join('/')
    const parsed = parseBankFile(rel, await readFile(full, 'utf8'))
    errors.push(...parsed.errors)
    for (const item of parsed.items) {
      const other = fileOf.get(item.id)
      if (other) {
        errors.push({ file: rel, message: `item ${item.id}: id already used in ${other}` })
        continue
      }
      fileOf.set(item.id, rel)
      entries.push({ item, source: `file:${rel}` })
    }
  }
  return { entries, errors, files: files.length }
}

// ─── the upsert ───

export type UpsertResult = {
  created: string[]
  newVersions: string[]
  /** Topic, difficulty or source changed without a content change: no new version. */
  updated: string[]
  unchanged: number
  deactivated: string[]
  reactivated: string[]
  conflicts: { id: string; reason: string }[]
}

const isFileSource = (source: string) => source.startsWith('file:')

/**
 * Upserts items. `fullFileSync` means `entries` is the whole bank directory: file items that are no
 * longer on disk are deactivated (never deleted: past attempts point at their versions).
 */
export async function upsertBankItems(entries: BankEntry[], actor: AuditActor, opts: { fullFileSync?: boolean } = {}): Promise<UpsertResult> {
  const hashed = entries.map((e) => ({ ...e, hash: contentHash(e.item) }))
  const ids = hashed.map((e) => e.item.id)
  const staleWhere = { isActive: true, source: { startsWith: 'file:' }, id: { notIn: ids } }

  // Plan outside a transaction first: when nothing changed (every start of the demo) we never
  // open a write transaction or take the audit lock.
  const dry = emptyResult()
  const anyWork = plan(hashed, await loadExisting(prisma, ids), dry).length > 0
  const anyStale = opts.fullFileSync ? (await prisma.questionItem.count({ where: staleWhere })) > 0 : false
  if (!anyWork && !anyStale) return dry

  return audited(
    actor,
    async (tx) => {
      const entries: AuditEntry[] = []
      // Plan again inside the transaction: another sync may have committed in between.
      const result = emptyResult()
      const todo = plan(hashed, await loadExisting(tx, ids), result)

      // Bulk inserts over arrays (unnest): Prisma's createMany took ~5× longer for a first sync of
      // ~1,300 items. Version ids are UUIDs (as other bulk-inserted rows, ADR 009).
      const creates = todo.filter((w) => w.kind === 'create').map((w) => w.entry)
      if (creates.length > 0) {
        await tx.$executeRaw`
          INSERT INTO "QuestionItem" (id, subtest, topic, difficulty, "currentVersion", "isActive", source, "updatedAt")
          SELECT t.id, t.subtest, t.topic, t.difficulty, 1, true, t.source, now()
          FROM unnest(${creates.map((e) => e.item.id)}::text[], ${creates.map((e) => e.item.subtest)}::text[], ${creates.map((e) => e.item.topic)}::text[],
                      ${creates.map((e) => e.item.difficulty)}::int[], ${creates.map((e) => e.source)}::text[]) AS t(id, subtest, topic, difficulty, source)`
      }
      const versions = todo.filter((w) => w.kind === 'create' || w.kind === 'version')
      if (versions.length > 0) {
        await tx.$executeRaw`
          INSERT INTO "QuestionItemVersion" (id, "itemId", version, type, stem, options, key, "contentHash")
          SELECT t.id, t.item, t.version, t.type, t.stem, t.options::jsonb, t.key::jsonb, t.hash
          FROM unnest(${versions.map(() => randomUUID())}::text[], ${versions.map((w) => w.entry.item.id)}::text[], ${versions.map((w) => w.version)}::int[],
                      ${versions.map((w) => w.entry.item.type)}::text[], ${versions.map((w) => w.entry.item.stem)}::text[],
                      ${versions.map((w) => JSON.stringify(w.entry.item.options))}::text[], ${versions.map((w) => JSON.stringify(w.entry.item.key))}::text[],
                      ${versions.map((w) => w.entry.hash)}::text[]) AS t(id, item, version, type, stem, options, key, hash)`
      }
      for (const w of todo) {
        const { item, source, hash } = w.entry
        if (w.kind !== 'create') {
          await tx.questionItem.update({
            where: { id: item.id },
            data: { subtest: item.subtest, topic: item.topic, difficulty: item.difficulty, source, currentVersion: w.version, isActive: true },
          })
        }
        entries.push({
          action: w.kind === 'create' ? 'bank.item.create' : w.kind === 'version' ? 'bank.item.version' : 'bank.item.update',
          entityType: 'QuestionItem',
          entityId: item.id,
          before: w.before,
          after: { version: w.version, contentHash: hash, subtest: item.subtest, topic: item.topic, difficulty: item.difficulty, source },
        })
      }
      if (opts.fullFileSync) {
        const stale = await tx.questionItem.findMany({ where: staleWhere, select: { id: true, source: true } })
        for (const s of stale) {
          await tx.questionItem.update({ where: { id: s.id }, data: { isActive: false } })
          entries.push({ action: 'bank.item.deactivate', entityType: 'QuestionItem', entityId: s.id, before: { isActive: true, source: s.source }, after: { isActive: false } })
          result.deactivated.push(s.id)
        }
      }
      // One audit row per changed item, written in one batch (a first sync changes ~1,300 items).
      await writeAuditBatch(tx, actor, entries)
      return result
    },
    // The first sync of a whole bank writes ~1,000 items with their audit rows.
    { timeoutMs: 120_000 },
  )
}

function emptyResult(): UpsertResult {
  return { created: [], newVersions: [], updated: [], unchanged: 0, deactivated: [], reactivated: [], conflicts: [] }
}

type Existing = Map<string, { subtest: string; topic: string; difficulty: number; isActive: boolean; source: string; currentVersion: number; latestVersion: number; hash: string | null }>
type Hashed = BankEntry & { hash: string }
type Work = { entry: Hashed; kind: 'create' | 'version' | 'update'; version: number; before?: unknown }

async function loadExisting(db: Pick<typeof prisma, '$queryRaw'>, ids: string[]): Promise<Existing> {
  // One round-trip with one array parameter: Prisma's nested `versions: { take: 1 }` over ~1,300
  // ids took seconds; the lateral join is one index lookup per item.
  const rows = await db.$queryRaw<
    { id: string; subtest: string; topic: string; difficulty: number; isActive: boolean; source: string; currentVersion: number; latestVersion: number | null; hash: string | null }[]
  >`
    SELECT i.id, i.subtest, i.topic, i.difficulty, i."isActive", i.source, i."currentVersion",
           v.version AS "latestVersion", v."contentHash" AS hash
    FROM "QuestionItem" i
    LEFT JOIN LATERAL (
      SELECT version, "contentHash" FROM "QuestionItemVersion" WHERE "itemId" = i.id ORDER BY version DESC LIMIT 1
    ) v ON true
    WHERE i.id = ANY(${ids})`
  return new Map(rows.map((r) => [r.id, { ...r, latestVersion: r.latestVersion ?? 0 }]))
}

function plan(entries: Hashed[], existing: Existing, result: UpsertResult): Work[] {
  const work: Work[] = []
  for (const entry of entries) {
    const { item, source, hash } = entry
    const old = existing.get(item.id)
    if (!old) {
      work.push({ entry, kind: 'create', version: 1 })
      result.created.push(item.id)
      continue
    }
    // A file item and an imported item must not claim one id: bank:sync would otherwise retire imports.
    if (isFileSource(old.source) !== isFileSource(source)) {
      result.conflicts.push({ id: item.id, reason: `id already used by ${old.source}` })
      continue
    }
    const before = { version: old.currentVersion, contentHash: old.hash, subtest: old.subtest, topic: old.topic, difficulty: old.difficulty, source: old.source, isActive: old.isActive }
    if (old.hash !== hash) {
      work.push({ entry, kind: 'version', version: old.latestVersion + 1, before })
      result.newVersions.push(item.id)
    } else if (old.subtest !== item.subtest || old.topic !== item.topic || old.difficulty !== item.difficulty || old.source !== source || !old.isActive) {
      work.push({ entry, kind: 'update', version: old.currentVersion, before })
      if (!old.isActive) result.reactivated.push(item.id)
      else result.updated.push(item.id)
    } else {
      result.unchanged++
    }
  }
  return work
}

/** `npm run bank:sync` and the demo seed: validate every file, then upsert all or nothing. */
export async function syncBankFromDisk(actor: AuditActor, root = BANK_ROOT) {
  const read = await readBankDirectory(root)
  if (read.errors.length > 0) return { ok: false as const, files: read.files, items: read.entries.length, errors: read.errors }
  const result = await upsertBankItems(read.entries, actor, { fullFileSync: true })
  return { ok: true as const, files: read.files, items: read.entries.length, errors: [] as BankFileError[], result }
}

// ─── import (GIFT / Moodle XML) ───

export type ImportFormat = 'gift' | 'moodle-xml'

export function detectFormat(fileName: string, content: string): ImportFormat | null {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.xml')) return 'moodle-xml'
  if (lower.endsWith('.gift') || lower.endsWith('.txt')) return 'gift'
  if (/^\s*(<\?xml|<quiz)/.test(content)) return 'moodle-xml'
  return null
}

export type BankImportResult = {
  format: ImportFormat
  parsed: ImportReport
  upsert: UpsertResult | null
}

/** Parses an uploaded GIFT/XML file and upserts what is valid; everything else is in the report. */
export async function importBankFile(fileName: string, content: string, actor: AuditActor): Promise<BankImportResult | { error: 'unknownFormat' }> {
  const format = detectFormat(fileName, content)
  if (!format) return { error: 'unknownFormat' }
  const base = path.basename(fileName)
  const parsed = format === 'gift' ? parseGift(content, base) : parseMoodleXml(content, base)
  const source = `${format === 'gift' ? 'gift' : 'moodle-xml'}:${base}`
  const upsert = parsed.items.length > 0 ? await upsertBankItems(parsed.items.map((i) => ({ item: i.item, source })), actor) : null
  return { format, parsed, upsert }
}

// ─── reading for the exam (part B) and the admin page ───

/** The draw pool of a blueprint: active items of its subtests at their current version. */
export async function loadDrawPool(blueprint: Blueprint): Promise<PoolItem[]> {
  const rows = await prisma.$queryRaw<{ itemId: string; versionId: string; subtest: string; difficulty: number; options: ItemOption[] }[]>`
    SELECT i.id AS "itemId", v.id AS "versionId", i.subtest, i.difficulty, v.options
    FROM "QuestionItem" i
    JOIN "QuestionItemVersion" v ON v."itemId" = i.id AND v.version = i."currentVersion"
    WHERE i."isActive" AND i.subtest = ANY(${blueprint.subtests.map((s) => s.code)})
    ORDER BY i.id`
  return rows.map((r) => ({
    itemId: r.itemId,
    versionId: r.versionId,
    subtest: r.subtest as SubtestCode,
    difficulty: r.difficulty,
    optionIds: r.options.map((o) => o.id),
  }))
}

/** Keys of item versions, for scoring on the server only. */
export async function loadKeys(versionIds: string[]): Promise<Map<string, { key: ItemKey; subtest: SubtestCode }>> {
  const rows = await prisma.questionItemVersion.findMany({
    where: { id: { in: versionIds } },
    select: { id: true, key: true, item: { select: { subtest: true } } },
  })
  return new Map(rows.map((r) => [r.id, { key: r.key as ItemKey, subtest: r.item.subtest as SubtestCode }]))
}

export const BANK_PAGE_SIZE = 50

export async function listBankItems(filter: { subtest?: string; difficulty?: number; topic?: string; q?: string; page?: number }) {
  const where = {
    subtest: filter.subtest || undefined,
    difficulty: filter.difficulty || undefined,
    topic: filter.topic || undefined,
    id: filter.q ? { contains: filter.q.toLowerCase() } : undefined,
  }
  const page = Math.max(1, filter.page ?? 1)
  const [items, total] = await Promise.all([
    prisma.questionItem.findMany({
      where,
      orderBy: { id: 'asc' },
      skip: (page - 1) * BANK_PAGE_SIZE,
      take: BANK_PAGE_SIZE,
      select: { id: true, subtest: true, topic: true, difficulty: true, currentVersion: true, isActive: true, source: true, updatedAt: true, _count: { select: { versions: true } } },
    }),
    prisma.questionItem.count({ where }),
  ])
  return { items: items.map(({ _count, ...i }) => ({ ...i, versionCount: _count.versions })), total, page, pages: Math.max(1, Math.ceil(total / BANK_PAGE_SIZE)) }
}

/** Active items per subtest and difficulty against what the shipped blueprints need (3× rule). */
export async function bankCoverage() {
  const groups = await prisma.questionItem.groupBy({ by: ['subtest', 'difficulty'], where: { isActive: true }, _count: { _all: true } })
  const have = new Map(groups.map((g) => [`${g.subtest}:${g.difficulty}`, g._count._all]))
  const rows = Object.values(BLUEPRINTS).flatMap((b) =>
    requiredItems(b).map((r) => ({ blueprint: b.code, ...r, available: have.get(`${r.subtest}:${r.difficulty}`) ?? 0 })),
  )
  const topics = await prisma.questionItem.findMany({ distinct: ['topic'], select: { topic: true }, orderBy: { topic: 'asc' } })
  const subtests = [...new Set(groups.map((g) => g.subtest))].sort()
  return { rows, subtests, topics: topics.map((t) => t.topic) }
}

/** One item with every version including keys: for NATIONAL_ADMIN on the bank page only. */
export async function getBankItem(id: string) {
  return prisma.questionItem.findUnique({
    where: { id },
    include: { versions: { orderBy: { version: 'desc' } } },
  })
}
