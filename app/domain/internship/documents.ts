/**
 * The documents of an internship application (domain.md §8): CV, transcript, KTP, and the two
 * fixed-template letters — the faculty's recommendation (SR) and the liability statement signed
 * with a parent (SPTJM). Formats and size limits follow SSCASN's habits (PDF, KTP as JPG).
 */
export const DOCUMENT_KINDS = ['CV', 'TRANSCRIPT', 'KTP', 'SR', 'SPTJM'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

export const DOCUMENT_RULES: Record<DocumentKind, { format: 'PDF' | 'JPG'; maxKb: number }> = {
  CV: { format: 'PDF', maxKb: 1024 },
  TRANSCRIPT: { format: 'PDF', maxKb: 1024 },
  KTP: { format: 'JPG', maxKb: 500 },
  SR: { format: 'PDF', maxKb: 1024 },
  SPTJM: { format: 'PDF', maxKb: 1024 },
}

export const MAX_DOCUMENT_KB = Math.max(...Object.values(DOCUMENT_RULES).map((r) => r.maxKb))
