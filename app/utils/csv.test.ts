import { parseCsv, parseCsvRecords, toCsvField } from './csv'

describe('CSV reader', () => {
  test('reads plain rows and ignores the final newline', () => {
    expect(parseCsv('code,name\n11,Aceh\n12,Sumatera Utara\n')).toEqual([
      ['code', 'name'],
      ['11', 'Aceh'],
      ['12', 'Sumatera Utara'],
    ])
  })
  test('reads quoted fields with doubled quotes and commas (idn-area-data has "Ra""as")', () => {
    expect(parseCsv('35.29.22,35.29,"Ra""as"\r\n1,"a, b",x')).toEqual([
      ['35.29.22', '35.29', 'Ra"as'],
      ['1', 'a, b', 'x'],
    ])
  })
  test('keeps empty fields and strips a byte-order mark', () => {
    expect(parseCsv('\ufeffa,,c\n')).toEqual([['a', '', 'c']])
  })
  test('records are keyed by the header', () => {
    expect(parseCsvRecords('nik,nama\n3174011705980001,Budi\n')).toEqual([{ nik: '3174011705980001', nama: 'Budi' }])
  })
  test('writing quotes only what needs quoting, and reads back the same', () => {
    expect(toCsvField("Ma'ruf")).toBe("Ma'ruf")
    const tricky = 'Ra"as, Sumenep'
    expect(parseCsv(`${toCsvField(tricky)},x\n`)).toEqual([[tricky, 'x']])
  })
})
