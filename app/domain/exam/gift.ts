import { parse, type GIFTQuestion, type TextFormat } from 'gift-pegjs'
import { finish, fingerprint, hasImage, htmlToMarkdown, toBankItem, type ImportQuestion, type ImportReport } from './bank-import'

/**
 * Moodle GIFT import (gift-pegjs parses; bank-import.ts maps, see its comment for categories and
 * tags). Tags are written GIFT-style in a comment before the question: `// [tag:difficulty-2]`.
 */

function text(t: TextFormat): { markdown: string; image: boolean } {
  if (t.format === 'html') return { markdown: htmlToMarkdown(t.text), image: hasImage(t.text) }
  // GIFT "moodle" and "plain" are plain text; "markdown" is already what the bank stores.
  return { markdown: t.text, image: false }
}

export function parseGift(source: string, fileName = 'gift'): ImportReport {
  let questions: GIFTQuestion[]
  try {
    questions = parse(source.replace(/^\uFEFF/, ''))
  } catch (e) {
    const err = e as { message?: string; location?: { start: { line: number; column: number } } }
    const at = err.location ? ` (line ${err.location.start.line}, column ${err.location.start.column})` : ''
    return { items: [], skipped: [{ ref: fileName, reason: `not a valid GIFT file${at}: ${err.message ?? String(e)}` }] }
  }

  let category: string | null = null
  let n = 0
  const results: ReturnType<typeof toBankItem>[] = []
  for (const q of questions) {
    if (q.type === 'Category') {
      category = q.title
      continue
    }
    n++
    const ref = q.title ? `#${n} ${q.title}` : `#${n}`
    if (q.type === 'Description') continue
    if (q.type !== 'MC') {
      results.push({ ref, reason: `question type "${q.type}" is not supported (multiple choice only)` })
      continue
    }
    if (q.hasEmbeddedAnswers) {
      results.push({ ref, reason: 'embedded (cloze) answers are not supported' })
      continue
    }
    const stem = text(q.stem)
    const choices = q.choices.map((c) => ({ ...text(c.text), correct: c.isCorrect, fraction: c.weight === null ? null : c.weight / 100 }))
    if (stem.image || choices.some((c) => c.image)) {
      results.push({ ref, reason: 'images from Moodle files are not imported; add the item as a file with media/' })
      continue
    }
    const question: ImportQuestion = {
      ref,
      name: q.id ?? q.title,
      kind: 'multichoice',
      stem: stem.markdown,
      choices: choices.map((c) => ({ text: c.markdown, correct: c.correct, fraction: c.fraction })),
      category,
      tags: q.tags ?? [],
    }
    results.push(toBankItem(question, 'gift', fingerprint(`${category}\n${stem.markdown}\n${choices.map((c) => c.markdown).join('\n')}`)))
  }
  return finish(results)
}
