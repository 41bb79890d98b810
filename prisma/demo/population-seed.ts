import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, audited } from '~/models/audit.server'
import { getRegionLookup } from '~/models/regions.server'
import { checkNik } from '~/domain/identity/nik'
import { parseIsoDate } from '~/domain/identity/registration'
import { parseCsvRecords } from '~/utils/csv'
import { DEMO_PERIOD_CODE } from './constants.ts'

/**
 * Loads the synthetic population (prisma/demo/penduduk.csv, made by scripts/generate-penduduk.ts)
 * into PopulationRecord, the local stand-in of the population registry (ADR 011), and links the
 * demo applicant `pelamar@demo.test` to the resident reserved for it (the CSV's first row), so the
 * demo account has a confirmed identity in the demo period. Idempotent: a loaded table is left
 * alone and an existing identity is not touched.
 */
export const PENDUDUK_CSV = path.join(path.dirname(fileURLToPath(import.meta.url)), 'penduduk.csv')
const HEADER = ['nik', 'kk', 'nama', 'tempat_lahir', 'tanggal_lahir', 'jenis_kelamin', 'kepala_keluarga']
const CHUNK = 500
const DEMO_APPLICANT_EMAIL = 'pelamar@demo.test'

export function readPenduduk(file = PENDUDUK_CSV) {
  const text = fs.readFileSync(file, 'utf8')
  const header = text.slice(0, text.indexOf('\n')).trim().split(',')
  if (header.join(',') !== HEADER.join(',')) throw new Error(`${file}: expected header ${HEADER.join(',')}`)
  return parseCsvRecords(text).map((r, i) => {
    const birth = parseIsoDate(r.tanggal_lahir ?? '')
    if (!/^\d{16}$/.test(r.nik ?? '') || !/^\d{16}$/.test(r.kk ?? '') || !birth || !['L', 'P'].includes(r.jenis_kelamin ?? '') || !['0', '1'].includes(r.kepala_keluarga ?? '')) {
      throw new Error(`${file}: line ${i + 2} is not a valid resident`)
    }
    return {
      nik: r.nik!,
      kk: r.kk!,
      name: r.nama!,
      birthPlace: r.tempat_lahir!,
      birthDate: new Date(`${r.tanggal_lahir}T00:00:00Z`),
      sex: r.jenis_kelamin!,
      familyHead: r.kepala_keluarga === '1',
    }
  })
}

export async function seedDemoPopulation() {
  const residents = readPenduduk()
  let loaded = 0
  if ((await prisma.populationRecord.count()) < residents.length) {
    loaded = await audited(SYSTEM_ACTOR, async (tx, audit) => {
      let inserted = 0
      for (let i = 0; i < residents.length; i += CHUNK) {
        const { count } = await tx.populationRecord.createMany({ data: residents.slice(i, i + CHUNK), skipDuplicates: true })
        inserted += count
      }
      await audit({
        action: 'demo.population_loaded',
        entityType: 'PopulationRecord',
        entityId: 'penduduk.csv',
        after: { rows: residents.length, inserted },
      })
      return inserted
    })
  }
  // Databases loaded before the family-head column existed get it filled in once.
  if ((await prisma.populationRecord.count({ where: { familyHead: true } })) === 0) {
    const heads = residents.filter((r) => r.familyHead).map((r) => r.nik)
    await prisma.populationRecord.updateMany({ where: { nik: { in: heads } }, data: { familyHead: true } })
  }
  const demoIdentity = await linkDemoApplicant(residents[0]!)
  return { residents: residents.length, loaded, demoIdentity }
}

async function linkDemoApplicant(resident: ReturnType<typeof readPenduduk>[number]) {
  const [user, period] = await Promise.all([
    prisma.user.findUnique({ where: { email: DEMO_APPLICANT_EMAIL }, select: { id: true } }),
    prisma.selectionPeriod.findUnique({ where: { code: DEMO_PERIOD_CODE }, select: { id: true } }),
  ])
  if (!user || !period) return false
  if (await prisma.applicantIdentity.findUnique({ where: { userId: user.id } })) return false
  const birth = resident.birthDate
  const check = checkNik(
    resident.nik,
    { birthDate: { year: birth.getUTCFullYear(), month: birth.getUTCMonth() + 1, day: birth.getUTCDate() }, sex: resident.sex as 'L' | 'P' },
    getRegionLookup(),
  )
  if (!check.ok) throw new Error(`Demo applicant's resident ${resident.nik} fails the NIK check: ${check.problem}`)
  await audited(SYSTEM_ACTOR, async (tx, audit) => {
    const identity = await tx.applicantIdentity.create({
      data: {
        userId: user.id,
        periodId: period.id,
        nik: resident.nik,
        kk: resident.kk,
        fullName: resident.name,
        birthPlace: resident.birthPlace,
        birthDate: resident.birthDate,
        sex: resident.sex,
        phone: '081200000001',
        nikFlags: check.flags,
        confirmedAt: new Date(),
      },
    })
    await audit({
      action: 'applicant.identity_confirmed',
      entityType: 'ApplicantIdentity',
      entityId: identity.id,
      after: { userId: user.id, periodId: period.id, demo: true },
    })
  })
  return true
}
