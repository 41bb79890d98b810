import ExcelJS from 'exceljs'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getBatchForPanel } from '~/models/assessment.server'
import { requirePanel } from '~/utils/assessment-panel.server'

/**
 * The batch as XLSX for the panel (issue 7): one row per candidate and assessor with the totals and
 * the final score, and a sheet per assessor's distribution. This export is the panel's; assessors
 * get none (what they see carries codes only).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePanel(request)
  const data = await getBatchForPanel(params.batchId ?? '', scope)
  if (!data) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const workbook = new ExcelJS.Workbook()
  workbook.created = new Date()
  const scores = workbook.addWorksheet('Nilai')
  scores.columns = [
    { header: 'Kode peserta', key: 'code', width: 14 },
    { header: 'Nomor peserta', key: 'registrationNumber', width: 22 },
    { header: 'Nama', key: 'name', width: 30 },
    { header: 'Asesor', key: 'assessor', width: 30 },
    { header: 'Peran', key: 'role', width: 14 },
    { header: 'Nilai asesor', key: 'total', width: 12 },
    { header: 'Nilai akhir', key: 'final', width: 12 },
    { header: 'Gugur', key: 'eliminated', width: 8 },
  ]
  for (const c of data.candidates) {
    const rows = c.assignments.length ? c.assignments : [null]
    for (const a of rows) {
      scores.addRow({
        code: c.code,
        registrationNumber: c.registrationNumber,
        name: c.name,
        assessor: a?.assessor ?? '',
        role: a ? (a.role === 'PRIMARY' ? 'Penilai' : 'Adjudikator') : '',
        total: a?.submittedAt ? a.total : null,
        final: c.finalScore,
        eliminated: c.eliminated === null ? '' : c.eliminated ? 'Ya' : 'Tidak',
      })
    }
  }
  scores.getRow(1).font = { bold: true }
  const dist = workbook.addWorksheet('Sebaran per asesor')
  dist.columns = [
    { header: 'Asesor', key: 'name', width: 30 },
    { header: 'Jumlah', key: 'n', width: 10 },
    { header: 'Rata-rata', key: 'mean', width: 12 },
    { header: 'Minimum', key: 'min', width: 10 },
    { header: 'Maksimum', key: 'max', width: 10 },
  ]
  for (const m of data.members) {
    const n = m.totals.length
    dist.addRow({
      name: m.name,
      n,
      mean: n ? Math.round((m.totals.reduce((a, b) => a + b, 0) / n) * 100) / 100 : null,
      min: n ? Math.min(...m.totals) : null,
      max: n ? Math.max(...m.totals) : null,
    })
  }
  dist.getRow(1).font = { bold: true }
  const buffer = await workbook.xlsx.writeBuffer()
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="penilaian-${data.batch.testType.toLowerCase()}-${data.batch.id}.xlsx"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
