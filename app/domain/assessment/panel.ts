import { agenciesWith, hasPermission, type RoleGrant } from '~/domain/identity/roles'

/**
 * Who sits on an assessment panel (issue 7): the agency admin of the agency under assessment, or
 * the selection committee (nationwide). The panel configures tests, builds batches, invites
 * assessors, decides correction requests and sees progress; it never scores.
 */
export function panelScope(grants: readonly RoleGrant[]): { all: true } | { all: false; agencyIds: string[] } {
  if (hasPermission(grants, 'manage:ranking:any')) return { all: true }
  return { all: false, agencyIds: agenciesWith(grants, 'manage:formation:agency') }
}

export function isPanel(grants: readonly RoleGrant[]): boolean {
  const scope = panelScope(grants)
  return scope.all || scope.agencyIds.length > 0
}

export type SubjectKind = 'RECRUITMENT' | 'INTERNSHIP'

/**
 * Who may score on a batch of `agencyId` (issue 7; ADR 019 addendum for internships):
 * - a recruitment test: only an independent ASSESSOR (unscoped, or invited for this agency) who
 *   holds no other role in the agency (domain.md §5);
 * - an internship interview: such an assessor too, or one of the agency's own MENTORs. Choosing
 *   interns is the agency's own business, not the ASN merit selection, so its staff may interview;
 *   independence from the *student* still holds through declarations and the automatic conflicts.
 * Returns the institution (university) the scorer comes from, if any.
 */
export function mayScoreFor(
  grants: readonly RoleGrant[],
  agencyId: string,
  subjectKind: SubjectKind,
): { ok: true; universityId: string | null } | { ok: false; error: 'assessment.errors.notAssessor' | 'role.assessorNotIndependent' } {
  const assessor = grants.find((g) => g.role === 'ASSESSOR' && (g.agencyId === null || g.agencyId === agencyId))
  if (subjectKind === 'INTERNSHIP') {
    if (assessor) return { ok: true, universityId: assessor.universityId }
    if (grants.some((g) => g.role === 'MENTOR' && g.agencyId === agencyId)) return { ok: true, universityId: null }
    return { ok: false, error: 'assessment.errors.notAssessor' }
  }
  if (!assessor) return { ok: false, error: 'assessment.errors.notAssessor' }
  if (grants.some((g) => g.role !== 'ASSESSOR' && g.agencyId === agencyId)) return { ok: false, error: 'role.assessorNotIndependent' }
  return { ok: true, universityId: assessor.universityId }
}
