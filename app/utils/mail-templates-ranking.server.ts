import { rankingId } from '~/locales/sections/ranking.id'
import { rankingEn } from '~/locales/sections/ranking.en'
import { statusChangeEmail, type MailContent } from './mail-templates.server'

/**
 * The e-mail an applicant receives when a list they are on is published (issue 8). It states the
 * code and links to the dashboard; the published list stays the official source.
 */
export function rankingResultEmail(input: {
  name: string
  period: string
  position: string
  stage: 'SKD' | 'FINAL' | 'PPPK'
  code: string
  version: number
}): MailContent {
  const codeId = (rankingId.codes as Record<string, string>)[input.code] ?? input.code
  const codeEn = (rankingEn.codes as Record<string, string>)[input.code] ?? input.code
  return statusChangeEmail({
    name: input.name,
    item: `${rankingId.stages[input.stage]} – ${input.period} – ${input.position}${input.version > 1 ? ` (koreksi, versi ${input.version})` : ''}`,
    itemEn: `${rankingEn.stages[input.stage]} – ${input.period} – ${input.position}${input.version > 1 ? ` (correction, version ${input.version})` : ''}`,
    status: codeId,
    statusEn: codeEn,
    link: '/dasbor',
  })
}
