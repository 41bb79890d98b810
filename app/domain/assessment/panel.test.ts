import { mayScoreFor } from './panel'
import type { RoleGrant } from '~/domain/identity/roles'

const assessorUgm: RoleGrant = { role: 'ASSESSOR', agencyId: null, universityId: 'ugm' }
const invitedForKemenkes: RoleGrant = { role: 'ASSESSOR', agencyId: 'kemenkes', universityId: 'ui' }
const mentorKemenkes: RoleGrant = { role: 'MENTOR', agencyId: 'kemenkes', universityId: null }

describe('who may score on a batch (issue 7; ADR 019 addendum)', () => {
  test('a recruitment test takes only independent assessors', () => {
    expect(mayScoreFor([assessorUgm], 'kemenkes', 'RECRUITMENT')).toEqual({ ok: true, universityId: 'ugm' })
    expect(mayScoreFor([invitedForKemenkes], 'kemenkes', 'RECRUITMENT')).toEqual({ ok: true, universityId: 'ui' })
    expect(mayScoreFor([invitedForKemenkes], 'kemenkum', 'RECRUITMENT')).toEqual({ ok: false, error: 'assessment.errors.notAssessor' })
    expect(mayScoreFor([mentorKemenkes], 'kemenkes', 'RECRUITMENT')).toEqual({ ok: false, error: 'assessment.errors.notAssessor' })
    expect(mayScoreFor([assessorUgm, mentorKemenkes], 'kemenkes', 'RECRUITMENT')).toEqual({ ok: false, error: 'role.assessorNotIndependent' })
  })
  test('an internship interview also takes the agency’s own mentors, but not another agency’s', () => {
    expect(mayScoreFor([mentorKemenkes], 'kemenkes', 'INTERNSHIP')).toEqual({ ok: true, universityId: null })
    expect(mayScoreFor([mentorKemenkes], 'kemenkum', 'INTERNSHIP')).toEqual({ ok: false, error: 'assessment.errors.notAssessor' })
    expect(mayScoreFor([assessorUgm], 'kemenkes', 'INTERNSHIP')).toEqual({ ok: true, universityId: 'ugm' })
    expect(mayScoreFor([{ role: 'AGENCY_ADMIN', agencyId: 'kemenkes', universityId: null }], 'kemenkes', 'INTERNSHIP').ok).toBe(false)
  })
})
