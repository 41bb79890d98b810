import { z } from 'zod'
import { addWibDays, toWib, wibClosing } from '~/domain/selection/schedule'

/**
 * Rules of administrative verification and objection (sanggah), domain.md §2 and issue 5. Plain
 * functions: the model (app/models/verification.server.ts) feeds them rows and the server's clock.
 */

export type Decision = 'MS' | 'TMS'

/** A requirement judged by one verifier: a PositionDocument code with MS or TMS. */
export type ItemDecision = { requirementCode: string; decision: Decision; reasonCode: string | null; note: string | null }

/**
 * National default TMS reasons, offered to every agency before its own (SSCASN's usual findings).
 * Codes are stable: decisions store the code, the label is looked up when shown.
 */
export const DEFAULT_TMS_REASONS = [
  { code: 'TIDAK_TERBACA', label: 'Dokumen tidak terbaca / buram' },
  { code: 'BUKAN_DOKUMEN', label: 'Dokumen yang diunggah bukan dokumen yang diminta' },
  { code: 'TIDAK_SESUAI_DATA', label: 'Isi dokumen tidak sesuai dengan data yang diisikan' },
  { code: 'TIDAK_BERTANDA_TANGAN', label: 'Dokumen tidak bertanda tangan / tidak bermeterai' },
  { code: 'KUALIFIKASI_TIDAK_SESUAI', label: 'Kualifikasi pendidikan tidak sesuai dengan jabatan' },
  { code: 'IPK_KURANG', label: 'IPK di bawah syarat minimal jabatan' },
  { code: 'LAINNYA', label: 'Lainnya (lihat keterangan)' },
] as const

export const DEFAULT_SETTINGS = { samplePercent: 10, claimMinutes: 30 }

export const SettingsSchema = z.object({
  samplePercent: z.coerce.number().int('verification.errors.samplePercent').min(0, 'verification.errors.samplePercent').max(100, 'verification.errors.samplePercent'),
  claimMinutes: z.coerce.number().int('verification.errors.claimMinutes').min(5, 'verification.errors.claimMinutes').max(480, 'verification.errors.claimMinutes'),
})

export const MIN_OBJECTION_REASON = 20
export const MAX_TEXT = 2000

/**
 * One decision per requirement, complete and consistent: every requirement judged exactly once;
 * a TMS names a reason from the list, and "LAINNYA" (or any TMS without a listed reason) needs
 * free text so the applicant learns what was wrong.
 */
export function validateItems(
  requirements: readonly string[],
  items: readonly ItemDecision[],
  reasonCodes: readonly string[],
): { ok: true } | { ok: false; problems: { requirementCode: string; problem: 'missing' | 'unknown' | 'reasonRequired' | 'noteRequired' }[] } {
  const problems: { requirementCode: string; problem: 'missing' | 'unknown' | 'reasonRequired' | 'noteRequired' }[] = []
  for (const code of requirements) {
    if (!items.some((i) => i.requirementCode === code)) problems.push({ requirementCode: code, problem: 'missing' })
  }
  for (const item of items) {
    if (!requirements.includes(item.requirementCode)) {
      problems.push({ requirementCode: item.requirementCode, problem: 'unknown' })
      continue
    }
    if (item.decision !== 'TMS') continue
    if (!item.reasonCode || !reasonCodes.includes(item.reasonCode)) problems.push({ requirementCode: item.requirementCode, problem: 'reasonRequired' })
    else if (item.reasonCode === 'LAINNYA' && !item.note?.trim()) problems.push({ requirementCode: item.requirementCode, problem: 'noteRequired' })
  }
  return problems.length ? { ok: false, problems } : { ok: true }
}

/** domain.md §2: the application is MS only if every requirement is MS. */
export function overallResult(items: readonly Pick<ItemDecision, 'decision'>[]): Decision {
  return items.length > 0 && items.every((i) => i.decision === 'MS') ? 'MS' : 'TMS'
}

/**
 * Whether a finished first verification is drawn for the second-verifier sample. Deterministic in
 * the application id (a stable hash into 0–99), so re-running a decision cannot redraw it and an
 * auditor can recompute who was sampled.
 */
export function inSample(applicationId: string, samplePercent: number): boolean {
  if (samplePercent <= 0) return false
  if (samplePercent >= 100) return true
  let hash = 2166136261
  for (let i = 0; i < applicationId.length; i++) {
    hash ^= applicationId.charCodeAt(i)
    hash = Math.imul(hash, 16777619)
  }
  return (hash >>> 0) % 100 < samplePercent
}

/** The requirements on which two rounds disagree (these go to the agency panel). */
export function disagreements(first: readonly ItemDecision[], second: readonly ItemDecision[]): string[] {
  return first
    .filter((f) => {
      const s = second.find((x) => x.requirementCode === f.requirementCode)
      return !s || s.decision !== f.decision
    })
    .map((f) => f.requirementCode)
}

/**
 * The items in force: for each requirement the decision of the latest round (panel over second
 * over first verifier).
 */
export function itemsInForce<T extends { requirementCode: string; round: number }>(items: readonly T[]): T[] {
  const latest = new Map<string, T>()
  for (const item of items) {
    const current = latest.get(item.requirementCode)
    if (!current || item.round > current.round) latest.set(item.requirementCode, item)
  }
  return [...latest.values()]
}

// The objection (sanggah) rules — window, once, who may object — are shared by the administrative
// and the final-result objection and live in ./objection.ts (ADR 012).
export { canObject, objectionTimeline, type ObjectionRefusal, type ObjectionRules } from './objection'

export const ObjectionSchema = z.object({
  reason: z
    .string({ message: 'verification.errors.objectionReason' })
    .trim()
    .min(MIN_OBJECTION_REASON, 'verification.errors.objectionReason')
    .max(MAX_TEXT, 'verification.errors.tooLong'),
  confirm: z.literal('on', { message: 'verification.errors.confirm' }),
})

export const PanelDecisionSchema = z.object({
  objectionId: z.string().min(1).max(64),
  decision: z.enum(['ACCEPTED', 'REJECTED'], { message: 'verification.errors.decision' }),
  reason: z.string({ message: 'verification.errors.panelReason' }).trim().min(10, 'verification.errors.panelReason').max(MAX_TEXT, 'verification.errors.tooLong'),
})

/** Percent done, rounded down so 99.6 % never shows as 100 % while one application is left. */
export function percentDone(done: number, total: number) {
  return total === 0 ? 0 : Math.floor((done / total) * 100)
}

export type AnnouncementRow = { registrationNumber: string; fullName: string; result: Decision; reasons: readonly string[] }

export const ANNOUNCEMENT_COLUMNS = ['no', 'nomor_peserta', 'nama', 'hasil', 'keterangan'] as const

/** The rows of a frozen list in a stable order (registration number), numbered from 1. */
export function announcementTable(rows: readonly AnnouncementRow[]): string[][] {
  return [...rows]
    .sort((a, b) => a.registrationNumber.localeCompare(b.registrationNumber))
    .map((r, i) => [String(i + 1), r.registrationNumber, r.fullName, r.result, r.reasons.join('; ')])
}
