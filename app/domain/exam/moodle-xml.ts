import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { finish, fingerprint, hasImage, htmlToMarkdown, toBankItem, type ImportReport } from './bank-import'

/**
 * Moodle XML import (fast-xml-parser parses; bank-import.ts maps, see its comment for categories,
 * tags and how `<answer fraction="…">` becomes a per-option score).
 */

type XmlText = { text?: unknown; '@_format'?: string } | string | undefined
type XmlQuestion = {
  '@_type'?: string
  name?: XmlText
  idnumber?: unknown
  questiontext?: XmlText
  category?: XmlText
  answer?: ({ '@_fraction'?: string; '@_format'?: string; text?: unknown } | string)[]
  tags?: { tag?: XmlText[] }
  single?: unknown
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Keep every value as a string: "0001" stays "0001" and a stem that looks like a number is text.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'question' || name === 'answer' || name === 'tag',
})

function textOf(node: XmlText): string {
  if (node === undefined || node === null) return ''
  if (typeof node === 'string') return node
  const t = node.text
  return t === undefined || t === null ? '' : String(t)
}

function markdownOf(node: XmlText): { markdown: string; image: boolean } {
  const raw = textOf(node)
  const format = typeof node === 'object' && node ? node['@_format'] : undefined
  if (format === 'markdown' || format === 'plain_text' || format === 'moodle_auto_format') return { markdown: raw, image: hasImage(raw) }
  return { markdown: htmlToMarkdown(raw), image: hasImage(raw) }
}

export function parseMoodleXml(source: string, fileName = 'xml'): ImportReport {
  const valid = XMLValidator.validate(source)
  if (valid !== true) {
    return { items: [], skipped: [{ ref: fileName, reason: `not valid XML (line ${valid.err.line}): ${valid.err.msg}` }] }
  }
  const doc = parser.parse(source) as { quiz?: { question?: XmlQuestion[] } }
  const questions = doc.quiz?.question
  if (!questions) return { items: [], skipped: [{ ref: fileName, reason: 'no <quiz> with <question> elements: not a Moodle XML export' }] }

  let category: string | null = null
  let n = 0
  const results: ReturnType<typeof toBankItem>[] = []
  for (const q of questions) {
    const type = q['@_type'] ?? 'unknown'
    if (type === 'category') {
      category = textOf(q.category) || null
      continue
    }
    n++
    const name = textOf(q.name) || null
    const ref = name ? `#${n} ${name}` : `#${n}`
    if (type === 'description') continue
    if (type !== 'multichoice') {
      results.push({ ref, reason: `question type "${type}" is not supported (multiple choice only)` })
      continue
    }
    const stem = markdownOf(q.questiontext)
    const answers = (q.answer ?? []).map((a) => {
      const node = typeof a === 'string' ? { text: a } : a
      const fraction = Number(node['@_fraction'] ?? '0') / 100
      return { ...markdownOf(node as XmlText), fraction }
    })
    if (stem.image || answers.some((a) => a.image)) {
      results.push({ ref, reason: 'images from Moodle files are not imported; add the item as a file with media/' })
      continue
    }
    const idnumber = q.idnumber === undefined ? '' : String(q.idnumber).trim()
    results.push(
      toBankItem(
        {
          ref,
          name: idnumber || name,
          kind: 'multichoice',
          stem: stem.markdown,
          choices: answers.map((a) => ({ text: a.markdown, fraction: a.fraction, correct: a.fraction >= 0.999 })),
          category,
          tags: (q.tags?.tag ?? []).map(textOf).filter(Boolean),
        },
        'mxml',
        fingerprint(`${category}\n${stem.markdown}\n${answers.map((a) => a.markdown).join('\n')}`),
      ),
    )
  }
  return finish(results)
}
