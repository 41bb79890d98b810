import { parseGift } from './gift'

const FILE = `// Bank contoh untuk uji impor
$CATEGORY: $course$/SKD/TWK/pancasila

// [tag:difficulty-1]
::twk-lambang-sila-3:: Lambang sila ketiga Pancasila adalah … {
=Pohon beringin
~Bintang
~Rantai
~Kepala banteng
~Padi dan kapas
}

$CATEGORY: $course$/SKD/TKP/pelayanan-publik

// [tag:sulit]
::tkp-antrean:: Antrean layanan KTP memanjang karena sistem sedang lambat. Sikap Anda … {
~%100%Menjelaskan kendala kepada warga dan membuka loket manual sementara
~%75%Menjelaskan kendala dan meminta warga menunggu dengan tertib
~%50%Melaporkan kendala kepada atasan lalu menunggu arahan
~%25%Meminta warga kembali esok hari
~%0%Menutup loket sampai sistem pulih
}

::tkp-tanpa-skor:: Rekan kerja terlambat menyelesaikan tugas bersama. Sikap Anda … {
=Membantu menyelesaikan
~Melapor ke atasan
~Membiarkan
}

$CATEGORY: $course$/Lainnya

::tanpa-subtes:: Ibu kota Provinsi Papua adalah … {=Jayapura ~Merauke ~Sorong}

::benar-salah:: Pancasila disahkan pada 18 Agustus 1945. {T}

$CATEGORY: $course$/SKD/TIU/numerik

// [tag:difficulty:3]
::tiu-parsial:: 2, 4, 8, 16, … {
~%100%32
~%50%30
~24
}
`

describe('GIFT import (issue 6: "multiple choice and weighted options … with a report of imported / skipped-and-why")', () => {
  const report = parseGift(FILE, 'contoh.gift')

  test('a multiple-choice question with one right answer becomes a single item with subtest and topic from the category', () => {
    expect(report.items[0]!.item).toEqual({
      id: 'twk-lambang-sila-3',
      subtest: 'TWK',
      topic: 'pancasila',
      difficulty: 1,
      type: 'single',
      stem: 'Lambang sila ketiga Pancasila adalah …',
      options: [
        { id: 'A', text: 'Pohon beringin' },
        { id: 'B', text: 'Bintang' },
        { id: 'C', text: 'Rantai' },
        { id: 'D', text: 'Kepala banteng' },
        { id: 'E', text: 'Padi dan kapas' },
      ],
      key: { correct: 'A' },
    })
  })

  test('domain.md §3 "TKP: each option scores 1–5": Moodle fractions 100/75/50/25/0 % become 5/4/3/2/1', () => {
    const tkp = report.items.find((i) => i.item.id === 'tkp-antrean')!
    expect(tkp.item).toMatchObject({ subtest: 'TKP', type: 'weighted', difficulty: 3, key: { scores: { A: 5, B: 4, C: 3, D: 2, E: 1 } } })
  })

  test('the report says why each question was skipped', () => {
    expect(report.skipped).toEqual([
      { ref: '#3 tkp-tanpa-skor', reason: 'TKP items need a score per choice (fractions such as 100/75/50/25/0 %)' },
      { ref: '#4 tanpa-subtes', reason: 'no subtest: put it in the category path (…/TWK/<topic>) or a tag subtest:TWK' },
      { ref: '#5 benar-salah', reason: 'question type "TF" is not supported (multiple choice only)' },
      { ref: '#6 tiu-parsial', reason: 'TIU items have one correct answer (5/0); this question gives partial credit' },
    ])
    expect(report.items).toHaveLength(2)
  })

  test('an item without a difficulty tag is imported as medium, with a note in the report', () => {
    expect(report.items[0]!.notes).toEqual([])
    const r = parseGift('$CATEGORY: SKD/TIU/verbal\n\n::tiu-sinonim-cermat:: Sinonim kata CERMAT adalah … {=teliti ~ceroboh ~lambat}')
    expect(r.items[0]!.item.difficulty).toBe(2)
    expect(r.items[0]!.notes).toEqual(['no difficulty tag: imported as 2 (medium)'])
  })

  test('a question without a name gets a stable generated id (the same file imports to the same ids)', () => {
    const src = '$CATEGORY: SKD/TWK/sejarah\n\nSumpah Pemuda diikrarkan pada tahun … {=1928 ~1908 ~1945}'
    const a = parseGift(src).items[0]!.item.id
    expect(a).toMatch(/^gift-twk-[0-9a-f]{12}$/)
    expect(parseGift(src).items[0]!.item.id).toBe(a)
  })

  test('a file that is not GIFT is reported with its line, nothing imported', () => {
    const r = parseGift('::a:: Soal tanpa penutup {=Ya ~Tidak', 'rusak.gift')
    expect(r.items).toEqual([])
    expect(r.skipped[0]!.reason).toMatch(/^not a valid GIFT file \(line \d+, column \d+\)/)
  })
})
