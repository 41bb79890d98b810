import { isLetterKind, letterContent, type LetterData } from './letters'

const data: LetterData = {
  studentName: 'Rina Maharani',
  studentNumber: '2206123456',
  university: 'Universitas Indonesia',
  studyProgram: 'S1 Kesehatan Masyarakat',
  semester: 6,
  agency: 'Kementerian Kesehatan',
  unit: 'Direktorat Gizi',
  openingTitle: 'Magang Analis Data Gizi',
  durationMonths: 4,
  startsOn: '2 Februari 2027',
}

describe('fixed-template letters (domain.md §8: SR and SPTJM)', () => {
  test('the SR names the student, the programme and the placement, and is signed by the faculty', () => {
    const sr = letterContent('SR', data)
    expect(sr.title).toBe('SURAT REKOMENDASI')
    expect(sr.identity).toContainEqual(['NIM', '2206123456'])
    expect(sr.identity).toContainEqual(['Program studi', 'S1 Kesehatan Masyarakat'])
    expect(sr.paragraphs[0]).toContain('"Magang Analis Data Gizi" pada Direktorat Gizi, Kementerian Kesehatan, selama 4 bulan mulai 2 Februari 2027')
    expect(sr.signatures).toHaveLength(1)
    expect(sr.signatures[0]!.role).toMatch(/Dekan/)
    expect(sr.fileName).toBe('SR-2206123456.pdf')
  })

  test('the SPTJM is signed by the student over a duty stamp and by a parent or guardian', () => {
    const sptjm = letterContent('SPTJM', data)
    expect(sptjm.title).toBe('SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK')
    expect(sptjm.signatures.map((s) => s.role)).toEqual(['Orang tua/wali', 'Mahasiswa'])
    expect(sptjm.signatures.find((s) => s.stamp)?.name).toBe('Rina Maharani')
    expect(sptjm.paragraphs.join(' ')).toMatch(/Orang tua\/wali mengetahui dan menyetujui/)
  })

  test('only SR and SPTJM are templates; a file name never carries characters from outside the NIM alphabet', () => {
    expect(isLetterKind('SR')).toBe(true)
    expect(isLetterKind('CV')).toBe(false)
    expect(letterContent('SR', { ...data, studentNumber: '../x"y' }).fileName).toBe('SR-xy.pdf')
  })
})
