import { parseMoodleXml } from './moodle-xml'

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/PPPK/Manajerial/integritas</text></category></question>
  <question type="multichoice">
    <name><text>Hadiah dari rekanan</text></name>
    <questiontext format="html"><text><![CDATA[<p>Seorang rekanan mengirim <strong>parsel</strong> ke rumah Anda menjelang hari raya. Sikap Anda …</p>]]></text></questiontext>
    <single>true</single>
    <answer fraction="100" format="html"><text>Mengembalikan parsel dan melaporkannya ke unit pengendalian gratifikasi</text></answer>
    <answer fraction="66.66667" format="html"><text>Mengembalikan parsel dengan sopan</text></answer>
    <answer fraction="33.33333" format="html"><text>Menerima lalu membagikannya kepada rekan kerja</text></answer>
    <answer fraction="0" format="html"><text>Menerima karena sudah tradisi</text></answer>
    <tags><tag><text>difficulty:2</text></tag></tags>
    <idnumber>mnj-gratifikasi-0001</idnumber>
  </question>
  <question type="multichoice">
    <name><text>Pasal 33</text></name>
    <questiontext format="html"><text><![CDATA[<p>Pasal 33 UUD 1945 mengatur tentang &hellip;</p>]]></text></questiontext>
    <answer fraction="100"><text>Perekonomian nasional dan kesejahteraan sosial</text></answer>
    <answer fraction="0"><text>Pertahanan dan keamanan negara</text></answer>
    <answer fraction="0"><text>Pendidikan dan kebudayaan</text></answer>
    <tags><tag><text>subtest:TWK</text></tag><tag><text>topic:UUD 1945</text></tag><tag><text>sulit</text></tag></tags>
  </question>
  <question type="truefalse">
    <name><text>Benar salah</text></name>
    <questiontext format="html"><text>Indonesia merdeka tahun 1945.</text></questiontext>
  </question>
  <question type="multichoice">
    <name><text>Dengan gambar</text></name>
    <questiontext format="html"><text><![CDATA[<p>Perhatikan grafik <img src="@@PLUGINFILE@@/g.png"></p>]]></text></questiontext>
    <answer fraction="100"><text>A</text></answer>
    <answer fraction="0"><text>B</text></answer>
    <tags><tag><text>subtest:TIU</text></tag></tags>
  </question>
  <question type="multichoice">
    <name><text>Penalti</text></name>
    <questiontext format="html"><text>2 + 2 = …</text></questiontext>
    <answer fraction="100"><text>4</text></answer>
    <answer fraction="-50"><text>5</text></answer>
    <tags><tag><text>subtest:TIU</text></tag></tags>
  </question>
</quiz>`

describe('Moodle XML import (issue 6: "multiple choice and weighted options (Moodle fractions → per-option scores)")', () => {
  const report = parseMoodleXml(XML, 'contoh.xml')

  test('domain.md §7 "each answer 1–4": fractions 100/66.7/33.3/0 % on a managerial item become 4/3/2/1; category gives subtest and topic; idnumber gives the id', () => {
    expect(report.items[0]!.item).toEqual({
      id: 'mnj-gratifikasi-0001',
      subtest: 'MANAJERIAL',
      topic: 'integritas',
      difficulty: 2,
      type: 'weighted',
      stem: 'Seorang rekanan mengirim **parsel** ke rumah Anda menjelang hari raya. Sikap Anda …',
      options: [
        { id: 'A', text: 'Mengembalikan parsel dan melaporkannya ke unit pengendalian gratifikasi' },
        { id: 'B', text: 'Mengembalikan parsel dengan sopan' },
        { id: 'C', text: 'Menerima lalu membagikannya kepada rekan kerja' },
        { id: 'D', text: 'Menerima karena sudah tradisi' },
      ],
      key: { scores: { A: 4, B: 3, C: 2, D: 1 } },
    })
  })

  test('tags override the category: subtest, topic and difficulty words; HTML entities decoded; name becomes the id', () => {
    expect(report.items[1]!.item).toMatchObject({
      id: 'pasal-33',
      subtest: 'TWK',
      topic: 'uud-1945',
      difficulty: 3,
      type: 'single',
      stem: 'Pasal 33 UUD 1945 mengatur tentang …',
      key: { correct: 'A' },
    })
  })

  test('unsupported questions are listed with the reason', () => {
    expect(report.skipped).toEqual([
      { ref: '#3 Benar salah', reason: 'question type "truefalse" is not supported (multiple choice only)' },
      { ref: '#4 Dengan gambar', reason: 'images from Moodle files are not imported; add the item as a file with media/' },
      { ref: '#5 Penalti', reason: 'negative fractions are not supported (no penalty for wrong answers in CAT)' },
    ])
  })

  test('broken XML and non-Moodle XML are refused with a clear reason', () => {
    expect(parseMoodleXml('<quiz><question>', 'rusak.xml').skipped[0]!.reason).toMatch(/^not valid XML \(line \d+\)/)
    expect(parseMoodleXml('<feed><entry/></feed>', 'lain.xml').skipped[0]!.reason).toMatch(/not a Moodle XML export/)
  })
})
