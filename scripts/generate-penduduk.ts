/**
 * Writes prisma/demo/penduduk.csv: a synthetic population for the local stand-in of the
 * population registry (Dukcapil; ADR 011). Deterministic — the same seed gives the same file —
 * so the CSV is committed and tests can name residents. Run: `npx tsx scripts/generate-penduduk.ts`.
 *
 * Every resident is consistent the way a real e-KTP is: the NIK's first six digits are a real
 * district (kecamatan) code from idn-area-data, digits 7–12 the date of birth DDMMYY with 40 added
 * to the day for women, then a serial number ≥ 0001; the KK number starts with the family's
 * district code; members of one family share one KK; everyone is 18–40 years old on 1 January
 * 2026; names follow the customs of the resident's region (Batak marga in North Sumatra,
 * I/Ni + birth-order names in Bali, Bugis "Andi", Papuan clan names, Javanese single names…);
 * the place of birth is the resident's regency or city.
 *
 * Deliberate cases, at the top of the file in this order (tests and the demo rely on them):
 *   1. Rizky Ramadhan — the demo applicant `pelamar@demo.test`: the demo data links this resident
 *      to that account in the demo period (prisma/demo/population-seed.ts). Do not register him.
 *   2. Dewi Anggraini — a woman (day + 40) from Kota Bandung; reserved for the browser test
 *      tests/e2e/registration.spec.ts, which registers her. No other test may use her.
 *   3. Bayu Nugroho — reserved for the same spec's upload checks; never confirmed, so he can be
 *      taken through steps 1–2 again and again.
 *   4. Yakobus Gebze — born in Merauke in 1994, NIK issued before Papua was split in 2022: regency
 *      code 91.01 (Merauke, now 93.01 in Papua Selatan) is missing from the latest list. The NIK is
 *      accepted but flagged `nik.regencyNotInLatestList` for the verifier.
 *   5. Fitri Handayani — a woman born on the 31st (day code 71, the largest possible).
 *   6. Muhammad Fajar Ramadhan — born on 29 February 2000 (a leap day).
 *   7. Ma'ruf Hidayatullah — from the district Ra'as (35.29.22, Sumenep), whose name is the one
 *      quoted field in idn-area-data; his own name carries an apostrophe.
 *   8. Sukarni — a Javanese single name (no family name), as on many KTPs.
 *   9–12. The Simanjuntak siblings of Kota Medan — four adults sharing one KK.
 *   13. Andi Nurul Rahman — reserved for the application flow's browser tests (no test registers
 *      her yet). Every resident after her is generated.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { getRegionLookup, getRegions } from '../app/models/regions.server.ts'
import { checkNik } from '../app/domain/identity/nik.ts'
import { toCsvField } from '../app/utils/csv.ts'
import { mulberry32 } from '../app/utils/seeded-random.ts'

const SEED = 20260101
const TARGET = 1200
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'prisma', 'demo', 'penduduk.csv')

type Sex = 'L' | 'P'
type Resident = { nik: string; kk: string; nama: string; tempat_lahir: string; tanggal_lahir: string; jenis_kelamin: Sex }

// ───────────── deterministic randomness ─────────────
const random = mulberry32(SEED)
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!

// ───────────── regions ─────────────
const regions = getRegions()
const lookup = getRegionLookup()

// Population by province (millions, BPS 2023, rounded): most residents live in Java.
const PROVINCE_WEIGHTS: Record<string, number> = {
  '11': 5.5, '12': 15.4, '13': 5.8, '14': 6.6, '15': 3.7, '16': 8.7, '17': 2.1, '18': 9.3, '19': 1.5, '21': 2.2,
  '31': 10.7, '32': 49.9, '33': 37.5, '34': 3.7, '35': 41.4, '36': 12.3,
  '51': 4.4, '52': 5.6, '53': 5.6, '61': 5.6, '62': 2.8, '63': 4.2, '64': 3.9, '65': 0.7,
  '71': 2.7, '72': 3.1, '73': 9.4, '74': 2.8, '75': 1.2, '76': 1.5, '81': 1.9, '82': 1.3,
  '91': 1.0, '92': 0.6, '93': 0.5, '94': 1.4, '95': 1.5, '96': 0.6,
}

const regenciesOf = new Map<string, string[]>()
for (const r of regions.regencies.values()) regenciesOf.set(r.parent!, [...(regenciesOf.get(r.parent!) ?? []), r.code])
const districtsOf = new Map<string, string[]>()
for (const d of regions.districts.values()) districtsOf.set(d.parent!, [...(districtsOf.get(d.parent!) ?? []), d.code])

function pickProvince() {
  const total = Object.values(PROVINCE_WEIGHTS).reduce((a, b) => a + b, 0)
  let x = random() * total
  for (const [code, w] of Object.entries(PROVINCE_WEIGHTS)) {
    x -= w
    if (x <= 0) return code
  }
  return '32'
}

function placeName(regencyCode: string) {
  const name = regions.regencies.get(regencyCode)?.name ?? ''
  const plain = name.replace(/^(Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kota)\s+/, '')
  return /^Jakarta/.test(plain) ? 'Jakarta' : plain
}

// ───────────── names ─────────────
type Culture = 'jawa' | 'sunda' | 'melayu' | 'batak' | 'bali' | 'bugis' | 'timur' | 'papua' | 'umum'

function cultureOf(province: string): Culture {
  if (['33', '34', '35'].includes(province)) return 'jawa'
  if (['32', '36'].includes(province)) return 'sunda'
  if (province === '12') return random() < 0.6 ? 'batak' : 'melayu'
  if (['11', '13', '14', '15', '16', '17', '19', '21', '61'].includes(province)) return 'melayu'
  if (province === '51') return 'bali'
  if (['73', '74', '76'].includes(province)) return 'bugis'
  if (['53', '71', '81'].includes(province)) return 'timur'
  if (province.startsWith('9')) return 'papua'
  return 'umum'
}

const N = {
  jawaL: ['Budi', 'Agus', 'Eko', 'Joko', 'Bambang', 'Dwi', 'Teguh', 'Wahyu', 'Adi', 'Hendra', 'Yoga', 'Bagus', 'Galih', 'Dimas', 'Arif', 'Rudi', 'Slamet', 'Aris', 'Fajar', 'Tri'],
  jawaP: ['Sri', 'Dwi', 'Endah', 'Wulan', 'Ratna', 'Ayu', 'Sekar', 'Rini', 'Lestari', 'Puji', 'Tutik', 'Indah', 'Retno', 'Yuni', 'Novi', 'Dyah', 'Tri', 'Anik', 'Rahayu', 'Wening'],
  jawaSecondL: ['Santoso', 'Setiawan', 'Prasetyo', 'Susilo', 'Wibowo', 'Nugroho', 'Saputra', 'Kurniawan', 'Purnomo', 'Hartono', 'Wijaya', 'Utomo'],
  jawaSecondP: ['Suryani', 'Wahyuni', 'Lestari', 'Rahayu', 'Handayani', 'Astuti', 'Pratiwi', 'Suharti', 'Wulandari', 'Kusumawati'],
  jawaSingleL: ['Sutrisno', 'Suwarno', 'Tukiman', 'Paijo', 'Parjo', 'Sugiyanto'],
  jawaSingleP: ['Sukarni', 'Suparmi', 'Ngatini', 'Sumiyati', 'Waginah', 'Painem'],
  sundaL: ['Asep', 'Dede', 'Ujang', 'Cecep', 'Dadan', 'Yayan', 'Deden', 'Ade', 'Iwan', 'Rizal', 'Agung', 'Hendi', 'Ridwan', 'Fikri', 'Jajang'],
  sundaP: ['Euis', 'Neng', 'Siti', 'Rina', 'Yeni', 'Dewi', 'Nining', 'Iis', 'Cucu', 'Lina', 'Tati', 'Resti', 'Fitri', 'Nurul', 'Rosita'],
  sundaSecondL: ['Saepudin', 'Kurniawan', 'Hidayat', 'Rohmat', 'Sopandi', 'Suhendar', 'Permana', 'Gunawan', 'Ramdani', 'Sunarya', 'Mulyana', 'Hermawan'],
  sundaSecondP: ['Nurhayati', 'Rohmah', 'Komalasari', 'Kurniasih', 'Rahmawati', 'Handayani', 'Sulastri', 'Marlina'],
  melayuL: ['Muhammad', 'Rahmat', 'Fauzan', 'Zulkifli', 'Hafiz', 'Irfan', 'Rizki', 'Syahrul', 'Fadli', 'Arif', 'Ilham', 'Hendra', 'Yusuf', 'Taufik', 'Andika'],
  melayuP: ['Nurul', 'Putri', 'Siti', 'Fitriani', 'Aisyah', 'Rahma', 'Intan', 'Mutia', 'Rani', 'Annisa', 'Zahra', 'Nadia', 'Melati', 'Syarifah', 'Wulan'],
  melayuSecondL: ['Syahputra', 'Hidayat', 'Fadillah', 'Ramadhan', 'Maulana', 'Harahap', 'Yusra', 'Hasibuan', 'Nasution', 'Pratama', 'Azhari'],
  melayuSecondP: ['Saputri', 'Amelia', 'Rahmawati', 'Febriani', 'Harahap', 'Hasibuan', 'Nasution', 'Fadhilah', 'Azzahra'],
  batakL: ['Hotma', 'Lamhot', 'Roy', 'Parlindungan', 'Togar', 'Benny', 'Jonatan', 'Daniel', 'Rudolf', 'Marihot', 'Sahat', 'Tigor'],
  batakP: ['Maria', 'Rosmawati', 'Lasma', 'Debora', 'Yohana', 'Tiurma', 'Sarma', 'Ruth', 'Natalia', 'Lenny', 'Hotnida', 'Melva'],
  marga: ['Simanjuntak', 'Sinaga', 'Siregar', 'Nainggolan', 'Hutapea', 'Pardede', 'Situmorang', 'Manurung', 'Sitompul', 'Panjaitan', 'Silalahi', 'Lubis', 'Tambunan', 'Sihombing'],
  baliOrderL: ['I Gede', 'I Made', 'I Nyoman', 'I Ketut', 'I Putu', 'I Kadek', 'I Komang', 'I Wayan'],
  baliOrderP: ['Ni Luh', 'Ni Made', 'Ni Nyoman', 'Ni Ketut', 'Ni Putu', 'Ni Kadek', 'Ni Komang', 'Ni Wayan'],
  baliL: ['Agus', 'Budiarta', 'Suarsa', 'Arimbawa', 'Wirawan', 'Darmawan', 'Sudiarta', 'Adnyana', 'Suardana', 'Mahendra'],
  baliP: ['Ayu Lestari', 'Sri Utami', 'Wulandari', 'Sukmawati', 'Ari Purnami', 'Dewi Sartika', 'Yuliantari', 'Suryani', 'Kartika', 'Widiantari'],
  bugisL: ['Andi Muhammad', 'Muh.', 'Ahmad', 'Andi', 'Syamsul', 'Arham', 'Akbar', 'Fadli', 'Irwan', 'Hasanuddin'],
  bugisP: ['Andi Nurul', 'Sitti', 'Andi', 'Nurhayati', 'Hasnah', 'Rahmawati', 'Sri', 'Haslinda', 'Nurfadillah', 'Asriani'],
  bugisSecondL: ['Akbar', 'Ilham', 'Syamsuddin', 'Rahman', 'Aminuddin', 'Basri', 'Hamzah', 'Sulaiman', 'Arifin', 'Mappaseng', 'Latif', 'Saleh'],
  bugisSecondP: ['Rahmawati', 'Nurhalizah', 'Amaliah', 'Syamsuddin', 'Rahman', 'Safitri', 'Mappaseng'],
  timurL: ['Yohanes', 'Fransiskus', 'Markus', 'Yosef', 'Petrus', 'Ricardo', 'Jefri', 'Stevanus', 'Agustinus', 'Yulius'],
  timurP: ['Maria', 'Yuliana', 'Margaretha', 'Grace', 'Febiola', 'Theresia', 'Veronika', 'Anastasia', 'Priskila', 'Yosefina'],
  timurFamily: ['Lamanepa', 'Da Costa', 'Pattinama', 'Latuconsina', 'Rumengan', 'Lumowa', 'Manafe', 'Ndun', 'Sahetapy', 'Tanod', 'Bria', 'Kolo'],
  papuaL: ['Yakobus', 'Markus', 'Yohanis', 'Obed', 'Nehemia', 'Melkias', 'Yosias', 'Elias', 'Petrus', 'Daniel'],
  papuaP: ['Yosina', 'Maria', 'Ester', 'Martha', 'Debora', 'Agustina', 'Selfina', 'Naomi', 'Yulita', 'Frederika'],
  papuaFamily: ['Wenda', 'Kogoya', 'Wanimbo', 'Rumbiak', 'Gebze', 'Mandacan', 'Tabuni', 'Wonda', 'Yikwa', 'Kambu', 'Rumaropen', 'Ndiken'],
  umumL: ['Muhammad', 'Ahmad', 'Rizky', 'Dedi', 'Hendra', 'Andi', 'Fikri', 'Yudi', 'Rian', 'Hasan', 'Aditya', 'Bayu', 'Reza', 'Farhan', 'Ilham'],
  umumP: ['Siti', 'Nur', 'Dewi', 'Rina', 'Fitri', 'Nurul', 'Ayu', 'Dian', 'Nadia', 'Anisa', 'Rahmi', 'Wahyuni', 'Sari', 'Mega', 'Indri'],
  umumSecondL: ['Hidayat', 'Saputra', 'Pratama', 'Ramadhan', 'Kurniawan', 'Firmansyah', 'Maulana', 'Hakim', 'Fauzi'],
  umumSecondP: ['Permatasari', 'Wulandari', 'Rahmawati', 'Putri', 'Anggraini', 'Safitri', 'Lestari', 'Handayani'],
}

/** A family's shared name, where the culture has one (marga, clan), or null. */
function familyName(culture: Culture): string | null {
  if (culture === 'batak') return pick(N.marga)
  if (culture === 'timur') return pick(N.timurFamily)
  if (culture === 'papua') return pick(N.papuaFamily)
  return null
}

