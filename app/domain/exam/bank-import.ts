import { BankItemSchema, ITEM_ID, isSubtestCode, subtestScoring, type BankItem, type SubtestCode } from './items'

/**
 * The mapping shared by the GIFT and Moodle XML importers (ADR 013): a question from a Moodle
 * format, already reduced to stem + choices, becomes a bank item or a reason why not.
 *
 * Where subtest, topic and difficulty come from (tags win over the category):
 * - Category path (`$CATEGORY: $course$/SKD/TWK/pancasila`, XML `<category>`): the first segment
 *   that names a subtest (TWK, TIU, TKP, TEKNIS, MANAJERIAL, SOSIOKULTURAL/SOSIO-KULTURAL,
 *   WAWANCARA, SKB_<FIELD>) gives the subtest; the segment after it gives the topic.
 * - Tags: `subtest:TKP`, `topic:pelayanan-publik`, `difficulty:1..3` (also `difficulty-2`,
 *   `mudah`/`sedang`/`sulit`, `easy`/`medium`/`hard`).
 * - Without a difficulty the item is imported as 2 (medium) and the report says so; without a
 *   subtest it is skipped. Without a topic it is `umum`.
 * Answers:
 * - one correct choice (GIFT `=`, or fraction 100 with all others 0) → a `single` item;
 * - fractions on a weighted subtest (TKP 1–5, PPPK 1–4) → score = min + round(f × (max − min)),
 *   so TKP 100/75/50/25/0 % → 5/4/3/2/1 and PPPK 100/66.7/33.3/0 % → 4/3/2/1;
 * - negative fractions, several partially right choices on a single-answer subtest, or a
 *   single-answer question for a weighted subtest → skipped with the reason.
 * Options are lettered A, B, … in file order (attempts shuffle them per candidate).
 */

export type ImportChoice = { text: string; /** 0–1, or null when the format only marks right/wrong. */ fraction: number | null; correct: boolean }

export type ImportQuestion = {
  /** Human reference for the report: the question's name or its number in the file. */
  ref: string
  /** A name/idnumber that can become a stable id, when the file has one. */
  name: string | null
  kind: string
  stem: string
  choices: ImportChoice[]
  category: string | null
  tags: string[]
}

export type ImportReport = {
  items: { item: BankItem; ref: string; notes: string[] }[]
  skipped: { ref: string; reason: string }[]
}

const ALIASES: Record<string, SubtestCode> = {
  SOSIO_KULTURAL: 'SOSIOKULTURAL',
  SOSIAL_KULTURAL: 'SOSIOKULTURAL',
  TEKNIKAL: 'TEKNIS',
  MANAGERIAL: 'MANAJERIAL',
  INTERVIEW: 'WAWANCARA',
}

function subtestFrom(segment: string): SubtestCode | null {
  const code = segment
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
  if (ALIASES[code]) return ALIASES[code]
  return isSubtestCode(code) ? code : null
}

export function slug(text: string, max = 60): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '')
}

const DIFFICULTY_WORDS: Record<string, 1 | 2 | 3> = { mudah: 1, easy: 1, sedang: 2, medium: 2, sulit: 3, sukar: 3, hard: 3 }

function fromTags(tags: string[]) {
  let subtest: SubtestCode | null = null
  let topic: string | null = null
  let difficulty: 1 | 2 | 3 | null = null
  for (const raw of tags) {
    const tag = raw.trim()
    const m = /^(subtest|topic|topik|difficulty|kesulitan)\s*[:=-]\s*(.+)$/i.exec(tag)
    if (m) {
      const [, name, value] = m as unknown as [string, string, string]
      const n = name.toLowerCase()
      if (n === 'subtest') subtest = subtestFrom(value) ?? subtest
      else if (n === 'topic' || n === 'topik') topic = slug(value) || topic
      else {
        const d = Number(value)
        if (d === 1 || d === 2 || d === 3) difficulty = d
        else if (DIFFICULTY_WORDS[value.toLowerCase()]) difficulty = DIFFICULTY_WORDS[value.toLowerCase()]!
      }
    } else if (DIFFICULTY_WORDS[tag.toLowerCase()]) {
      difficulty = DIFFICULTY_WORDS[tag.toLowerCase()]!
    } else {
      subtest = subtestFrom(tag) ?? subtest
    }
  }
  return { subtest, topic, difficulty }
}

