/**
 * An attempt's items as the start answer carries them (ADR 014 addendum "starts"): one compact
 * text, `position,subtest,versionId,OPTIONS;…` in position order (ids are cuid/slug, subtests and
 * option ids are capitals, so neither separator can occur inside a field). PostgreSQL builds it
 * (`string_agg`) and the draw stores it prepared, so the server sends it as it is — no 110 objects
 * to build and serialise per start — and the exam page reads it with `parseItemRefs`.
 */
export type ExamItemRef = { position: number; subtest: string; versionId: string; options: string[] }

export function parseItemRefs(text: string | null | undefined): ExamItemRef[] {
  if (!text) return []
  return text.split(';').map((t) => {
    const [position, subtest, versionId, options] = t.split(',')
    return { position: Number(position), subtest: subtest!, versionId: versionId!, options: [...(options ?? '')] }
  })
}

/** The distinct version ids of a compact item text (the bundle's content address needs only these). */
export function versionIdsOf(text: string | null | undefined): string[] {
  if (!text) return []
  return text.split(';').map((t) => t.split(',')[2]!)
}
