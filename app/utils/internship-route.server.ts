import { json } from '@remix-run/node'
import { agenciesWith } from '~/domain/identity/roles'
import { readStoredFile } from '~/utils/storage.server'
import { requirePermission, requireUser } from '~/utils/session.server'

/**
 * Permission first, then the scope that every internship query filters by (CONVENTIONS.md):
 * a PIC's universities, an agency admin's agencies. A row outside the scope is simply not found.
 */
export async function requireCampus(request: Request) {
  const user = await requirePermission(request, 'manage:internship:university')
  const universityIds = user.grants.filter((g) => g.role === 'UNIVERSITY_PIC' && g.universityId).map((g) => g.universityId!)
  return { user, universityIds }
}

export async function requireAgencyInternship(request: Request) {
  const user = await requirePermission(request, 'manage:internship:agency')
  return { user, agencyIds: agenciesWith(user.grants, 'manage:internship:agency') }
}

export async function requireStudent(request: Request) {
  return requirePermission(request, 'apply:internship:own')
}

export function notFound(): never {
  throw new Response('Not found', { status: 404, statusText: 'Not Found' })
}

export function refuse(error: string, status = 400) {
  return json({ ok: false as const, error: `internship.errors.${error}` }, { status })
}

/** Streams a stored document inline, never cached by shared caches. */
export async function documentResponse(doc: { fileHash: string; fileName: string; mime: string } | null) {
  if (!doc) notFound()
  const file = await readStoredFile(doc.fileHash)
  if (!file) notFound()
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'Content-Type': doc.mime,
      'Content-Disposition': `inline; filename="${doc.fileName.replace(/[^\w.\- ]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/** "3,45" and "3.45" are the same GPA. */
export function parseDecimal(value: FormDataEntryValue | null) {
  if (typeof value !== 'string' || !value.trim()) return null
  const n = Number(value.trim().replace(',', '.'))
  return Number.isFinite(n) ? n : NaN
}

/** Mentors (agency) and DPLs (university) review placements assigned to them by name. */
export async function requireSupervisor(request: Request) {
  const user = await requireUser(request)
  const mentor = user.permissions.includes('mentor:internship:agency')
  const dpl = user.permissions.includes('supervise:internship:university')
  if (!mentor && !dpl) throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  return { user, mentor, dpl }
}
