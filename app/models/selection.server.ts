import { prisma } from '~/utils/db.server'

export function listPeriods() {
  return prisma.selectionPeriod.findMany({ orderBy: [{ year: 'desc' }, { code: 'asc' }] })
}

export function listAgencies() {
  return prisma.agency.findMany({ orderBy: { name: 'asc' }, select: { id: true, code: true, name: true, kind: true } })
}

export function listUniversities() {
  return prisma.university.findMany({ orderBy: { name: 'asc' }, select: { id: true, code: true, name: true } })
}
