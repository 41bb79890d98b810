import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, verifyAuditLog, type AuditActor } from '~/models/audit.server'
import { importBankFile, listBankItems, loadDrawPool, loadKeys, syncBankFromDisk, bankCoverage } from '~/models/question-bank.server'
import { BLUEPRINTS } from '~/domain/exam/blueprints'
import { assertPoolCovers, drawAttempt } from '~/domain/exam/draw'
import { scoreAttempt } from '~/domain/exam/scoring'

const REAL_BANK = path.resolve('question-bank')
let admin: AuditActor
let dir: string

beforeAll(async () => {
  const user = await prisma.user.create({ data: { email: 'panselnas-bank@uji.test', name: 'Panselnas' } })
  admin = { actorId: user.id, actorRole: 'NATIONAL_ADMIN', ip: '10.0.0.9', userAgent: 'vitest' }
  dir = await mkdtemp(path.join(os.tmpdir(), 'bank-'))
  await cp(REAL_BANK, dir, { recursive: true })
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const audits = (action: string) => prisma.auditLog.count({ where: { action } })

async function editFile(rel: string, edit: (f: { items: Record<string, unknown>[] }) => void) {
  const file = path.join(dir, rel)
  const data = JSON.parse(await readFile(file, 'utf8'))
  edit(data)
  await writeFile(file, JSON.stringify(data, null, 2))
}

describe('bank:sync (issue 6: "editing an item creates a new version; an attempt always points at the version it showed")', () => {
  test('the first sync loads every item as version 1 with one audit row each, in one go', async () => {
    const r = await syncBankFromDisk(admin, dir)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.items).toBeGreaterThan(1200)
    expect(r.result.created).toHaveLength(r.items)
    expect(await prisma.questionItem.count()).toBe(r.items)
    expect(await prisma.questionItemVersion.count()).toBe(r.items)
    expect(await audits('bank.item.create')).toBe(r.items)
  })

  test('a second sync of unchanged files writes nothing: no version, no audit row', async () => {
    const auditRows = await prisma.auditLog.count()
    const r = await syncBankFromDisk(admin, dir)
    expect(r.ok && r.result).toMatchObject({ created: [], newVersions: [], updated: [], deactivated: [] })
    expect(await prisma.auditLog.count()).toBe(auditRows)
  })

  test('the demo bank is at least 3× each blueprint (per difficulty), so every blueprint can draw and score', async () => {
    const coverage = await bankCoverage()
    for (const row of coverage.rows) expect(row.available, `${row.blueprint} ${row.subtest} d${row.difficulty}`).toBeGreaterThanOrEqual(3 * row.count)
    for (const blueprint of Object.values(BLUEPRINTS)) {
      const pool = await loadDrawPool(blueprint)
      assertPoolCovers(blueprint, pool)
      const drawn = drawAttempt({ blueprint, pool, seed: 'integrasi' })
      const keys = await loadKeys(drawn.map((d) => d.versionId))
      // Choosing the first option everywhere gives a score within the blueprint's range.
      const score = scoreAttempt({
        blueprint,
        items: drawn.map((d) => ({ subtest: d.subtest, key: keys.get(d.versionId)!.key })),
        answers: new Map(drawn.map((d) => [d.position, d.optionOrder[0]!])),
      })
      expect(score.total).toBeGreaterThan(0)
      expect(score.total).toBeLessThanOrEqual(blueprint.maxTotal)
    }
  })

  test('a changed stem creates version 2; version 1 stays for past attempts; the pool now draws version 2', async () => {
    const v1 = await prisma.questionItemVersion.findFirstOrThrow({ where: { itemId: 'twk-uud-1945-0001' } })
    await editFile('TWK/uud-1945.json', (f) => {
      f.items[0]!.stem = 'Menurut UUD NRI Tahun 1945 hasil perubahan, Pasal 1 ayat (1) mengatur tentang …'
    })
    const r = await syncBankFromDisk(admin, dir)
    expect(r.ok && r.result.newVersions).toEqual(['twk-uud-1945-0001'])
    const item = await prisma.questionItem.findUniqueOrThrow({ where: { id: 'twk-uud-1945-0001' }, include: { versions: { orderBy: { version: 'asc' } } } })
    expect(item.currentVersion).toBe(2)
    expect(item.versions.map((v) => [v.version, v.stem.startsWith('Menurut UUD NRI Tahun 1945 hasil')])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(item.versions[0]!.id).toBe(v1.id)
    const pool = await loadDrawPool(BLUEPRINTS.SKD_2024)
    expect(pool.find((p) => p.itemId === 'twk-uud-1945-0001')!.versionId).toBe(item.versions[1]!.id)
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'bank.item.version', entityId: 'twk-uud-1945-0001' } })
    expect(audit).toMatchObject({ actorId: admin.actorId, before: expect.objectContaining({ version: 1 }), after: expect.objectContaining({ version: 2 }) })
  })

  test('a changed difficulty updates the item without a new version (what candidates see is the same)', async () => {
    await editFile('TWK/uud-1945.json', (f) => {
      f.items[1]!.difficulty = 1
    })
    const r = await syncBankFromDisk(admin, dir)
    expect(r.ok && r.result).toMatchObject({ newVersions: [], updated: ['twk-uud-1945-0002'] })
    expect(await prisma.questionItem.findUniqueOrThrow({ where: { id: 'twk-uud-1945-0002' } })).toMatchObject({ difficulty: 1, currentVersion: 1 })
  })

  test('an item removed from the files is deactivated, not deleted, and leaves the draw pool', async () => {
    await editFile('TWK/uud-1945.json', (f) => {
      f.items.splice(2, 1)
    })
    const r = await syncBankFromDisk(admin, dir)
    expect(r.ok && r.result.deactivated).toEqual(['twk-uud-1945-0003'])
    expect(await prisma.questionItem.findUniqueOrThrow({ where: { id: 'twk-uud-1945-0003' } })).toMatchObject({ isActive: false })
    expect((await loadDrawPool(BLUEPRINTS.SKD_2024)).some((p) => p.itemId === 'twk-uud-1945-0003')).toBe(false)
  })

  test('one invalid file stops the whole sync: errors name the file and item, nothing is written', async () => {
    await editFile('TWK/uud-1945.json', (f) => {
      f.items[0]!.stem = 'Perubahan yang tidak boleh tersimpan'
    })
    await editFile('TKP/integritas.json', (f) => {
      f.items[0]!.key = { scores: { A: 9, B: 4, C: 3, D: 2, E: 1 } }
    })
    const versions = await prisma.questionItemVersion.count()
    const r = await syncBankFromDisk(admin, dir)
    expect(r.ok).toBe(false)
    expect(r.errors).toContainEqual({ file: 'TKP/integritas.json', message: 'item tkp-integritas-0001: key.scores.A: score 9 outside 1–5' })
    expect(r.errors.every((e) => e.file === 'TKP/integritas.json')).toBe(true)
    expect(await prisma.questionItemVersion.count()).toBe(versions)
  })
})

