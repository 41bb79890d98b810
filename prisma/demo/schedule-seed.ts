import type { Tx } from '~/utils/db.server'
import { RULES_2024, type WindowKind } from '~/domain/selection/rules'
import { addWibDays, toWib, wibClosing, wibOpening } from '~/domain/selection/schedule'

type PlannedWindow = { kind: WindowKind; opensAt: Date; closesAt: Date }

/**
 * A realistic schedule around `now`, shaped like CPNS 2024 (domain.md §1, §2, §3, §6):
 * registration opened 3 days ago and closes in 14 days at 23:59 WIB; agencies verify from the day
 * registration opens until 5 days after it closes; then the announcement, a 3-day objection,
 * score-reuse confirmation, SKD over 30 days, SKB, integration, final results, final objection and
 * the DRH/NIP stage.
 */
export function demoSchedule(now: Date): PlannedWindow[] {
  /** The WIB calendar day `days` after the day of `from`, at `time` WIB. */
  const dayAt = (from: Date, days: number, time: string) => wibOpening(toWib(addWibDays(from, days)).date, time)!
  /** The WIB calendar day `days` after the day of `from`, until the end of 23:59 WIB. */
  const dayEnd = (from: Date, days: number) => wibClosing(toWib(addWibDays(from, days)).date, '23:59')!

  const plan: PlannedWindow[] = []
  const add = (kind: WindowKind, opensAt: Date, closesAt: Date) => {
    plan.push({ kind, opensAt, closesAt })
    return { opensAt, closesAt }
  }
  const registration = add('REGISTRATION', dayAt(now, -3, '08:00'), dayEnd(now, 14))
  const verification = add('ADMIN_VERIFICATION', registration.opensAt, dayEnd(registration.closesAt, 5))
  const announcement = add('ADMIN_ANNOUNCEMENT', dayAt(verification.closesAt, 1, '08:00'), dayEnd(verification.closesAt, 6))
  const objection = add('ADMIN_OBJECTION', dayAt(announcement.closesAt, 1, '00:00'), dayEnd(announcement.closesAt, 3))
  // 2024: score-reuse confirmation (18–28 Sep) ran alongside the objection period (20–22 Sep).
  const reuse = add('SCORE_REUSE_CONFIRMATION', dayAt(objection.opensAt, 0, '08:00'), dayEnd(objection.opensAt, 10))
  const skd = add('SKD', dayAt(reuse.closesAt, 14, '07:00'), dayEnd(reuse.closesAt, 43))
  const skb = add('SKB', dayAt(skd.closesAt, 14, '07:00'), dayEnd(skd.closesAt, 34))
  const integration = add('INTEGRATION', dayAt(skb.closesAt, 3, '08:00'), dayEnd(skb.closesAt, 21))
  const results = add('FINAL_ANNOUNCEMENT', dayAt(integration.closesAt, 1, '08:00'), dayEnd(integration.closesAt, 8))
  const finalObjection = add('FINAL_OBJECTION', dayAt(results.closesAt, 1, '00:00'), dayEnd(results.closesAt, 3))
  add('DRH_NIP', dayAt(finalObjection.closesAt, 8, '08:00'), dayEnd(finalObjection.closesAt, 67))
  return plan
}

/**
 * Gives the demo period its schedule and RULES_2024 as rules version 1. Idempotent: only windows
 * that are missing are created, and rules only when the period has none, so running the demo
 * loader again (or after an admin changed the schedule) changes nothing.
 */
export async function seedDemoSchedule(tx: Tx, periodId: string, now: Date = new Date()) {
  const existing = await tx.scheduleWindow.findMany({ where: { periodId }, select: { kind: true } })
  const missing = demoSchedule(now).filter((w) => !existing.some((e) => e.kind === w.kind))
  if (missing.length) {
    await tx.scheduleWindow.createMany({ data: missing.map((w) => ({ periodId, ...w })) })
  }
  const hasRules = (await tx.ruleVersion.count({ where: { periodId } })) > 0
  if (!hasRules) {
    await tx.ruleVersion.create({
      data: { periodId, version: 1, rules: RULES_2024, reason: 'Aturan 2024 (data demo)' },
    })
  }
  return { windowsCreated: missing.length, rulesCreated: !hasRules }
}
