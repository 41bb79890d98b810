/**
 * The two fixed-template letters of an internship application (issue 9 "Students"; domain.md §8):
 * the faculty's recommendation letter (Surat Rekomendasi, SR) and the student's liability statement
 * signed together with a parent or guardian (Surat Pernyataan Tanggung Jawab Mutlak, SPTJM).
 * The portal fills in the student's and the opening's data; the faculty signs and stamps the SR,
 * the student and a parent sign the SPTJM over a duty stamp, and the student uploads both. Every
 * student gets the same wording, so the PIC checks signatures and data, not phrasing.
 * The letters are Indonesian legal documents, so their text is Indonesian in both UI languages.
 */
export const LETTER_KINDS = ['SR', 'SPTJM'] as const
export type LetterKind = (typeof LETTER_KINDS)[number]

export function isLetterKind(value: string): value is LetterKind {
  return (LETTER_KINDS as readonly string[]).includes(value)
}

export type LetterData = {
  studentName: string
  studentNumber: string
  university: string
  studyProgram: string
  semester: number
  agency: string
  unit: string
  openingTitle: string
  durationMonths: number
  /** The opening's start, already formatted as a WIB date. */
  startsOn: string
}

export type LetterContent = {
  title: string
  /** Label–value lines identifying the student. */
  identity: [string, string][]
  paragraphs: string[]
  /** Signature blocks, left to right; `stamp` marks where the duty stamp (meterai) goes. */
  signatures: { role: string; name: string; stamp?: boolean }[]
  fileName: string
}

export function letterContent(kind: LetterKind, d: LetterData): LetterContent {
  const identity: [string, string][] = [
    ['Nama', d.studentName],
    ['NIM', d.studentNumber],
    ['Program studi', d.studyProgram],
    ['Semester', String(d.semester)],
    ['Perguruan tinggi', d.university],
  ]
  const placement = `program magang "${d.openingTitle}" pada ${d.unit}, ${d.agency}, selama ${d.durationMonths} bulan mulai ${d.startsOn}`
  const slug = d.studentNumber.replace(/[^A-Za-z0-9-]/g, '') || 'mahasiswa'
  if (kind === 'SR') {
    return {
      title: 'SURAT REKOMENDASI',
      identity,
      paragraphs: [
        `Pimpinan fakultas ${d.university} dengan ini merekomendasikan mahasiswa berikut untuk mengikuti ${placement}:`,
        'Mahasiswa tersebut berstatus aktif pada semester berjalan, memenuhi syarat akademik program magang, dan kegiatan magang dapat diakui sebagai bagian dari kurikulum sesuai ketentuan perguruan tinggi.',
        'Perguruan tinggi menunjuk dosen pembimbing lapangan (DPL) yang mendampingi mahasiswa selama magang dan menilai konversi SKS berdasarkan laporan dan evaluasi akhir.',
        'Demikian surat rekomendasi ini dibuat untuk dipergunakan sebagaimana mestinya.',
      ],
      signatures: [{ role: 'Dekan / Wakil Dekan Bidang Akademik', name: '(nama, NIP, tanda tangan dan cap fakultas)' }],
      fileName: `SR-${slug}.pdf`,
    }
  }
  return {
    title: 'SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK',
    identity,
    paragraphs: [
      `Yang bertanda tangan di bawah ini, mahasiswa yang mendaftar ${placement}, bersama orang tua/wali, menyatakan dengan sesungguhnya bahwa:`,
      '1. Seluruh data dan dokumen yang saya sampaikan adalah benar; bila di kemudian hari terbukti tidak benar, saya bersedia dibatalkan dari program magang.',
      '2. Saya akan mengikuti program magang sampai selesai, mematuhi tata tertib instansi, menjaga kerahasiaan informasi instansi, dan mengisi logbook serta laporan bulanan.',
      '3. Saya bertanggung jawab penuh atas keselamatan diri, biaya pribadi, dan akibat perbuatan saya selama magang, dan tidak akan menuntut instansi atas hal-hal di luar ketentuan program.',
      '4. Orang tua/wali mengetahui dan menyetujui keikutsertaan saya dalam program magang ini.',
      'Demikian surat pernyataan ini dibuat dengan sadar dan tanpa paksaan dari pihak mana pun.',
    ],
    signatures: [
      { role: 'Orang tua/wali', name: '(nama dan tanda tangan)' },
      { role: 'Mahasiswa', name: d.studentName, stamp: true },
    ],
    fileName: `SPTJM-${slug}.pdf`,
  }
}
