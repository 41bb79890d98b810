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
