import { z } from 'zod'
import { BankItemSchema, SubtestCodeSchema, subtestScoring, type BankItem } from './items'

/**
 * The on-disk format of the question bank (ADR 013, question-bank/README.md): one JSON file per
 * subtest and topic, `question-bank/<SUBTEST>/<topic>.json`:
 *
 *   { "subtest": "TWK", "topic": "pancasila",
 *     "items": [{ "id": "twk-pancasila-0001", "difficulty": 1, "stem": "…",
 *                 "options": [{ "id": "A", "text": "…" }, …], "key": { "correct": "A" } }] }
 *
 * `type` defaults to the subtest's scoring type and `topic` to the file's; each item is then
 * validated as a whole by BankItemSchema, so an error names the file, the item and the field.
 */
export const BankFileSchema = z.strictObject({
  subtest: SubtestCodeSchema,
  topic: z.string().trim().min(1),
  items: z.array(z.record(z.string(), z.unknown())).min(1),
})

export type BankFileError = { file: string; message: string }

export function parseBankFile(file: string, json: string): { items: BankItem[]; errors: BankFileError[] } {
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch (e) {
    return { items: [], errors: [{ file, message: `not valid JSON: ${(e as Error).message}` }] }
  }
  const head = BankFileSchema.safeParse(data)
  if (!head.success) {
    return { items: [], errors: head.error.issues.map((i) => ({ file, message: `${i.path.join('.') || 'file'}: ${i.message}` })) }
  }
  const { subtest, topic, items: raw } = head.data
  // The folder names the subtest, so a file copied into the wrong folder is caught.
  const folder = file.split(/[\\/]/).at(-2)
  if (folder && folder !== subtest) {
    return { items: [], errors: [{ file, message: `file says subtest ${subtest} but lies in folder ${folder}` }] }
  }
  const items: BankItem[] = []
  const errors: BankFileError[] = []
  raw.forEach((entry, index) => {
    const parsed = BankItemSchema.safeParse({ subtest, topic, type: subtestScoring(subtest).type, ...entry })
    if (parsed.success) items.push(parsed.data as BankItem)
    else {
      const ref = typeof entry.id === 'string' ? entry.id : `#${index + 1}`
      for (const i of parsed.error.issues) errors.push({ file, message: `item ${ref}: ${i.path.join('.') || 'item'}: ${i.message}` })
    }
  })
  return { items, errors }
}