describe('import (issue 6: "Import from Moodle GIFT and Moodle XML files … with a report of what was imported, skipped and why")', () => {
  const GIFT = `$CATEGORY: $course$/SKD/TIU/verbal-impor

// [tag:difficulty-1]
::tiu-impor-sinonim-gigih:: Sinonim kata GIGIH adalah … {=tekun ~malas ~cepat ~ragu}

::twk-uud-1945-0001:: Soal yang memakai id item berkas {=Ya ~Tidak}

::benar-salah:: Pancasila adalah dasar negara. {T}
`
  test('valid questions are imported; a clash with a file item and an unsupported type are skipped with reasons', async () => {
    const r = await importBankFile('impor.gift', GIFT, admin)
    if ('error' in r) throw new Error('unexpected')
    expect(r.upsert!.created).toEqual(['tiu-impor-sinonim-gigih'])
    expect(r.upsert!.conflicts).toEqual([{ id: 'twk-uud-1945-0001', reason: 'id already used by file:TWK/uud-1945.json' }])
    expect(r.parsed.skipped).toEqual([{ ref: '#3 benar-salah', reason: 'question type "TF" is not supported (multiple choice only)' }])
    expect(await prisma.questionItem.findUniqueOrThrow({ where: { id: 'tiu-impor-sinonim-gigih' } })).toMatchObject({ source: 'gift:impor.gift', difficulty: 1, topic: 'verbal-impor' })
  })

  test('importing the same file again changes nothing', async () => {
    const r = await importBankFile('impor.gift', GIFT, admin)
    if ('error' in r) throw new Error('unexpected')
    expect(r.upsert).toMatchObject({ created: [], newVersions: [], unchanged: 1 })
  })

  test('the admin list shows version counts and filters by subtest and difficulty', async () => {
    const list = await listBankItems({ subtest: 'TWK', q: 'twk-uud-1945-000' })
    expect(list.items.find((i) => i.id === 'twk-uud-1945-0001')).toMatchObject({ versionCount: 2, currentVersion: 2 })
    expect(list.items.every((i) => i.subtest === 'TWK')).toBe(true)
    const easy = await listBankItems({ subtest: 'TIU', difficulty: 1 })
    expect(easy.total).toBeGreaterThan(0)
    expect(easy.items.every((i) => i.difficulty === 1)).toBe(true)
  })

  test('an unknown file type is refused before anything is parsed', async () => {
    expect(await importBankFile('soal.docx', 'PK…', admin)).toEqual({ error: 'unknownFormat' })
  })

  test('every audit row written by sync and import verifies', async () => {
    expect((await verifyAuditLog()).ok).toBe(true)
  })
})

describe('the sync run by the demo seed', () => {
  test('syncing the unchanged repository bank after the first load is a no-op', async () => {
    await syncBankFromDisk(SYSTEM_ACTOR, REAL_BANK)
    const started = Date.now()
    const r = await syncBankFromDisk(SYSTEM_ACTOR, REAL_BANK)
    expect(r.ok && r.result.created.length + r.result.newVersions.length + r.result.updated.length).toBe(0)
    // Not a timed assertion; printed so a slow seed shows up in the log.
    console.log(`no-op bank sync of ${r.items} items: ${Date.now() - started} ms`)
  })
})
