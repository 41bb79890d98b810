import {
  addWibDays,
  canSetWindow,
  shiftByYears,
  shiftScheduleByYears,
  toWib,
  validateExtension,
  validateSchedule,
  wibClosing,
  wibOpening,
  windowState,
  withWindow,
  type ScheduleWindowInput,
} from './schedule'

describe('WIB wall-clock input', () => {
  test('2024 registration opened 20 Aug 17:08:45 WIB = 10:08:45 UTC (domain.md §1)', () => {
    expect(wibOpening('2024-08-20', '17:08:45')?.toISOString()).toBe('2024-08-20T10:08:45.000Z')
    expect(wibOpening('2024-08-20', '17:08')?.toISOString()).toBe('2024-08-20T10:08:00.000Z')
  })

  test('a close at 10 Sep 23:59 WIB lasts to 23:59:59.999 WIB, i.e. 16:59:59.999 UTC (domain.md §1)', () => {
    expect(wibClosing('2024-09-10', '23:59')?.toISOString()).toBe('2024-09-10T16:59:59.999Z')
    expect(wibClosing('2024-09-10', '23:59:30')?.toISOString()).toBe('2024-09-10T16:59:30.999Z')
  })

  test('an early-morning WIB time falls on the previous UTC day', () => {
    expect(wibOpening('2025-01-13', '00:00')?.toISOString()).toBe('2025-01-12T17:00:00.000Z')
  })

  test('dates and times that do not exist are refused', () => {
    expect(wibOpening('2026-02-30', '08:00')).toBeNull()
    expect(wibOpening('2026-13-01', '08:00')).toBeNull()
    expect(wibOpening('2026-02-01', '24:00')).toBeNull()
    expect(wibOpening('2026-02-01', '08:60')).toBeNull()
    expect(wibOpening('1/2/2026', '08:00')).toBeNull()
    expect(wibOpening('2026-02-01', '8 pagi')).toBeNull()
    expect(wibClosing('2025-02-29', '23:59')).toBeNull()
    expect(wibClosing('2024-02-29', '23:59')).not.toBeNull()
  })

  test('back to WIB date and time inputs, whatever the server zone', () => {
    expect(toWib(new Date('2024-09-10T16:59:59.999Z'))).toEqual({ date: '2024-09-10', time: '23:59' })
    expect(toWib(new Date('2025-01-12T17:00:00.000Z'))).toEqual({ date: '2025-01-13', time: '00:00' })
    const opening = wibOpening('2024-08-20', '17:08')!
    expect(toWib(opening)).toEqual({ date: '2024-08-20', time: '17:08' })
    const closing = wibClosing('2024-09-10', '23:59')!
    expect(wibClosing(toWib(closing).date, toWib(closing).time)).toEqual(closing)
  })

  test('adding days keeps the WIB time (no daylight saving in Indonesia)', () => {
    const close = wibClosing('2024-09-06', '23:59')!
    expect(toWib(addWibDays(close, 4))).toEqual({ date: '2024-09-10', time: '23:59' })
  })
})

const at = (date: string, time: string) => wibOpening(date, time)!
const until = (date: string, time = '23:59') => wibClosing(date, time)!

/** The 2024 CPNS schedule as reported (domain.md §1, §2, §6). */
const SCHEDULE_2024: ScheduleWindowInput[] = [
  { kind: 'REGISTRATION', opensAt: at('2024-08-20', '17:08:45'), closesAt: until('2024-09-10') },
  // Agencies verify in parallel with registration (domain.md §2).
  { kind: 'ADMIN_VERIFICATION', opensAt: at('2024-08-20', '17:08:45'), closesAt: until('2024-09-13') },
  { kind: 'ADMIN_ANNOUNCEMENT', opensAt: at('2024-09-14', '00:00'), closesAt: until('2024-09-19') },
  { kind: 'ADMIN_OBJECTION', opensAt: at('2024-09-20', '00:00'), closesAt: until('2024-09-22') },
  { kind: 'INTEGRATION', opensAt: at('2024-12-17', '00:00'), closesAt: until('2025-01-04') },
  { kind: 'FINAL_ANNOUNCEMENT', opensAt: at('2025-01-05', '00:00'), closesAt: until('2025-01-12') },
  { kind: 'FINAL_OBJECTION', opensAt: at('2025-01-13', '00:00'), closesAt: until('2025-01-15') },
]