function personName(culture: Culture, sex: Sex, family: string | null): string {
  const L = sex === 'L'
  // Most Indonesians have no family name: the second name is a second given name, chosen for a
  // boy or a girl like the first. Only marga and clan names are shared by the family.
  const two = (first: readonly string[], second: readonly string[]) => {
    const a = pick(first)
    let b = pick(second)
    while (b === a) b = pick(second)
    return `${a} ${b}`
  }
  switch (culture) {
    case 'jawa':
      if (random() < 0.12) return pick(L ? N.jawaSingleL : N.jawaSingleP)
      return two(L ? N.jawaL : N.jawaP, L ? N.jawaSecondL : N.jawaSecondP)
    case 'sunda':
      return two(L ? N.sundaL : N.sundaP, L ? N.sundaSecondL : N.sundaSecondP)
    case 'melayu':
      return two(L ? N.melayuL : N.melayuP, L ? N.melayuSecondL : N.melayuSecondP)
    case 'batak':
      return `${pick(L ? N.batakL : N.batakP)} ${family}`
    case 'bali':
      return `${pick(L ? N.baliOrderL : N.baliOrderP)} ${pick(L ? N.baliL : N.baliP)}`
    case 'bugis':
      return two(L ? N.bugisL : N.bugisP, L ? N.bugisSecondL : N.bugisSecondP)
    case 'timur':
      return `${pick(L ? N.timurL : N.timurP)} ${family}`
    case 'papua':
      return `${pick(L ? N.papuaL : N.papuaP)} ${family}`
    default:
      return two(L ? N.umumL : N.umumP, L ? N.umumSecondL : N.umumSecondP)
  }
}

