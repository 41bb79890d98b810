import type { Tx } from '~/utils/db.server'
import type { AuditEntry } from '~/models/audit.server'
import { canDecide, canObject, type ObjectionRefusal, type ObjectionStage, type PanelRefusal } from '~/domain/verification/objection'

/**
 * The one objection (sanggah) mechanism (ADR 012, issue 8), used by the administrative
 * announcement (`verification.server.ts`) and the final ranking (`ranking.server.ts`). Both call
 * these inside their own audited transaction and add only what is theirs (the administrative
 * result's status change and e-mail; nothing for the final result, whose correction is a new run).
 * Here: the window by the server's clock, once per application and stage (also a unique key),
 * the panel's answer with a reason, the status history (ObjectionEvent) and the audit row.
 */

export class ObjectionRefused extends Error {
  constructor(readonly reason: ObjectionRefusal | PanelRefusal | 'notFound') {
    super(reason)
  }
}

type Audit = (entry: AuditEntry) => Promise<unknown>

export type FileObjectionInput = {
  stage: ObjectionStage
  applicationId: string
  /** ADMINISTRATION: the announcement; FINAL_RESULT: the ranking publication. */
  subject: { announcementId: string } | { publicationId: string }
  agencyId: string
  positionId: string
  /** Whether this applicant may object at this stage (TMS result; in the published list). */
  result?: 'MS' | 'TMS' | null
  inList?: boolean
  window: { objectionOpensAt: Date | null; objectionClosesAt: Date | null } | null
  reason: string
  actorId: string | null
  now: Date
}

/** Files an objection or throws ObjectionRefused. The caller has locked the application row. */
export async function fileObjection(tx: Tx, audit: Audit, input: FileObjectionInput) {
  const existing = await tx.objection.findUnique({ where: { applicationId_stage: { applicationId: input.applicationId, stage: input.stage } }, select: { id: true } })
  const check = canObject({ stage: input.stage, result: input.result, inList: input.inList, alreadyObjected: Boolean(existing), window: input.window, now: input.now })
  if (!check.ok) throw new ObjectionRefused(check.reason)
  const objection = await tx.objection.create({
    data: {
      stage: input.stage,
      applicationId: input.applicationId,
      announcementId: 'announcementId' in input.subject ? input.subject.announcementId : null,
      publicationId: 'publicationId' in input.subject ? input.subject.publicationId : null,
      agencyId: input.agencyId,
      positionId: input.positionId,
      reason: input.reason,
      submittedAt: input.now,
    },
  })
  await tx.objectionEvent.create({ data: { objectionId: objection.id, status: 'PENDING', reason: input.reason, actorId: input.actorId, at: input.now } })
  await audit({ action: 'objection.submit', entityType: 'Application', entityId: input.applicationId, after: { objectionId: objection.id, stage: input.stage, ...input.subject, reason: input.reason } })
  return objection
}

/**
 * The panel's answer: ACCEPTED or REJECTED with a reason, while the panel window is open. `scope`
 * is in the query (an objection outside it is "not found"), and the row is locked so two panel
 * members cannot both decide.
 */
export async function decideObjection(
  tx: Tx,
  audit: Audit,
  input: {
    objectionId: string
    scope: { stage: ObjectionStage; agencyIds?: readonly string[] }
    decision: 'ACCEPTED' | 'REJECTED'
    reason: string
    panelClosesAt: (objection: { announcementId: string | null; publicationId: string | null }) => Promise<Date | null>
    actorId: string | null
    now: Date
  },
) {
  const rows = input.scope.agencyIds
    ? await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Objection" WHERE id = ${input.objectionId} AND stage = ${input.scope.stage}::"ObjectionStage"
          AND "agencyId" = ANY(${[...input.scope.agencyIds]}) FOR UPDATE`
    : await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Objection" WHERE id = ${input.objectionId} AND stage = ${input.scope.stage}::"ObjectionStage" FOR UPDATE`
  if (!rows[0]) throw new ObjectionRefused('notFound')
  const objection = await tx.objection.findUniqueOrThrow({ where: { id: input.objectionId } })
  const check = canDecide({ status: objection.status, panelClosesAt: await input.panelClosesAt(objection), now: input.now })
  if (!check.ok) throw new ObjectionRefused(check.reason)
  await tx.objection.update({
    where: { id: objection.id },
    data: { status: input.decision, decidedById: input.actorId, decidedAt: input.now, decisionReason: input.reason },
  })
  await tx.objectionEvent.create({ data: { objectionId: objection.id, status: input.decision, reason: input.reason, actorId: input.actorId, at: input.now } })
  await audit({
    action: input.decision === 'ACCEPTED' ? 'objection.accept' : 'objection.reject',
    entityType: 'Application',
    entityId: objection.applicationId,
    before: { status: 'PENDING' },
    after: { objectionId: objection.id, stage: objection.stage, status: input.decision, reason: input.reason },
  })
  return objection
}

/** An objection's status history, oldest first. */
export function objectionHistory(db: Pick<Tx, 'objectionEvent'>, objectionId: string) {
  return db.objectionEvent.findMany({ where: { objectionId }, orderBy: { at: 'asc' } })
}