describe('schedule validation', () => {
  test('the 2024 schedule is valid, with verification overlapping registration (domain.md §1, §2, §6)', () => {
    expect(validateSchedule(SCHEDULE_2024)).toEqual([])
  })

  test('a window that closes before (or when) it opens is refused', () => {
    const bad = withWindow(SCHEDULE_2024, { kind: 'ADMIN_OBJECTION', opensAt: at('2024-09-22', '00:00'), closesAt: at('2024-09-20', '00:00') })
    expect(validateSchedule(bad)).toEqual([{ kind: 'ADMIN_OBJECTION', code: 'closeNotAfterOpen' }])
    const instant = at('2024-09-20', '00:00')
    expect(validateSchedule([{ kind: 'REGISTRATION', opensAt: instant, closesAt: instant }])).toEqual([
      { kind: 'REGISTRATION', code: 'closeNotAfterOpen' },
    ])
  })

  test('verification may not open before registration opens (domain.md §2)', () => {
    const bad = withWindow(SCHEDULE_2024, { kind: 'ADMIN_VERIFICATION', opensAt: at('2024-08-19', '08:00'), closesAt: until('2024-09-13') })
    expect(validateSchedule(bad)).toEqual([{ kind: 'ADMIN_VERIFICATION', code: 'opensBeforeEarlier', earlier: 'REGISTRATION' }])
  })

  test('the final objection may not open before the final announcement (domain.md §2: sanggah of 13–15 Jan 2025 after results of 5–12 Jan)', () => {
    const bad = withWindow(SCHEDULE_2024, { kind: 'FINAL_OBJECTION', opensAt: at('2025-01-04', '00:00'), closesAt: until('2025-01-06') })
    expect(validateSchedule(bad)).toEqual([{ kind: 'FINAL_OBJECTION', code: 'opensBeforeEarlier', earlier: 'FINAL_ANNOUNCEMENT' }])
  })

  test('a later stage is compared with the nearest earlier stage that is set, skipping unset ones', () => {
    // SKD and SKB are not set: integration is checked against the administrative objection.
    const bad = withWindow(SCHEDULE_2024, { kind: 'INTEGRATION', opensAt: at('2024-09-01', '00:00'), closesAt: until('2024-09-30') })
    expect(validateSchedule(bad)).toEqual([
      { kind: 'INTEGRATION', code: 'opensBeforeEarlier', earlier: 'ADMIN_OBJECTION' },
    ])
  })

  test('the order of the input does not matter, only the kinds', () => {
    expect(validateSchedule([...SCHEDULE_2024].reverse())).toEqual([])
  })

  test('one kind appears once', () => {
    expect(validateSchedule([SCHEDULE_2024[0]!, SCHEDULE_2024[0]!])).toContainEqual({ kind: 'REGISTRATION', code: 'duplicate' })
  })
})

describe('extensions', () => {
  const registration = { opensAt: at('2024-08-20', '17:08:45'), closesAt: until('2024-09-06') }

  test('2024 registration extended from 6 Sep to 10 Sep 23:59 WIB, with a reason (domain.md §1)', () => {
    expect(validateExtension(registration, until('2024-09-10'), 'Gangguan layanan e-meterai Peruri')).toEqual([])
  })

  test('an extension must move the close later', () => {
    expect(validateExtension(registration, until('2024-09-06'), 'Gangguan layanan e-meterai')).toEqual(['notLater'])
    expect(validateExtension(registration, until('2024-09-05'), 'Gangguan layanan e-meterai')).toEqual(['notLater'])
  })

  test('an extension needs a reason of at least 10 characters (blanks do not count)', () => {
    expect(validateExtension(registration, until('2024-09-10'), '  gangguan ')).toEqual(['reasonTooShort'])
    expect(validateExtension(registration, until('2024-09-10'), 'gangguan !')).toEqual([])
  })

  test('a window that has opened can no longer be set, only extended (domain.md §1)', () => {
    expect(canSetWindow(null, at('2024-09-01', '00:00'))).toBe(true)
    expect(canSetWindow(registration, at('2024-08-20', '17:08:44'))).toBe(true)
    expect(canSetWindow(registration, at('2024-08-20', '17:08:45'))).toBe(false)
    expect(canSetWindow(registration, at('2024-09-30', '00:00'))).toBe(false)
  })
})

describe('copying a period', () => {
  test('the 2024 schedule copied to 2026 keeps calendar days and WIB times (domain.md §1)', () => {
    const [registration] = shiftScheduleByYears([SCHEDULE_2024[0]!], 2)
    expect(registration!.opensAt.toISOString()).toBe('2026-08-20T10:08:45.000Z')
    expect(toWib(registration!.closesAt)).toEqual({ date: '2026-09-10', time: '23:59' })
    expect(registration!.closesAt.getUTCMilliseconds()).toBe(999)
    expect(validateSchedule(shiftScheduleByYears(SCHEDULE_2024, 2))).toEqual([])
  })

  test('a window that crosses the new year stays across it (integration 17 Dec 2024 – 4 Jan 2025, domain.md §6)', () => {
    const integration = SCHEDULE_2024.find((w) => w.kind === 'INTEGRATION')!
    const [copy] = shiftScheduleByYears([integration], 1)
    expect(toWib(copy!.opensAt)).toEqual({ date: '2025-12-17', time: '00:00' })
    expect(toWib(copy!.closesAt)).toEqual({ date: '2026-01-04', time: '23:59' })
  })

  test('29 February becomes 28 February in a common year', () => {
    expect(toWib(shiftByYears(at('2024-02-29', '08:00'), 1))).toEqual({ date: '2025-02-28', time: '08:00' })
    expect(toWib(shiftByYears(at('2024-02-29', '08:00'), 4))).toEqual({ date: '2028-02-29', time: '08:00' })
  })

  test('a WIB date just after midnight is kept (not the UTC date)', () => {
    expect(toWib(shiftByYears(at('2025-01-01', '00:30'), 1))).toEqual({ date: '2026-01-01', time: '00:30' })
  })
})

describe('window state by the server clock', () => {
  const window = { opensAt: at('2024-08-20', '17:08:45'), closesAt: until('2024-09-10') }

  test('upcoming before it opens, open from the opening instant (domain.md §1)', () => {
    expect(windowState(window, new Date(window.opensAt.getTime() - 1))).toBe('upcoming')
    expect(windowState(window, window.opensAt)).toBe('open')
  })

  test('open at 10 Sep 23:59:59.999 WIB, closed one millisecond later (domain.md §1)', () => {
    expect(windowState(window, new Date('2024-09-10T16:59:59.999Z'))).toBe('open')
    expect(windowState(window, new Date('2024-09-10T17:00:00.000Z'))).toBe('closed')
  })
})