function fromCategory(category: string | null) {
  if (!category) return { subtest: null, topic: null }
  const segments = category
    .replace(/^\$(course|system|module|cat\d*)\$\/?/i, '')
    .split('/')
    .map((s) => s.trim())
    .filter(Boolean)
  for (let i = 0; i < segments.length; i++) {
    const subtest = subtestFrom(segments[i]!)
    if (subtest) return { subtest, topic: segments[i + 1] ? slug(segments[i + 1]!) : null }
  }
  return { subtest: null, topic: null }
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

export function toBankItem(q: ImportQuestion, idPrefix: string, fallbackHash: string): ImportReport['items'][number] | { ref: string; reason: string } {
  const ref = q.ref
  if (q.kind !== 'multichoice') return { ref, reason: `question type "${q.kind}" is not supported (multiple choice only)` }
  if (q.choices.length < 2) return { ref, reason: 'fewer than two choices' }
  if (q.choices.length > LETTERS.length) return { ref, reason: 'too many choices' }

  const tagged = fromTags(q.tags)
  const cat = fromCategory(q.category)
  const subtest = tagged.subtest ?? cat.subtest
  if (!subtest) return { ref, reason: 'no subtest: put it in the category path (…/TWK/<topic>) or a tag subtest:TWK' }
  const notes: string[] = []
  const topic = tagged.topic ?? cat.topic ?? 'umum'
  let difficulty = tagged.difficulty
  if (!difficulty) {
    difficulty = 2
    notes.push('no difficulty tag: imported as 2 (medium)')
  }

  if (q.choices.some((c) => c.fraction !== null && c.fraction < 0)) return { ref, reason: 'negative fractions are not supported (no penalty for wrong answers in CAT)' }
  const options = q.choices.map((c, i) => ({ id: LETTERS[i]!, text: c.text.trim() }))
  const rule = subtestScoring(subtest)
  let key: BankItem['key']
  if (rule.type === 'single') {
    const right = q.choices
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.correct || (c.fraction ?? 0) >= 0.999)
    const partial = q.choices.filter((c) => !c.correct && c.fraction !== null && c.fraction > 0 && c.fraction < 0.999)
    if (partial.length > 0) return { ref, reason: `${subtest} items have one correct answer (5/0); this question gives partial credit` }
    if (right.length !== 1) return { ref, reason: `${subtest} items need exactly one correct choice; found ${right.length}` }
    key = { correct: LETTERS[right[0]!.i]! }
  } else {
    if (q.choices.some((c) => c.fraction === null)) {
      return { ref, reason: `${subtest} items need a score per choice (fractions such as 100/75/50/25/0 %)` }
    }
    const span = rule.max - rule.min
    key = {
      scores: Object.fromEntries(q.choices.map((c, i) => [LETTERS[i]!, rule.min + Math.round((c.fraction ?? 0) * span)])),
    }
  }

  const nameSlug = q.name ? slug(q.name) : ''
  const id = nameSlug.length >= 3 && ITEM_ID.test(nameSlug) ? nameSlug : `${idPrefix}-${slug(subtest)}-${fallbackHash.slice(0, 12)}`
  const parsed = BankItemSchema.safeParse({ id, subtest, topic, difficulty, type: rule.type, stem: q.stem.trim(), options, key })
  if (!parsed.success) {
    return { ref, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'item'}: ${i.message}`).join('; ') }
  }
  return { item: parsed.data as BankItem, ref, notes }
}

/**
 * Moodle HTML (XML `format="html"`, GIFT `[html]`) to the Markdown the bank stores: paragraphs and
 * line breaks, bold, italics; every other tag dropped and entities decoded. Images in HTML refer to
 * Moodle's file store (@@PLUGINFILE@@) which an export does not carry over reliably, so the
 * importers skip questions with images and say so.
 */
export function htmlToMarkdown(html: string): string {
  return decodeEntities(
    html
      .replace(/\r\n?/g, '\n')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/p>\s*/gi, '\n\n')
      .replace(/<p[^>]*>/gi, '')
      .replace(/<(strong|b)>(.*?)<\/\1>/gis, '**$2**')
      .replace(/<(em|i)>(.*?)<\/\1>/gis, '*$2*')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = {
    amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', ndash: '–', mdash: '—',
    lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', times: '×', divide: '÷', deg: '°',
  }
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole
    }
    return named[e.toLowerCase()] ?? whole
  })
}

export function hasImage(html: string) {
  return /<img\b/i.test(html) || /@@PLUGINFILE@@/.test(html)
}

/** A short, stable fingerprint of a question for generated ids (not security: no node:crypto in the domain). */
export function fingerprint(text: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0')
}

export function finish(results: ReturnType<typeof toBankItem>[]): ImportReport {
  const report: ImportReport = { items: [], skipped: [] }
  const seen = new Set<string>()
  for (const r of results) {
    if ('reason' in r) report.skipped.push(r)
    else if (seen.has(r.item.id)) report.skipped.push({ ref: r.ref, reason: `duplicate id ${r.item.id} in this file` })
    else {
      seen.add(r.item.id)
      report.items.push(r)
    }
  }
  return report
}
