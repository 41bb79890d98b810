import { prisma } from '~/utils/db.server'
import type { AuditActor } from '~/models/audit.server'
import { decideFormation, importFormation, loadStudyPrograms, submitFormation } from '~/models/formation.server'
import { FORMATION_COLUMNS, type FormationColumn } from '~/domain/selection/formation'
import { writeFormationCsv } from '~/utils/formation-files.server'
import { DEMO_PERIOD_CODE } from './constants.ts'

/**
 * The demo agencies' formations, published the way real ones are: each is imported from a
 * formation file, submitted and approved through the formation model, so demo positions and
 * vacancies come out of the same code path (and audit rows) as an agency's upload.
 */
type DemoPosition = {
  code: string
  name: string
  unit: string
  education: string
  programs: string
  gpa?: string
  skb?: string
  cat?: string
  vacancies: [formasiType: string, location: string, count: number][]
}

const DEMO_FORMATIONS: Record<string, DemoPosition[]> = {
  KEMENKUM: [
    {
      code: 'PPU-AHLI-PERTAMA',
      name: 'Analis Hukum Ahli Pertama',
      unit: 'Kantor Wilayah DKI Jakarta',
      education: 'S1',
      programs: 'S1-HUK;S1-HES',
      gpa: '3.00',
      // domain.md §5, Kemenkumham 2024 (non-SLTA): CAT 50 %; health + psych 10 % (eliminating);
      // work practice 30 %; interview 10 %.
      skb: 'PSIKOTES:10:gugur;PRAKTIK_KERJA:30;WAWANCARA:10',
      cat: '50',
      vacancies: [
        ['UMUM', 'Jakarta', 12],
        ['CUMLAUDE', 'Jakarta', 2],
        ['DISABILITAS', 'Jakarta', 1],
      ],
    },
    {
      code: 'PENJAGA-TAHANAN',
      name: 'Penjaga Tahanan',
      unit: 'Rumah Tahanan Kelas I Bandung',
      education: 'SMA',
      programs: '',
      skb: 'KESAMAPTAAN:30:gugur;KESEHATAN_JIWA:10:gugur',
      cat: '60',
      vacancies: [
        ['UMUM', 'Bandung', 40],
        ['PUTRA_PAPUA', 'Jayapura', 5],
      ],
    },
    {
      code: 'PRANATA-KOMPUTER-AP',
      name: 'Pranata Komputer Ahli Pertama',
      unit: 'Pusat Data dan Teknologi Informasi',
      education: 'S1',
      programs: 'S1-TI;S1-SI;S1-ILKOM',
      gpa: '3.00',
      vacancies: [['UMUM', 'Jakarta', 4]],
    },
  ],
  KEMENKES: [
    {
      code: 'DOKTER-AHLI-PERTAMA',
      name: 'Dokter Ahli Pertama',
      unit: 'RSUP Dr. Sardjito',
      education: 'S1',
      programs: 'S1-KEDOK',
      gpa: '3.00',
      vacancies: [
        ['UMUM', 'Yogyakarta', 8],
        ['DAERAH_TERTINGGAL', 'Merauke', 3],
      ],
    },
    {
      code: 'PERAWAT-TERAMPIL',
      name: 'Perawat Terampil',
      unit: 'RSUP Dr. Hasan Sadikin',
      education: 'D3',
      programs: 'D3-KEP',
      gpa: '2.75',
      vacancies: [
        ['UMUM', 'Bandung', 20],
        ['DISABILITAS', 'Bandung', 1],
      ],
    },
  ],
  'PEMPROV-JABAR': [
    {
      code: 'PRANATA-KOMPUTER',
      name: 'Pranata Komputer Ahli Pertama',
      unit: 'Dinas Komunikasi dan Informatika',
      education: 'S1',
      programs: 'S1-TI;S1-SI;S1-ILKOM',
      gpa: '2.75',
      // A regional agency: one additional test, at most 40 %, no interview (domain.md §5).
      skb: 'PRAKTIK_KERJA:30',
      cat: '70',
      vacancies: [
        ['UMUM', 'Bandung', 6],
        ['CUMLAUDE', 'Bandung', 1],
      ],
    },
  ],
  'PEMKAB-JAYAPURA': [
    {
      code: 'GURU-AHLI-PERTAMA',
      name: 'Guru Ahli Pertama',
      unit: 'Dinas Pendidikan',
      education: 'S1',
      programs: 'S1-PGSD;S1-PGPAUD',
      vacancies: [
        ['UMUM', 'Sentani', 15],
        ['PUTRA_PAPUA', 'Sentani', 10],
      ],
    },
  ],
}

function demoFile(positions: DemoPosition[]) {
  const records = positions.flatMap((p) =>
    p.vacancies.map(([formasiType, location, count]) => {
      const record: Record<FormationColumn, string> = Object.fromEntries(FORMATION_COLUMNS.map((c) => [c, ''])) as Record<FormationColumn, string>
      return Object.assign(record, {
        kode_jabatan: p.code,
        nama_jabatan: p.name,
        unit_kerja: p.unit,
        lokasi: location,
        jenis_formasi: formasiType,
        jumlah_kebutuhan: String(count),
        jenjang_pendidikan: p.education,
        kode_prodi: p.programs,
        ipk_minimal: p.gpa ?? '',
        skb_tambahan: p.skb ?? '',
        bobot_cat: p.cat ?? '',
      })
    }),
  )
  return Buffer.from(writeFormationCsv(records), 'utf8')
}

/** Idempotent: an agency that already has an approved formation for the period is skipped. */
export async function seedDemoFormations({ actor, periodCode = DEMO_PERIOD_CODE }: { actor: AuditActor; periodCode?: string }) {
  await loadStudyPrograms(actor)
  const period = await prisma.selectionPeriod.findUniqueOrThrow({ where: { code: periodCode } })
  const published: string[] = []
  for (const [agencyCode, positions] of Object.entries(DEMO_FORMATIONS)) {
    const agency = await prisma.agency.findUnique({ where: { code: agencyCode } })
    if (!agency) continue
    const approved = await prisma.formation.count({ where: { periodId: period.id, agencyId: agency.id, status: 'APPROVED' } })
    if (approved) continue
    const imported = await importFormation(period.id, agency.id, { name: `demo-${agencyCode}.csv`, bytes: demoFile(positions) }, actor)
    if (!imported.ok) throw new Error(`Demo formation of ${agencyCode} is invalid: ${JSON.stringify(imported)}`)
    const submitted = await submitFormation(imported.formationId, [agency.id], actor)
    if (!submitted?.ok) throw new Error(`Demo formation of ${agencyCode} could not be submitted: ${JSON.stringify(submitted)}`)
    const decided = await decideFormation(imported.formationId, 'APPROVE', 'Data demo', actor)
    if (!decided?.ok) throw new Error(`Demo formation of ${agencyCode} could not be approved: ${JSON.stringify(decided)}`)
    published.push(agencyCode)
  }
  return { published }
}