// ───────────── numbers ─────────────
const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const used = new Set<string>()
const serialCounter = new Map<string, number>()

function nikFor(district: string, birth: { y: number; m: number; d: number }, sex: Sex) {
  const region = district.replace(/\./g, '')
  const day = sex === 'P' ? birth.d + 40 : birth.d
  const prefix = `${region}${pad(day)}${pad(birth.m)}${pad(birth.y % 100)}`
  let serial = serialCounter.get(prefix) ?? int(1, 40)
  while (used.has(`${prefix}${pad(serial, 4)}`)) serial++
  serialCounter.set(prefix, serial + 1)
  const nik = `${prefix}${pad(serial, 4)}`
  used.add(nik)
  return nik
}

function kkFor(district: string) {
  const region = district.replace(/\./g, '')
  // Digits 7–12 of a KK are its issue date (DDMMYY, no +40), then a serial.
  for (;;) {
    const kk = `${region}${pad(int(1, 28))}${pad(int(1, 12))}${pad(int(10, 24))}${pad(int(1, 9999), 4)}`
    if (!used.has(kk)) {
      used.add(kk)
      return kk
    }
  }
}

// Born 1986-01-01 … 2007-12-31: 18–40 years old on 1 January 2026.
function birthDate(year: number) {
  const m = int(1, 12)
  const d = int(1, new Date(Date.UTC(year, m, 0)).getUTCDate())
  return { y: year, m, d }
}

