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

let demoCache: { value: boolean; at: number } | undefined

/** Whether demo data is loaded (then every page carries the demo banner). Cached for a minute. */
export async function hasDemoData() {
  if (demoCache && Date.now() - demoCache.at < 60_000) return demoCache.value
  const value = (await prisma.selectionPeriod.count({ where: { isDemo: true } })) > 0
  demoCache = { value, at: Date.now() }
  return value
}
