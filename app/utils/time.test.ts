import { formatDateTime } from './time'

describe('dates are shown with their Indonesian zone', () => {
  const instant = new Date('2024-09-10T16:59:00Z') // SSCASN 2024 close: 10 Sep 23:59 WIB (domain.md §1)
  test('WIB', () => {
    expect(formatDateTime(instant, { timeZone: 'Asia/Jakarta' })).toMatch(/10 Sep 2024.*23[.:]59 WIB$/)
  })
  test('WITA is one hour later', () => {
    expect(formatDateTime(instant, { timeZone: 'Asia/Makassar' })).toMatch(/11 Sep 2024.*00[.:]59 WITA$/)
  })
  test('WIT is two hours later', () => {
    expect(formatDateTime(instant, { timeZone: 'Asia/Jayapura', locale: 'en' })).toMatch(/11 Sept? 2024.*01:59 WIT$/)
  })
})