const iso = (b: { y: number; m: number; d: number }) => `${b.y}-${pad(b.m)}-${pad(b.d)}`

// ───────────── deliberate cases ─────────────
const residents: Resident[] = []

function add(district: string, kk: string, nama: string, sex: Sex, birth: { y: number; m: number; d: number }, place?: string) {
  const regency = district.split('.').slice(0, 2).join('.')
  residents.push({
    nik: nikFor(district, birth, sex),
    kk,
    nama,
    tempat_lahir: place ?? placeName(regency),
    tanggal_lahir: iso(birth),
    jenis_kelamin: sex,
  })
}

add('31.74.01', kkFor('31.74.01'), 'Rizky Ramadhan', 'L', { y: 1997, m: 3, d: 14 })
add('32.73.02', kkFor('32.73.02'), 'Dewi Anggraini', 'P', { y: 1998, m: 5, d: 17 })
add('33.72.01', kkFor('33.72.01'), 'Bayu Nugroho', 'L', { y: 1999, m: 8, d: 9 })
// Old Papua code: 91.01.01 (Merauke before 2022; now 93.01.01). Written by hand, not looked up.
add('91.01.01', kkFor('91.01.01'), 'Yakobus Gebze', 'L', { y: 1994, m: 11, d: 2 }, 'Merauke')
add('35.78.01', kkFor('35.78.01'), 'Fitri Handayani', 'P', { y: 1995, m: 12, d: 31 })
add('32.04.05', kkFor('32.04.05'), 'Muhammad Fajar Ramadhan', 'L', { y: 2000, m: 2, d: 29 })
add('35.29.22', kkFor('35.29.22'), "Ma'ruf Hidayatullah", 'L', { y: 1993, m: 6, d: 21 })
add('33.09.01', kkFor('33.09.01'), 'Sukarni', 'P', { y: 1989, m: 4, d: 30 })
const medanKk = kkFor('12.71.01')
add('12.71.01', medanKk, 'Hotma Simanjuntak', 'L', { y: 1990, m: 1, d: 12 })
add('12.71.01', medanKk, 'Lasma Simanjuntak', 'P', { y: 1992, m: 7, d: 3 })
add('12.71.01', medanKk, 'Daniel Simanjuntak', 'L', { y: 1996, m: 9, d: 25 })
add('12.71.01', medanKk, 'Ruth Simanjuntak', 'P', { y: 2001, m: 10, d: 8 })
add('73.71.01', kkFor('73.71.01'), 'Andi Nurul Rahman', 'P', { y: 1996, m: 2, d: 11 })

