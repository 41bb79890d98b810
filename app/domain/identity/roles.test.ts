import { canGrant, hasPermission, agenciesWith, type RoleGrant } from './roles'

const national: RoleGrant[] = [{ role: 'NATIONAL_ADMIN', agencyId: null, universityId: null }]
const agencyAdminA: RoleGrant[] = [{ role: 'AGENCY_ADMIN', agencyId: 'A', universityId: null }]
const verifierA: RoleGrant[] = [{ role: 'VERIFIER', agencyId: 'A', universityId: null }]

describe('who may grant which role', () => {
  test('a national admin may grant any staff role anywhere', () => {
    expect(canGrant(national, { role: 'COMMITTEE', agencyId: null, universityId: null })).toEqual({ ok: true })
    expect(canGrant(national, { role: 'VERIFIER', agencyId: 'B', universityId: null })).toEqual({ ok: true })
  })
  test('an agency admin may grant agency staff roles for their own agency only', () => {
    expect(canGrant(agencyAdminA, { role: 'VERIFIER', agencyId: 'A', universityId: null })).toEqual({ ok: true })
    expect(canGrant(agencyAdminA, { role: 'VERIFIER', agencyId: 'B', universityId: null })).toEqual({ ok: false, reason: 'role.notAllowed' })
  })
  test('an agency admin invites an independent assessor of an institution to assess their own agency only (domain.md §5, issue 7)', () => {
    expect(canGrant(agencyAdminA, { role: 'ASSESSOR', agencyId: 'A', universityId: 'U' })).toEqual({ ok: true })
    expect(canGrant(agencyAdminA, { role: 'ASSESSOR', agencyId: 'B', universityId: 'U' })).toEqual({ ok: false, reason: 'role.notAllowed' })
    // Not an assessor of every agency: only national admins give an unscoped assessor role.
    expect(canGrant(agencyAdminA, { role: 'ASSESSOR', agencyId: null, universityId: 'U' })).toEqual({ ok: false, reason: 'role.notAllowed' })
    expect(canGrant(agencyAdminA, { role: 'ASSESSOR', agencyId: 'A', universityId: null })).toEqual({ ok: false, reason: 'role.universityRequired' })
  })
  test('assessors are independent (domain.md §5): nobody holding a role in the agency may assess it, nor the reverse', () => {
    const staffOfA: RoleGrant[] = [{ role: 'VERIFIER', agencyId: 'A', universityId: null }]
    expect(canGrant(agencyAdminA, { role: 'ASSESSOR', agencyId: 'A', universityId: 'U' }, staffOfA)).toEqual({ ok: false, reason: 'role.assessorNotIndependent' })
    expect(canGrant(national, { role: 'ASSESSOR', agencyId: 'A', universityId: 'U' }, staffOfA)).toEqual({ ok: false, reason: 'role.assessorNotIndependent' })
    // Staff of another agency may assess A.
    expect(canGrant(agencyAdminA, { role: 'ASSESSOR', agencyId: 'A', universityId: 'U' }, [{ role: 'VERIFIER', agencyId: 'B', universityId: null }])).toEqual({ ok: true })
    const assessorOfA: RoleGrant[] = [{ role: 'ASSESSOR', agencyId: 'A', universityId: 'U' }]
    expect(canGrant(agencyAdminA, { role: 'VERIFIER', agencyId: 'A', universityId: null }, assessorOfA)).toEqual({ ok: false, reason: 'role.assessorNotIndependent' })
    const assessorAnywhere: RoleGrant[] = [{ role: 'ASSESSOR', agencyId: null, universityId: 'U' }]
    expect(canGrant(national, { role: 'VERIFIER', agencyId: 'A', universityId: null }, assessorAnywhere)).toEqual({ ok: false, reason: 'role.assessorNotIndependent' })
  })
  test('an agency admin cannot make national roles', () => {
    expect(canGrant(agencyAdminA, { role: 'NATIONAL_ADMIN', agencyId: null, universityId: null }).ok).toBe(false)
    expect(canGrant(agencyAdminA, { role: 'COMMITTEE', agencyId: 'A', universityId: null }).ok).toBe(false)
  })
  test('agency-scoped roles need an agency; applicants register themselves', () => {
    expect(canGrant(national, { role: 'PROCTOR', agencyId: null, universityId: null })).toEqual({ ok: false, reason: 'role.agencyRequired' })
    expect(canGrant(national, { role: 'UNIVERSITY_PIC', agencyId: null, universityId: null })).toEqual({ ok: false, reason: 'role.universityRequired' })
    expect(canGrant(national, { role: 'APPLICANT', agencyId: null, universityId: null })).toEqual({ ok: false, reason: 'role.applicantSelfRegisters' })
  })
  test('a verifier cannot grant anything', () => {
    expect(canGrant(verifierA, { role: 'VERIFIER', agencyId: 'A', universityId: null }).ok).toBe(false)
  })
})

describe('permissions follow roles', () => {
  test('only the national admin reads the audit log', () => {
    expect(hasPermission(national, 'read:audit:any')).toBe(true)
    expect(hasPermission(agencyAdminA, 'read:audit:any')).toBe(false)
  })
  test('agency-scoped permissions name their agencies', () => {
    expect(agenciesWith(verifierA, 'verify:application:agency')).toEqual(['A'])
    expect(agenciesWith(agencyAdminA, 'verify:application:agency')).toEqual([])
  })
})
