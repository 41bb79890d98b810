import MarkdownIt from 'markdown-it'
import { z } from 'zod'

/**
 * Question-bank items (issue 6, domain.md §3, §5, §7): the shape of an item file, the scoring
 * rules each subtest allows, safe rendering of the Markdown stem, and the key-free view that is the
 * only thing an exam page may receive.
 */

export type SubtestCode =
  | 'TWK'
  | 'TIU'
  | 'TKP'
  | 'TEKNIS'
  | 'MANAJERIAL'
  | 'SOSIOKULTURAL'
  | 'WAWANCARA'
  | `SKB_${string}`

export const FIXED_SUBTESTS = ['TWK', 'TIU', 'TKP', 'TEKNIS', 'MANAJERIAL', 'SOSIOKULTURAL', 'WAWANCARA'] as const

/** SKB fields are open-ended (one bank per functional position), so they are `SKB_<FIELD>`. */
const SKB_FIELD = /^SKB_[A-Z0-9]+(?:_[A-Z0-9]+)*$/

export function isSubtestCode(value: unknown): value is SubtestCode {
  return typeof value === 'string' && ((FIXED_SUBTESTS as readonly string[]).includes(value) || SKB_FIELD.test(value))
}

export type ItemType = 'single' | 'weighted'

/**
 * How a subtest is scored (domain.md §3: TWK/TIU correct = 5, TKP each option 1–5; §7: technical
 * correct = 5, managerial / socio-cultural / interview each answer 1–4; §5: SKB CAT raw max 500 over
 * 100 items, i.e. correct = 5). Items must use their subtest's type so a blueprint's maxima hold.
 */
export type SubtestScoring = { type: 'single'; correctScore: 5 } | { type: 'weighted'; min: number; max: number }

export const SINGLE_CORRECT_SCORE = 5

export function subtestScoring(code: SubtestCode): SubtestScoring {
  switch (code) {
    case 'TKP':
      return { type: 'weighted', min: 1, max: 5 }
    case 'MANAJERIAL':
    case 'SOSIOKULTURAL':
    case 'WAWANCARA':
      return { type: 'weighted', min: 1, max: 4 }
    default:
      return { type: 'single', correctScore: SINGLE_CORRECT_SCORE }
  }
}

export const SubtestCodeSchema = z.custom<SubtestCode>(isSubtestCode, {
  message: 'subtest must be TWK, TIU, TKP, TEKNIS, MANAJERIAL, SOSIOKULTURAL, WAWANCARA or SKB_<FIELD>',
})

/** Stable item ids: lowercase, digits and dashes, e.g. `twk-pancasila-0001`. They never change. */
export const ITEM_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const OptionSchema = z.object({
  id: z.string().regex(/^[A-Z]$/, 'option id must be one capital letter (A, B, …)'),
  text: z.string().trim().min(1, 'option text is empty').max(2000),
})
export type ItemOption = z.infer<typeof OptionSchema>

export const SingleKeySchema = z.strictObject({ correct: z.string() })
export const WeightedKeySchema = z.strictObject({ scores: z.record(z.string(), z.number().int()) })
export const ItemKeySchema = z.union([SingleKeySchema, WeightedKeySchema])
export type ItemKey = { correct: string } | { scores: Record<string, number> }

export const BankItemSchema = z
  .strictObject({
    id: z.string().min(3).max(80).regex(ITEM_ID, 'id must be lowercase letters, digits and dashes'),
    subtest: SubtestCodeSchema,
    topic: z.string().trim().min(1).max(80),
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    type: z.enum(['single', 'weighted']),
    stem: z.string().trim().min(1, 'stem is empty').max(10_000),
    options: z.array(OptionSchema).min(2).max(6),
    key: ItemKeySchema,
  })
  .superRefine((item, ctx) => {
    const ids = item.options.map((o) => o.id)
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'option ids must be unique' })
    const texts = item.options.map((o) => o.text.trim().toLowerCase())
    if (new Set(texts).size !== texts.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'two options have the same text' })

    const rule = subtestScoring(item.subtest)
    if (item.type !== rule.type) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `${item.subtest} items must be of type "${rule.type}"` })
      return
    }
    if (item.type === 'single') {
      if (!('correct' in item.key)) {
        ctx.addIssue({ code: 'custom', path: ['key'], message: 'a single item needs key.correct' })
      } else if (!ids.includes(item.key.correct)) {
        ctx.addIssue({ code: 'custom', path: ['key', 'correct'], message: `key.correct "${item.key.correct}" is not an option` })
      }
      return
    }
    if (!('scores' in item.key) || rule.type !== 'weighted') {
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'a weighted item needs key.scores' })
      return
    }
    const scores = item.key.scores
    for (const id of ids) {
      const s = scores[id]
      if (s === undefined) ctx.addIssue({ code: 'custom', path: ['key', 'scores', id], message: `option ${id} has no score` })
      else if (s < rule.min || s > rule.max)
        ctx.addIssue({ code: 'custom', path: ['key', 'scores', id], message: `score ${s} outside ${rule.min}–${rule.max}` })
    }
    for (const id of Object.keys(scores)) {
      if (!ids.includes(id)) ctx.addIssue({ code: 'custom', path: ['key', 'scores', id], message: `score for unknown option ${id}` })
    }
    // Full marks must be reachable, or the blueprint's maximum would be a lie.
    if (!Object.values(scores).includes(rule.max))
      ctx.addIssue({ code: 'custom', path: ['key', 'scores'], message: `no option scores the maximum ${rule.max}` })
  })