// ───────────── everyone else, family by family ─────────────
const seenNames = new Set(residents.map((r) => r.nama))
while (residents.length < TARGET) {
  const province = pickProvince()
  const regency = pick(regenciesOf.get(province) ?? [])
  const districts = districtsOf.get(regency)
  if (!districts?.length) continue
  const district = pick(districts)
  const kk = kkFor(district)
  const culture = cultureOf(province)
  const family = familyName(culture)
  const size = pick([1, 1, 2, 2, 2, 3, 3, 4])
  // Adult siblings (or a couple), one to two years apart, the youngest born in 2007 at the latest.
  let year = int(1986, 2007 - 2 * (size - 1))
  for (let i = 0; i < size && residents.length < TARGET; i++) {
    if (i > 0) year += int(1, 2)
    const sex: Sex = random() < 0.5 ? 'L' : 'P'
    let nama = personName(culture, sex, family)
    // Reserved names stay unique, so a test that picks a resident by name finds exactly one.
    for (let tries = 0; seenNames.has(nama) && tries < 5; tries++) nama = personName(culture, sex, family)
    seenNames.add(nama)
    add(district, kk, nama, sex, birthDate(year))
  }
}

// ───────────── self-check: every NIK passes the portal's own structural check ─────────────
for (const r of residents) {
  const [y, m, d] = r.tanggal_lahir.split('-').map(Number) as [number, number, number]
  const check = checkNik(r.nik, { birthDate: { year: y, month: m, day: d }, sex: r.jenis_kelamin }, lookup)
  if (!check.ok) throw new Error(`Generated NIK ${r.nik} (${r.nama}) fails: ${check.problem}`)
  const flagged = check.flags.length > 0
  if (flagged !== (r.nama === 'Yakobus Gebze')) throw new Error(`Unexpected flags for ${r.nama}: ${check.flags.join(',')}`)
}

// The first member of each family is its head (kepala keluarga): SSCASN accepts the head's NIK in
// place of the KK number (domain.md §1 A.1).
const header = 'nik,kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,kepala_keluarga'
const headed = new Set<string>()
const lines = residents.map((r) => {
  const head = !headed.has(r.kk)
  headed.add(r.kk)
  return [r.nik, r.kk, r.nama, r.tempat_lahir, r.tanggal_lahir, r.jenis_kelamin, head ? '1' : '0'].map(toCsvField).join(',')
})
fs.writeFileSync(OUT, `${header}\n${lines.join('\n')}\n`)
console.log(`Wrote ${residents.length} residents (${new Set(residents.map((r) => r.kk)).size} families) to ${path.relative(process.cwd(), OUT)}`)
