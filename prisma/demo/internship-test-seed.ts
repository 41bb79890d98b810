import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR } from '~/models/audit.server'
import { saveShortTest } from '~/models/internship-test.server'
import { INTERNSHIP_DEFAULT_PARTS } from '~/domain/exam/blueprints'
import { SHORT_TEST_MAX_WINDOW_DAYS } from '~/domain/internship/short-test'
import { DEMO_OPENING_TITLE } from './internship-seed.ts'

/**
 * The demo internship opening gets the demo short test (TIU 20, TWK 10, 30 minutes; ADR 019
 * addendum), open from the first seed for the longest window allowed, so a reviewer sees it on the
 * agency's page and a newly shortlisted student can take it. Idempotent: an existing test is kept.
 */
export async function seedDemoInternshipTest() {
  const opening = await prisma.internshipOpening.findFirst({ where: { isDemo: true, title: DEMO_OPENING_TITLE } })
  if (!opening || (await prisma.internshipShortTest.findUnique({ where: { openingId: opening.id } }))) return
  const opensAt = new Date()
  const result = await saveShortTest(
    {
      openingId: opening.id,
      agencyIds: [opening.agencyId],
      parts: [...INTERNSHIP_DEFAULT_PARTS],
      durationMinutes: 30,
      opensAt,
      closesAt: new Date(opensAt.getTime() + SHORT_TEST_MAX_WINDOW_DAYS * 86_400_000),
    },
    SYSTEM_ACTOR,
  )
  if (!result.ok) console.warn('Demo internship short test not created:', result)
}
