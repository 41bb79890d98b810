import { addWibDays, toWib, wibClosing } from '~/domain/selection/schedule'

/**
 * One objection (sanggah) mechanism for every published result (ADR 012, issue 8): the
 * administrative announcement (domain.md §2) and the final ranking (domain.md §6, "an objection
 * window on final results uses the same objection mechanism"). Same window rule, same "once per
 * applicant and stage", same panel answer with a reason. Plain functions fed the server's clock.
 */

export const OBJECTION_STAGES = ['ADMINISTRATION', 'FINAL_RESULT'] as const
export type ObjectionStage = (typeof OBJECTION_STAGES)[number]

export type ObjectionRules = { days: number; panelAnswerDays: number; postObjectionAnnouncementDays: number }

/**
 * The sanggah timeline of a published result (domain.md §2, "Length: 3 days" and the 2024 table):
 * the objection opens when the result is published and closes at 23:59 WIB on the `days`-th
 * calendar day after the publication day (PPPK: "within 3 calendar days of the announcement");
 * the panel answers until 23:59 WIB of the `panelAnswerDays`-th day; the post-objection
 * announcement is due by 23:59 WIB of the `postObjectionAnnouncementDays`-th day after the
 * objection closes.
 */
export function objectionTimeline(publishedAt: Date, rules: ObjectionRules) {
  const endOfDayAfter = (from: Date, days: number) => wibClosing(toWib(addWibDays(from, days)).date, '23:59')!
  const objectionClosesAt = endOfDayAfter(publishedAt, rules.days)
  const panelClosesAt = endOfDayAfter(publishedAt, Math.max(rules.panelAnswerDays, rules.days))
  const postDueAt = endOfDayAfter(objectionClosesAt, rules.postObjectionAnnouncementDays)
  return { objectionOpensAt: publishedAt, objectionClosesAt, panelClosesAt, postDueAt }
}

export type ObjectionRefusal = 'notTms' | 'notInList' | 'alreadyObjected' | 'notAnnounced' | 'windowNotOpen' | 'windowClosed'

/**
 * domain.md §2 "Rules", for every stage: once, while the window is open by the server's clock.
 * Who may object: at ADMINISTRATION a TMS applicant; at FINAL_RESULT anyone in the published list.
 */
export function canObject(input: {
  stage?: ObjectionStage
  result?: 'MS' | 'TMS' | null
  inList?: boolean
  alreadyObjected: boolean
  window: { objectionOpensAt: Date | null; objectionClosesAt: Date | null } | null
  now: Date
}): { ok: true } | { ok: false; reason: ObjectionRefusal } {
  const stage = input.stage ?? 'ADMINISTRATION'
  if (!input.window?.objectionOpensAt || !input.window.objectionClosesAt) return { ok: false, reason: 'notAnnounced' }
  if (stage === 'ADMINISTRATION' && input.result !== 'TMS') return { ok: false, reason: 'notTms' }
  if (stage === 'FINAL_RESULT' && !input.inList) return { ok: false, reason: 'notInList' }
  if (input.alreadyObjected) return { ok: false, reason: 'alreadyObjected' }
  if (input.now < input.window.objectionOpensAt) return { ok: false, reason: 'windowNotOpen' }
  if (input.now > input.window.objectionClosesAt) return { ok: false, reason: 'windowClosed' }
  return { ok: true }
}

export type PanelRefusal = 'alreadyDecided' | 'panelClosed'

/** The panel answers a pending objection, with a reason, until its panel window closes. */
export function canDecide(input: { status: string; panelClosesAt: Date | null; now: Date }): { ok: true } | { ok: false; reason: PanelRefusal } {
  if (input.status !== 'PENDING') return { ok: false, reason: 'alreadyDecided' }
  if (input.panelClosesAt && input.now > input.panelClosesAt) return { ok: false, reason: 'panelClosed' }
  return { ok: true }
}