export type BankItem = {
  id: string
  subtest: SubtestCode
  topic: string
  difficulty: 1 | 2 | 3
  type: ItemType
  stem: string
  options: ItemOption[]
  key: ItemKey
}

// The schema's inferred type and the declared interface must stay the same shape.
type _SchemaMatches = z.infer<typeof BankItemSchema> extends BankItem ? true : never
const _schemaMatches: _SchemaMatches = true
void _schemaMatches

/** The highest score one item can give (used for voided items and blueprint maxima). */
export function maxScoreOf(key: ItemKey): number {
  return 'correct' in key ? SINGLE_CORRECT_SCORE : Math.max(0, ...Object.values(key.scores))
}

/** What a content hash covers: only what a candidate sees or what scores; not topic/difficulty. */
export function hashableContent(item: Pick<BankItem, 'type' | 'stem' | 'options' | 'key'>): string {
  const key =
    'correct' in item.key
      ? { correct: item.key.correct }
      : { scores: Object.fromEntries(Object.entries(item.key.scores).sort(([a], [b]) => a.localeCompare(b))) }
  return JSON.stringify({
    type: item.type,
    stem: item.stem,
    options: item.options.map((o) => ({ id: o.id, text: o.text })),
    key,
  })
}

// ─── rendering ───

/** Base URL under which `question-bank/media/` is served; stems refer to images relatively. */
export const BANK_MEDIA_URL = '/bank-media/'

// html: false escapes any raw HTML in a stem, so an imported item cannot inject script or markup.
const md = new MarkdownIt({ html: false, linkify: false, typographer: false })
const defaultImage = md.renderer.rules.image!
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!
  const src = String(token.attrGet('src') ?? '')
  // Only bank media: a relative path without `..`. External URLs would leak who sits an exam when.
  if (/^[a-z0-9][a-z0-9._/-]*$/i.test(src) && !src.includes('..')) {
    token.attrSet('src', BANK_MEDIA_URL + src.replace(/^media\//, ''))
    token.attrSet('loading', 'lazy')
    return defaultImage(tokens, idx, options, env, self)
  }
  return md.utils.escapeHtml(token.content || '[gambar]')
}
// Exam stems have no business linking anywhere.
md.disable(['link'])

/** Safe HTML for a Markdown stem or option (raw HTML escaped, images only from the bank's media). */
export function renderStem(markdown: string): string {
  return md.render(markdown)
}

/** Inline variant for option texts (no wrapping paragraph). */
export function renderInline(markdown: string): string {
  return md.renderInline(markdown)
}

// ─── the key-free view ───

export type PublicItem = {
  versionId: string
  itemId: string
  version: number
  type: ItemType
  stem: string
  options: ItemOption[]
}

/**
 * The only view of an item version that may go to a candidate's browser. Built by picking allowed
 * fields (not by deleting the key), so a column added later is not leaked by accident.
 */
export function publicItem(version: {
  id: string
  itemId: string
  version: number
  type: string
  stem: string
  options: unknown
  key?: unknown
}): PublicItem {
  const options = z.array(OptionSchema).parse(version.options)
  return {
    versionId: version.id,
    itemId: version.itemId,
    version: version.version,
    type: version.type === 'weighted' ? 'weighted' : 'single',
    stem: version.stem,
    options: options.map((o) => ({ id: o.id, text: o.text })),
  }
}
