/**
 * Roles and the permissions they carry. A permission string reads `action:entity:access`
 * (Epic Stack `permissions.server.ts`): `access` is `any` (nationwide), `agency` or `university`
 * (limited to the scope the role is held for), or `own` (the user's own records).
 * Loaders and actions check these strings first; the UI hides what they deny with the same strings.
 */
export const ROLES = [
  'APPLICANT',
  'VERIFIER',
  'PROCTOR',
  'ASSESSOR',
  'COMMITTEE',
  'AGENCY_ADMIN',
  'NATIONAL_ADMIN',
  'UNIVERSITY_PIC',
  'MENTOR',
  'STUDENT',
  'DPL',
] as const
export type RoleName = (typeof ROLES)[number]

export const PERMISSIONS = {
  'read:account:own': 'See and edit one\'s own account',
  'submit:application:own': 'Apply in a selection period',
  'read:audit:any': 'Read and verify the audit log',
  'read:outbox:any': 'See outgoing e-mail (outbox)',
  'read:jobs:any': 'See the background job queue',
  'manage:staff:any': 'Invite staff and grant roles for any agency',
  'manage:staff:agency': 'Invite staff of one\'s own agency',
  'manage:selection:any': 'Set up national selection periods',
  'manage:formation:agency': 'Manage one\'s own agency\'s formation',
  'verify:application:agency': 'Verify applicants\' documents for one\'s own agency',
  'decide:objection:agency': 'Decide objections (sanggah) for one\'s own agency',
  'proctor:session:assigned': 'Proctor CAT sessions',
  'grade:assessment:assigned': 'Score assigned candidates (by code)',
  'manage:ranking:any': 'Prepare and approve rankings',
  'manage:internship:university': 'Manage one\'s own university\'s interns',
  'mentor:internship:agency': 'Mentor interns at an agency',
  'manage:exam:any': 'Plan CAT sites, sessions and allocation; keep the accommodation registry',
  'manage:accommodation:agency': 'Keep exam accommodations of one\'s own agency\'s applicants',
  'apply:internship:own': 'Apply for internships as a student',
  'manage:internship:agency': 'Publish internship openings and select interns for one\'s own agency',
  'supervise:internship:university': 'Supervise one\'s own university\'s interns as lecturer (DPL)',
} as const
export type Permission = keyof typeof PERMISSIONS

export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  APPLICANT: ['read:account:own', 'submit:application:own'],
  VERIFIER: ['read:account:own', 'verify:application:agency'],
  PROCTOR: ['read:account:own', 'proctor:session:assigned'],
  ASSESSOR: ['read:account:own', 'grade:assessment:assigned'],
  COMMITTEE: ['read:account:own', 'manage:ranking:any'],
  AGENCY_ADMIN: [
    'read:account:own',
    'manage:staff:agency',
    'manage:formation:agency',
    'decide:objection:agency',
    'manage:accommodation:agency',
    'manage:internship:agency',
  ],
  NATIONAL_ADMIN: [
    'read:account:own',
    'manage:staff:any',
    'manage:selection:any',
    'read:audit:any',
    'read:outbox:any',
    'read:jobs:any',
    'manage:exam:any',
  ],
  UNIVERSITY_PIC: ['read:account:own', 'manage:internship:university'],
  // Mentors may interview internship candidates on the assessor scoring (ADR 019 addendum); a
  // panel membership, checked in every query, decides which batches they see.
  MENTOR: ['read:account:own', 'mentor:internship:agency', 'grade:assessment:assigned'],
  STUDENT: ['read:account:own', 'apply:internship:own'],
  DPL: ['read:account:own', 'supervise:internship:university'],
}

/** Roles whose holder acts for one agency, or for one university. */
export const AGENCY_SCOPED: readonly RoleName[] = ['VERIFIER', 'PROCTOR', 'AGENCY_ADMIN', 'MENTOR']
export const UNIVERSITY_SCOPED: readonly RoleName[] = ['UNIVERSITY_PIC', 'ASSESSOR', 'DPL']

export type RoleGrant = {
  role: RoleName
  agencyId: string | null
  universityId: string | null
}

export function permissionsOf(grants: readonly RoleGrant[]): Set<Permission> {
  return new Set(grants.flatMap((g) => ROLE_PERMISSIONS[g.role]))
}

export function hasPermission(grants: readonly RoleGrant[], permission: Permission): boolean {
  return grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission))
}

/** The agencies for which the user holds a role that carries `permission`. */
export function agenciesWith(grants: readonly RoleGrant[], permission: Permission): string[] {
  return grants
    .filter((g) => g.agencyId && ROLE_PERMISSIONS[g.role].includes(permission))
    .map((g) => g.agencyId!)
}

/**
 * Which roles an inviter may give, and where. A national admin may give any role anywhere; an
 * agency admin may give the agency's own staff roles, for that agency only, and may invite an
 * independent assessor of an assessing institution (university or professional body) to assess
 * that agency (issue 7): the grant carries both the institution and the agency assessed.
 * Independence (domain.md §5): nobody may assess an agency in which they hold a staff role, nor
 * take a staff role in an agency they assess — checked against `invitee`'s grants when known.
 */
export function canGrant(
  inviter: readonly RoleGrant[],
  target: RoleGrant,
  invitee: readonly RoleGrant[] = [],
): { ok: true } | { ok: false; reason: string } {
  if (target.role === 'APPLICANT') return { ok: false, reason: 'role.applicantSelfRegisters' }
  if (target.role === 'ASSESSOR' && !target.universityId) return { ok: false, reason: 'role.universityRequired' }
  if (target.agencyId) {
    const assessing = target.role === 'ASSESSOR'
    const clash = invitee.some((g) =>
      assessing
        ? g.role !== 'ASSESSOR' && g.agencyId === target.agencyId
        : g.role === 'ASSESSOR' && (g.agencyId === target.agencyId || g.agencyId === null),
    )
    if (clash) return { ok: false, reason: 'role.assessorNotIndependent' }
  }
  if (AGENCY_SCOPED.includes(target.role) && !target.agencyId) {
    return { ok: false, reason: 'role.agencyRequired' }
  }
  if (target.role === 'STUDENT') return { ok: false, reason: 'role.applicantSelfRegisters' }
  if ((target.role === 'UNIVERSITY_PIC' || target.role === 'DPL') && !target.universityId) {
    return { ok: false, reason: 'role.universityRequired' }
  }
  if (hasPermission(inviter, 'manage:staff:any')) return { ok: true }
  const agencyRoles: RoleName[] = ['VERIFIER', 'PROCTOR', 'AGENCY_ADMIN', 'MENTOR']
  if (
    agencyRoles.includes(target.role) &&
    target.agencyId &&
    agenciesWith(inviter, 'manage:staff:agency').includes(target.agencyId)
  ) {
    return { ok: true }
  }
  if (
    target.role === 'ASSESSOR' &&
    target.agencyId &&
    agenciesWith(inviter, 'manage:staff:agency').includes(target.agencyId)
  ) {
    return { ok: true }
  }
  return { ok: false, reason: 'role.notAllowed' }
}

/** i18n key of a permission's description (i18next reserves ':' for namespaces). */
export function permissionKey(permission: Permission) {
  return `permissions.${permission.replaceAll(':', '_')}`
}
