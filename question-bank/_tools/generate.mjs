// Generates the demo question bank (question-bank/<SUBTEST>/<topic>.json) from the fact tables and
// scenario templates below. Written for this project: no item is taken from a real exam.
// Deterministic (seeded), so running it again gives byte-identical files and bank:sync creates no
// new versions. Run: node question-bank/_tools/generate.mjs
import { mkdirSync, writeFileSync, rmSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
let state = 20261201
const rnd = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296)
const pick = (arr) => arr[Math.floor(rnd() * arr.length)]
const shuffle = (arr) => {
  const a = arr.slice()
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[a[i], a[j]] = [a[j], a[i]]
  }
  return a
}
const L = 'ABCDE'
const rupiah = (n) => 'Rp' + n.toLocaleString('id-ID')

/** A single-answer item: correct text + distractor texts (unique), shuffled into A–E. */
function single(stem, correct, distractors, difficulty, n = 5) {
  const ds = [...new Set(distractors.map(String))].filter((d) => d !== String(correct))
  // Numeric answers: top up with neighbours of the answer when the given distractors collide.
  for (let k = 1; ds.length < n - 1 && typeof correct === 'number' && k < 50; k++) {
    for (const v of [correct + k, correct - k]) if (v > 0 && !ds.includes(String(v))) ds.push(String(v))
  }
  const chosen = shuffle(ds).slice(0, n - 1)
  if (chosen.length < n - 1) throw new Error(`not enough distractors for: ${stem}`)
  const texts = shuffle([String(correct), ...chosen])
  return {
    difficulty,
    stem,
    options: texts.map((t, i) => ({ id: L[i], text: t })),
    key: { correct: L[texts.indexOf(String(correct))] },
  }
}
/** A weighted item: responses best first, scored max…min, shuffled into A–. */
function weighted(stem, responsesBestFirst, difficulty, max) {
  const scored = responsesBestFirst.map((text, i) => ({ text, score: max - i }))
  const order = shuffle(scored)
  return {
    difficulty,
    stem,
    options: order.map((o, i) => ({ id: L[i], text: o.text })),
    key: { scores: Object.fromEntries(order.map((o, i) => [L[i], o.score])) },
  }
}

const files = []
function file(subtest, topic, prefix, items) {
  files.push({
    subtest,
    topic,
    items: items.map((it, i) => ({ id: `${prefix}-${topic}-${String(i + 1).padStart(4, '0')}`, ...it })),
  })
}
const near = (x, spread = [1, 2, 3, -1, -2, -3, 5, -5, 10, -10]) => spread.map((d) => x + d).filter((v) => v > 0)

// ───────────────────────────── TWK ─────────────────────────────
const SILA = [
  ['Ketuhanan Yang Maha Esa', 'Bintang'],
  ['Kemanusiaan yang adil dan beradab', 'Rantai'],
  ['Persatuan Indonesia', 'Pohon beringin'],
  ['Kerakyatan yang dipimpin oleh hikmat kebijaksanaan dalam permusyawaratan/perwakilan', 'Kepala banteng'],
  ['Keadilan sosial bagi seluruh rakyat Indonesia', 'Padi dan kapas'],
]
const ke = ['pertama', 'kedua', 'ketiga', 'keempat', 'kelima']
{
  const items = []
  SILA.forEach(([bunyi, lambang], i) => {
    items.push(single(`Lambang sila ${ke[i]} Pancasila adalah …`, lambang, SILA.map((s) => s[1]).concat(['Bunga melati', 'Perisai']), 1))
    items.push(single(`Bunyi sila ${ke[i]} Pancasila adalah …`, bunyi, SILA.map((s) => s[0]).concat(['Kedaulatan berada di tangan rakyat']), 1))
    items.push(single(`Lambang **${lambang.toLowerCase()}** pada perisai Garuda Pancasila melambangkan sila ke- …`, `${i + 1}`, ['1', '2', '3', '4', '5'], 1))
  })
  const facts = [
    ['Semboyan *Bhinneka Tunggal Ika* berasal dari kitab …', 'Sutasoma karya Mpu Tantular', ['Negarakertagama karya Mpu Prapanca', 'Arjunawiwaha karya Mpu Kanwa', 'Pararaton', 'Bharatayudha karya Mpu Sedah'], 2],
    ['Arti semboyan *Bhinneka Tunggal Ika* adalah …', 'Berbeda-beda tetapi tetap satu', ['Bersatu kita teguh', 'Satu nusa satu bangsa', 'Bersama membangun negeri', 'Gotong royong membangun bangsa'], 1],
    ['Jumlah bulu pada masing-masing sayap Garuda Pancasila adalah …', '17', ['8', '19', '45', '5'], 2],
    ['Jumlah bulu pada ekor Garuda Pancasila adalah …', '8', ['17', '19', '45', '5'], 2],
    ['Jumlah bulu pada leher Garuda Pancasila adalah …', '45', ['17', '8', '19', '5'], 2],
    ['Jumlah bulu pada pangkal ekor Garuda Pancasila adalah …', '19', ['17', '8', '45', '5'], 3],
    ['Perancang lambang negara Garuda Pancasila adalah …', 'Sultan Hamid II', ['Mohammad Yamin', 'W.R. Supratman', 'Ki Hajar Dewantara', 'Soepomo'], 3],
    ['Pencipta lagu kebangsaan *Indonesia Raya* adalah …', 'W.R. Supratman', ['Ismail Marzuki', 'C. Simanjuntak', 'H. Mutahar', 'Ibu Sud'], 1],
    ['Penjahit Bendera Pusaka Sang Merah Putih adalah …', 'Fatmawati', ['R.A. Kartini', 'Cut Nyak Dhien', 'Dewi Sartika', 'Martha Christina Tiahahu'], 1],
    ['Pengetik naskah Proklamasi Kemerdekaan Indonesia adalah …', 'Sayuti Melik', ['B.M. Diah', 'Sukarni', 'Chaerul Saleh', 'Wikana'], 1],
    ['Naskah Proklamasi dirumuskan di rumah …', 'Laksamana Tadashi Maeda', ['Ir. Soekarno di Pegangsaan Timur 56', 'Mohammad Hatta', 'Ahmad Soebardjo', 'Djiaw Kie Siong di Rengasdengklok'], 2],
    ['Ketua Badan Penyelidik Usaha-usaha Persiapan Kemerdekaan Indonesia (BPUPKI) adalah …', 'Dr. K.R.T. Radjiman Wedyodiningrat', ['Ir. Soekarno', 'Drs. Mohammad Hatta', 'Mr. Soepomo', 'Mr. Mohammad Yamin'], 2],
    ['Ketua Panitia Persiapan Kemerdekaan Indonesia (PPKI) adalah …', 'Ir. Soekarno', ['Drs. Mohammad Hatta', 'Dr. K.R.T. Radjiman Wedyodiningrat', 'Mr. Soepomo', 'Mr. Ahmad Soebardjo'], 2],
    ['Panitia Sembilan yang merumuskan Piagam Jakarta diketuai oleh …', 'Ir. Soekarno', ['Drs. Mohammad Hatta', 'K.H. Wahid Hasjim', 'Mr. Mohammad Yamin', 'Abikusno Tjokrosujoso'], 2],
    ['Undang-undang yang mengatur Aparatur Sipil Negara saat ini adalah …', 'UU Nomor 20 Tahun 2023', ['UU Nomor 5 Tahun 2014', 'UU Nomor 43 Tahun 1999', 'UU Nomor 8 Tahun 1974', 'UU Nomor 23 Tahun 2014'], 3],
    ['Dalam nilai dasar ASN *BerAKHLAK*, huruf **A** yang pertama berarti …', 'Akuntabel', ['Adaptif', 'Amanah', 'Aspiratif', 'Antikorupsi'], 2],
    ['Dalam nilai dasar ASN *BerAKHLAK*, huruf **H** berarti …', 'Harmonis', ['Hemat', 'Humanis', 'Hormat', 'Handal'], 2],
    ['Dalam nilai dasar ASN *BerAKHLAK*, huruf **K** yang terakhir berarti …', 'Kolaboratif', ['Kompeten', 'Kreatif', 'Konsisten', 'Komunikatif'], 3],
  ]
  for (const [stem, c, d, lvl] of facts) items.push(single(stem, c, d, lvl))
  file('TWK', 'pancasila-dan-lambang-negara', 'twk', items)
}
{
  const P = [
    ['Sumatera Utara', 'Medan', 1], ['Sumatera Barat', 'Padang', 1], ['Riau', 'Pekanbaru', 1], ['Kepulauan Riau', 'Tanjungpinang', 2],
    ['Sumatera Selatan', 'Palembang', 1], ['Kepulauan Bangka Belitung', 'Pangkalpinang', 2], ['Lampung', 'Bandar Lampung', 1],
    ['Banten', 'Serang', 2], ['Jawa Barat', 'Bandung', 1], ['Jawa Tengah', 'Semarang', 1], ['Jawa Timur', 'Surabaya', 1],
    ['Bali', 'Denpasar', 1], ['Nusa Tenggara Barat', 'Mataram', 2], ['Nusa Tenggara Timur', 'Kupang', 2], ['Kalimantan Barat', 'Pontianak', 2],
    ['Kalimantan Tengah', 'Palangka Raya', 2], ['Kalimantan Timur', 'Samarinda', 2], ['Kalimantan Utara', 'Tanjung Selor', 3],
    ['Sulawesi Utara', 'Manado', 2], ['Sulawesi Tengah', 'Palu', 2], ['Sulawesi Barat', 'Mamuju', 3], ['Sulawesi Selatan', 'Makassar', 1],
    ['Sulawesi Tenggara', 'Kendari', 2], ['Maluku', 'Ambon', 2], ['Maluku Utara', 'Sofifi', 3], ['Papua', 'Jayapura', 1],
    ['Papua Barat', 'Manokwari', 3], ['Papua Barat Daya', 'Sorong', 3], ['Papua Tengah', 'Nabire', 3], ['Papua Selatan', 'Merauke', 3],
    ['Aceh', 'Banda Aceh', 1],
  ]
  const cities = P.map((p) => p[1]).concat(['Ternate', 'Balikpapan', 'Cirebon', 'Banjarmasin', 'Bukittinggi', 'Timika'])
  file('TWK', 'wawasan-nusantara', 'twk', P.map(([prov, city, lvl]) => single(`Ibu kota Provinsi ${prov} adalah …`, city, cities.filter((c) => c !== city), lvl)))
}
{
  const E = [
    ['Sumpah Pemuda diikrarkan pada tanggal …', '28 Oktober 1928', 1],
    ['Proklamasi Kemerdekaan Indonesia dibacakan pada tanggal …', '17 Agustus 1945', 1],
    ['PPKI mengesahkan Undang-Undang Dasar 1945 pada tanggal …', '18 Agustus 1945', 2],
    ['Ir. Soekarno menyampaikan pidato tentang dasar negara yang kemudian diperingati sebagai Hari Lahir Pancasila pada tanggal …', '1 Juni 1945', 1],
    ['Piagam Jakarta ditandatangani oleh Panitia Sembilan pada tanggal …', '22 Juni 1945', 2],
    ['Dekrit Presiden yang memberlakukan kembali UUD 1945 dikeluarkan pada tanggal …', '5 Juli 1959', 2],
    ['Budi Utomo, yang kelahirannya diperingati sebagai Hari Kebangkitan Nasional, berdiri pada tanggal …', '20 Mei 1908', 1],
    ['Pertempuran Surabaya yang diperingati sebagai Hari Pahlawan terjadi pada tanggal …', '10 November 1945', 1],
    ['Konferensi Asia Afrika di Bandung dibuka pada tanggal …', '18 April 1955', 2],
    ['Deklarasi Djuanda tentang wilayah perairan Indonesia diumumkan pada tanggal …', '13 Desember 1957', 3],
    ['Belanda mengakui kedaulatan Indonesia sebagai hasil Konferensi Meja Bundar pada tanggal …', '27 Desember 1949', 3],
    ['Sidang pertama BPUPKI dimulai pada tanggal …', '29 Mei 1945', 2],
    ['PPKI dibentuk pada tanggal …', '7 Agustus 1945', 3],
    ['Peristiwa Rengasdengklok terjadi pada tanggal …', '16 Agustus 1945', 2],
    ['Serangan Umum di Yogyakarta terjadi pada tanggal …', '1 Maret 1949', 2],
    ['Palagan Ambarawa yang diperingati sebagai Hari Juang Kartika berakhir pada tanggal …', '15 Desember 1945', 3],
    ['Pemerintah Darurat Republik Indonesia (PDRI), yang diperingati sebagai Hari Bela Negara, dibentuk pada tanggal …', '19 Desember 1948', 3],
    ['Kongres Perempuan Indonesia pertama, yang diperingati sebagai Hari Ibu, dimulai pada tanggal …', '22 Desember 1928', 2],
    ['Hari Pendidikan Nasional diperingati setiap tanggal …', '2 Mei', 1],
    ['Hari Kesaktian Pancasila diperingati setiap tanggal …', '1 Oktober', 1],
    ['Hari Konstitusi diperingati setiap tanggal …', '18 Agustus', 2],
    ['Hari Otonomi Daerah diperingati setiap tanggal …', '25 April', 3],
  ]
  const withYear = E.filter((e) => /\d{4}$/.test(e[1])).map((e) => e[1])
  const withoutYear = E.filter((e) => !/\d{4}$/.test(e[1])).map((e) => e[1]).concat(['17 Agustus', '28 Oktober', '10 November', '20 Mei', '1 Juni'])
  file('TWK', 'sejarah-kebangsaan', 'twk', E.map(([stem, c, lvl]) => single(stem, c, (/\d{4}$/.test(c) ? withYear : withoutYear).filter((x) => x !== c), lvl)))
}
{
  const U = [
    ['Pasal 1 ayat (1)', 'Negara Indonesia ialah negara kesatuan yang berbentuk republik', 2],
    ['Pasal 1 ayat (2)', 'Kedaulatan berada di tangan rakyat dan dilaksanakan menurut Undang-Undang Dasar', 2],
    ['Pasal 1 ayat (3)', 'Negara Indonesia adalah negara hukum', 1],
    ['Pasal 2 ayat (2)', 'MPR bersidang sedikitnya sekali dalam lima tahun di ibu kota negara', 3],
    ['Pasal 3 ayat (1)', 'MPR berwenang mengubah dan menetapkan Undang-Undang Dasar', 2],
    ['Pasal 4 ayat (1)', 'Presiden memegang kekuasaan pemerintahan menurut Undang-Undang Dasar', 2],
    ['Pasal 6A ayat (1)', 'Presiden dan Wakil Presiden dipilih dalam satu pasangan secara langsung oleh rakyat', 3],
    ['Pasal 7', 'Masa jabatan Presiden dan Wakil Presiden selama lima tahun dan dapat dipilih kembali untuk satu kali masa jabatan', 2],
    ['Pasal 10', 'Presiden memegang kekuasaan tertinggi atas Angkatan Darat, Angkatan Laut, dan Angkatan Udara', 2],
    ['Pasal 11 ayat (1)', 'Presiden dengan persetujuan DPR menyatakan perang, membuat perdamaian dan perjanjian dengan negara lain', 3],
    ['Pasal 18', 'Pemerintahan daerah', 2],
    ['Pasal 20 ayat (1)', 'DPR memegang kekuasaan membentuk undang-undang', 2],
    ['Pasal 22E', 'Pemilihan umum', 3],
    ['Pasal 23', 'Anggaran pendapatan dan belanja negara', 3],
    ['Pasal 24C', 'Mahkamah Konstitusi', 3],
    ['Pasal 26 ayat (1)', 'Yang menjadi warga negara ialah orang-orang bangsa Indonesia asli dan orang-orang bangsa lain yang disahkan dengan undang-undang', 3],
    ['Pasal 27 ayat (1)', 'Segala warga negara bersamaan kedudukannya di dalam hukum dan pemerintahan', 2],
    ['Pasal 27 ayat (3)', 'Setiap warga negara berhak dan wajib ikut serta dalam upaya pembelaan negara', 3],
    ['Pasal 28', 'Kemerdekaan berserikat dan berkumpul, mengeluarkan pikiran dengan lisan dan tulisan', 2],
    ['Pasal 29 ayat (2)', 'Kemerdekaan tiap-tiap penduduk untuk memeluk agamanya dan beribadat menurut agamanya', 1],
    ['Pasal 30 ayat (1)', 'Hak dan kewajiban warga negara dalam usaha pertahanan dan keamanan negara', 2],
    ['Pasal 31 ayat (1)', 'Setiap warga negara berhak mendapat pendidikan', 1],
    ['Pasal 33 ayat (3)', 'Bumi, air, dan kekayaan alam dikuasai oleh negara dan dipergunakan untuk sebesar-besar kemakmuran rakyat', 2],
    ['Pasal 34 ayat (1)', 'Fakir miskin dan anak-anak yang terlantar dipelihara oleh negara', 1],
    ['Pasal 35', 'Bendera Negara Indonesia ialah Sang Merah Putih', 2],
    ['Pasal 36', 'Bahasa negara ialah Bahasa Indonesia', 2],
    ['Pasal 36A', 'Lambang negara ialah Garuda Pancasila dengan semboyan Bhinneka Tunggal Ika', 3],
    ['Pasal 36B', 'Lagu kebangsaan ialah Indonesia Raya', 3],
    ['Pasal 37', 'Tata cara perubahan Undang-Undang Dasar', 3],
  ]
  const items = []
  for (const [pasal, isi, lvl] of U) {
    items.push(single(`Menurut UUD NRI Tahun 1945, ${pasal} mengatur tentang …`, isi, U.map((u) => u[1]).filter((x) => x !== isi), lvl))
    items.push(single(`Ketentuan "${isi}" diatur dalam UUD NRI Tahun 1945 …`, pasal, U.map((u) => u[0]).filter((x) => x !== pasal), Math.min(3, lvl + 1)))
  }
  file('TWK', 'uud-1945', 'twk', items)
}

// ───────────────────────────── TIU ─────────────────────────────
{
  const items = []
  for (let i = 0; i < 16; i++) {
    const a = 2 + Math.floor(rnd() * 20), d = 2 + Math.floor(rnd() * 9)
    const s = Array.from({ length: 5 }, (_, k) => a + k * d)
    items.push(single(`Bilangan berikutnya dari deret ${s.join(', ')}, … adalah …`, a + 5 * d, near(a + 5 * d, [d, -1, 1, 2, -d, 2 * d]), 1))
  }
  for (let i = 0; i < 16; i++) {
    if (i % 2 === 0) {
      const a = 1 + Math.floor(rnd() * 5), r = 2 + Math.floor(rnd() * 2)
      const s = Array.from({ length: 5 }, (_, k) => a * r ** k)
      const ans = a * r ** 5
      items.push(single(`Bilangan berikutnya dari deret ${s.join(', ')}, … adalah …`, ans, near(ans, [a, -a, r, a * r, -a * r, 1]), 2))
    } else {
      const a = 3 + Math.floor(rnd() * 10), b = 20 + Math.floor(rnd() * 30), da = 2 + Math.floor(rnd() * 4), db = 1 + Math.floor(rnd() * 3)
      const s = [a, b, a + da, b - db, a + 2 * da, b - 2 * db]
      const ans = a + 3 * da
      items.push(single(`Bilangan berikutnya dari deret ${s.join(', ')}, … adalah …`, ans, near(ans, [1, -1, da, -da, 2]).concat([b - 3 * db]), 2))
    }
  }
  for (let i = 0; i < 16; i++) {
    const a = 1 + Math.floor(rnd() * 10), d0 = 1 + Math.floor(rnd() * 4), dd = 1 + Math.floor(rnd() * 3)
    const s = [a]
    for (let k = 0; k < 5; k++) s.push(s[k] + d0 + k * dd)
    const ans = s[5] + d0 + 5 * dd
    items.push(single(`Bilangan berikutnya dari deret ${s.join(', ')}, … adalah …`, ans, near(ans, [dd, -dd, 1, -1, d0, 2 * dd]), 3))
  }
  file('TIU', 'deret-angka', 'tiu', items)
}
{
  const items = []
  const names = ['Budi', 'Sari', 'Andi', 'Dewi', 'Rahmat', 'Nurul', 'Yohanes', 'Made', 'Siti', 'Agus']
  for (let i = 0; i < 10; i++) {
    const price = (5 + Math.floor(rnd() * 40)) * 10000, p = pick([10, 15, 20, 25, 30, 40])
    const pay = price * (100 - p) / 100
    items.push(single(`${names[i]} membeli sepatu seharga ${rupiah(price)} dengan diskon ${p}%. Jumlah yang harus dibayar adalah …`, rupiah(pay), [price * p / 100, pay - 5000, pay + 5000, pay - 10000, price - p * 1000].filter((v) => v > 0).map(rupiah), 1))
  }
  for (let i = 0; i < 10; i++) {
    const vals = Array.from({ length: 4 }, () => 60 + Math.floor(rnd() * 35))
    const mean = 70 + Math.floor(rnd() * 15)
    const missing = mean * 5 - vals.reduce((a, b) => a + b, 0)
    if (missing < 40 || missing > 100) { i--; continue }
    items.push(single(`Rata-rata nilai lima peserta adalah ${mean}. Nilai empat peserta adalah ${vals.join(', ')}. Nilai peserta kelima adalah …`, missing, near(missing, [1, -1, 2, -2, 5, -5]), 2))
  }
  for (let i = 0; i < 10; i++) {
    const v = pick([40, 45, 50, 60, 72, 80]), t = pick([1.5, 2, 2.5, 3, 4])
    const dist = v * t
    const km = (x) => `${String(x).replace('.', ',')} km`
    items.push(single(`Sebuah mobil dinas melaju dengan kecepatan rata-rata ${v} km/jam selama ${String(t).replace('.', ',')} jam. Jarak yang ditempuh adalah …`, km(dist), near(dist, [v / 2, -v / 2, 10, -10, v]).map(km), 2))
  }
  const pairs = [[3, 6], [4, 12], [6, 12], [10, 15], [12, 24], [20, 30], [6, 3], [12, 4], [15, 10], [30, 20], [8, 24], [24, 12]]
  for (const [a, b] of pairs) {
    const t = (a * b) / (a + b)
    items.push(single(`Pekerjaan menginput data dapat diselesaikan ${pick(names)} dalam ${a} hari dan oleh rekannya dalam ${b} hari. Jika dikerjakan bersama, pekerjaan itu selesai dalam …`, `${t} hari`, near(t, [1, -1, 2, (a + b) / 2 - t, 3]).map((x) => `${x} hari`), 3))
  }
  for (let i = 0; i < 6; i++) {
    const base = (1 + Math.floor(rnd() * 9)) * 1000000, p = pick([10, 20])
    const after = base * (1 + p / 100) ** 2
    items.push(single(`Harga suatu barang ${rupiah(base)} naik ${p}% lalu naik lagi ${p}% dari harga baru. Harga akhirnya adalah …`, rupiah(Math.round(after)), [base * (1 + (2 * p) / 100), base * (1 + p / 100), Math.round(after) + 10000, Math.round(after) - 5000, Math.round(after) + 20000].map((x) => rupiah(Math.round(x))), 3))
  }
  file('TIU', 'numerik', 'tiu', items)
}
{
  const SIN = [['cermat', 'teliti'], ['lazim', 'biasa'], ['kendala', 'hambatan'], ['mahir', 'terampil'], ['akurat', 'tepat'], ['absolut', 'mutlak'], ['konklusi', 'kesimpulan'], ['nisbi', 'relatif'], ['bahtera', 'kapal'], ['mitra', 'rekan'], ['imbas', 'dampak'], ['sahih', 'valid'], ['fiktif', 'rekaan'], ['kontemporer', 'masa kini'], ['insinuasi', 'sindiran'], ['renovasi', 'pembaruan'], ['prestise', 'wibawa'], ['kendati', 'meskipun']]
  const ANT = [['optimis', 'pesimis'], ['statis', 'dinamis'], ['konkret', 'abstrak'], ['eksplisit', 'implisit'], ['ekspor', 'impor'], ['mayoritas', 'minoritas'], ['surplus', 'defisit'], ['vertikal', 'horizontal'], ['heterogen', 'homogen'], ['sentralisasi', 'desentralisasi'], ['permanen', 'sementara'], ['ekstrover', 'introver'], ['progresif', 'konservatif'], ['deduktif', 'induktif']]
  const items = []
  SIN.forEach(([w, s], i) => items.push(single(`Sinonim kata **${w.toUpperCase()}** adalah …`, s, SIN.map((p) => p[1]).concat(ANT.map((p) => p[0])), i < 7 ? 1 : 2)))
  ANT.forEach(([w, a], i) => items.push(single(`Antonim kata **${w.toUpperCase()}** adalah …`, a, ANT.map((p) => p[1]).concat(ANT.map((p) => p[0])).filter((x) => x !== w), i < 6 ? 1 : 2)))
  const AN = [
    ['Dokter : Rumah sakit', 'Guru : Sekolah', ['Guru : Murid', 'Polisi : Penjahat', 'Petani : Cangkul', 'Hakim : Jaksa'], 1],
    ['Pena : Menulis', 'Pisau : Memotong', ['Buku : Membaca', 'Meja : Kayu', 'Kertas : Putih', 'Tinta : Hitam'], 1],
    ['Mata : Melihat', 'Telinga : Mendengar', ['Tangan : Kaki', 'Hidung : Mulut', 'Kepala : Rambut', 'Kulit : Tipis'], 1],
    ['Petani : Sawah', 'Nelayan : Laut', ['Pedagang : Uang', 'Penjahit : Benang', 'Sopir : Mobil', 'Guru : Kapur'], 1],
    ['Termometer : Suhu', 'Barometer : Tekanan udara', ['Penggaris : Garis', 'Timbangan : Pedagang', 'Jam : Dinding', 'Kompas : Peta'], 2],
    ['Kapal : Pelabuhan', 'Pesawat : Bandara', ['Mobil : Jalan', 'Kereta : Rel', 'Sepeda : Roda', 'Bus : Sopir'], 2],
    ['Lebah : Madu', 'Sapi : Susu', ['Ayam : Kandang', 'Ikan : Air', 'Kucing : Tikus', 'Kambing : Rumput'], 1],
    ['Hakim : Vonis', 'Dokter : Diagnosis', ['Guru : Sekolah', 'Polisi : Pistol', 'Jaksa : Terdakwa', 'Perawat : Pasien'], 3],
    ['Akar : Pohon', 'Fondasi : Rumah', ['Daun : Ranting', 'Atap : Genteng', 'Pintu : Jendela', 'Batu : Pasir'], 2],
    ['Kompas : Arah', 'Jam : Waktu', ['Peta : Kota', 'Buku : Ilmu', 'Lampu : Listrik', 'Kalender : Dinding'], 2],
    ['Ulat : Kupu-kupu', 'Berudu : Katak', ['Telur : Ayam', 'Anak : Ayah', 'Biji : Buah', 'Kepompong : Ulat'], 2],
    ['Penulis : Buku', 'Komponis : Lagu', ['Penyanyi : Panggung', 'Pelukis : Kuas', 'Pembaca : Novel', 'Penerbit : Toko'], 2],
    ['Air : Haus', 'Nasi : Lapar', ['Makan : Kenyang', 'Minum : Gelas', 'Tidur : Kasur', 'Obat : Dokter'], 2],
    ['Gelap : Lampu', 'Lapar : Makanan', ['Terang : Matahari', 'Haus : Kering', 'Sakit : Dokter', 'Dingin : Salju'], 3],
    ['Benang : Kain', 'Batu bata : Tembok', ['Jarum : Jahit', 'Semen : Pasir', 'Cat : Kuas', 'Kayu : Gergaji'], 3],
    ['Anggaran : Belanja', 'Rencana : Pelaksanaan', ['Uang : Dompet', 'Laporan : Kertas', 'Gaji : Pegawai', 'Pajak : Negara'], 3],
  ]
  for (const [q, c, d, lvl] of AN) items.push(single(`**${q.toUpperCase()}** = … : …`, c, d, lvl))
  const SY = [
    ['pegawai di kantor itu', 'mengikuti apel pagi', 'Rina', 'pegawai di kantor itu'],
    ['peserta seleksi', 'membawa KTP elektronik', 'Doni', 'peserta seleksi'],
    ['pohon di taman kota', 'ditanam oleh relawan', 'pohon beringin itu', 'pohon di taman kota'],
    ['buku di perpustakaan daerah', 'boleh dipinjam', 'buku sejarah itu', 'buku di perpustakaan daerah'],
    ['kendaraan dinas', 'wajib lulus uji emisi', 'mobil berpelat merah itu', 'kendaraan dinas'],
    ['guru di sekolah itu', 'bergelar sarjana', 'Pak Yusuf', 'guru di sekolah itu'],
  ]
  for (const [all, prop, x] of SY) {
    items.push(single(`Semua ${all} ${prop}. ${x[0].toUpperCase() + x.slice(1)} adalah ${all.split(' ')[0]} ${all.split(' ').slice(1).join(' ')}. Simpulan yang tepat adalah …`, `${x[0].toUpperCase() + x.slice(1)} ${prop}`, [`${x[0].toUpperCase() + x.slice(1)} tidak ${prop}`, `${x[0].toUpperCase() + x.slice(1)} belum tentu ${prop}`, `Sebagian ${all} tidak ${prop}`, `Tidak dapat ditarik simpulan`], 2))
    items.push(single(`Semua ${all} ${prop}. ${x[0].toUpperCase() + x.slice(1)} tidak ${prop}. Simpulan yang tepat adalah …`, `${x[0].toUpperCase() + x.slice(1)} bukan ${all}`, [`${x[0].toUpperCase() + x.slice(1)} adalah ${all}`, `Sebagian ${all} tidak ${prop}`, `${x[0].toUpperCase() + x.slice(1)} mungkin ${all}`, `Tidak dapat ditarik simpulan`], 3))
  }
  file('TIU', 'verbal-dan-logika', 'tiu', items)
}

// ───────────────────────────── TKP (1–5) ─────────────────────────────
const PLACES = ['kantor kecamatan', 'puskesmas', 'dinas kependudukan dan pencatatan sipil', 'kantor pelayanan pajak', 'rumah sakit daerah', 'kantor imigrasi', 'dinas perizinan terpadu']
const TKP = [
  [1, 'pelayanan-publik', 'Seorang warga lanjut usia kesulitan mengisi formulir di {p} tempat Anda bertugas, sementara antrean cukup panjang. Sikap Anda …', ['Membantu warga itu mengisi formulir sambil meminta rekan membuka loket tambahan', 'Membantu warga itu mengisi formulir setelah antrean berkurang', 'Meminta petugas keamanan membantu warga itu', 'Meminta warga itu membawa keluarga untuk membantu', 'Meminta warga itu kembali esok hari']],
  [1, 'pelayanan-publik', 'Sistem antrean daring di {p} tempat Anda bertugas tiba-tiba tidak berfungsi. Sikap Anda …', ['Menjelaskan kendala kepada warga, membuka antrean manual, dan melaporkan gangguan ke bagian TI', 'Membuka antrean manual dan menunggu sistem pulih', 'Melaporkan gangguan ke bagian TI lalu menunggu arahan', 'Meminta warga menunggu tanpa penjelasan', 'Menutup layanan sampai sistem pulih']],
  [1, 'integritas', 'Seorang pemohon di {p} menawarkan uang agar berkasnya didahulukan. Sikap Anda …', ['Menolak dengan tegas, menjelaskan prosedur, dan melaporkan kejadian itu kepada atasan', 'Menolak dengan sopan dan menjelaskan prosedur yang berlaku', 'Menolak tanpa memberi penjelasan', 'Menerima tetapi tetap memproses berkas sesuai urutan', 'Menerima dan mendahulukan berkasnya']],
  [1, 'profesionalisme', 'Atasan Anda di {p} memberi tugas baru yang belum pernah Anda kerjakan dengan tenggat dua hari. Sikap Anda …', ['Mempelajari tugas itu, bertanya kepada rekan yang berpengalaman, dan menyelesaikannya tepat waktu', 'Mengerjakan sebisanya dan melaporkan kesulitan saat tenggat', 'Meminta tambahan waktu sejak awal', 'Meminta atasan memberikan tugas itu kepada orang lain', 'Menolak karena tugas itu bukan keahlian Anda']],
  [1, 'jejaring-kerja', 'Anda ditugaskan bekerja sama dengan pegawai instansi lain yang belum Anda kenal untuk sebuah kegiatan di {p}. Sikap Anda …', ['Berkenalan, menyepakati pembagian tugas, dan menjaga komunikasi selama kegiatan', 'Menyepakati pembagian tugas lalu bekerja sendiri-sendiri', 'Menunggu mereka menghubungi Anda lebih dulu', 'Mengerjakan bagian Anda tanpa berkoordinasi', 'Meminta atasan mengganti rekan kerja Anda']],
  [1, 'sosial-budaya', 'Rekan baru di {p} berasal dari daerah dengan kebiasaan yang berbeda dari Anda. Sikap Anda …', ['Menyambutnya, mengenalkan lingkungan kerja, dan belajar menghargai kebiasaannya', 'Menyambutnya dengan ramah seperlunya', 'Bersikap biasa saja sampai ia menyesuaikan diri', 'Menjaga jarak karena belum saling kenal', 'Menganggap kebiasaannya tidak cocok dengan kantor']],
  [2, 'pelayanan-publik', 'Seorang warga marah-marah di {p} karena dokumennya belum selesai padahal sudah dijanjikan. Sikap Anda …', ['Mendengarkan dengan tenang, memeriksa penyebab keterlambatan, dan memberi kepastian waktu penyelesaian', 'Meminta maaf dan menjanjikan dokumen segera selesai', 'Menjelaskan bahwa keterlambatan bukan kesalahan Anda', 'Meminta warga itu menyampaikan keluhan secara tertulis', 'Meminta petugas keamanan menenangkan warga itu']],
  [2, 'integritas', 'Anda mengetahui rekan kerja di {p} memalsukan daftar hadir. Sikap Anda …', ['Menegurnya secara pribadi dan melaporkan kepada atasan bila ia mengulanginya', 'Menegurnya secara pribadi', 'Melaporkannya langsung kepada atasan tanpa menegurnya', 'Membicarakannya dengan rekan lain', 'Membiarkannya karena bukan urusan Anda']],
  [2, 'teknologi-informasi', 'Unit Anda di {p} mulai memakai aplikasi layanan baru yang belum Anda kuasai. Sikap Anda …', ['Mengikuti pelatihan, mempelajari panduan, dan membantu rekan yang masih kesulitan', 'Mempelajari aplikasi itu secukupnya untuk tugas Anda', 'Menunggu pelatihan resmi sebelum memakainya', 'Meminta rekan mengoperasikannya untuk Anda', 'Tetap memakai cara lama karena lebih terbiasa']],
  [2, 'profesionalisme', 'Pekerjaan Anda di {p} sudah selesai, sementara rekan satu tim masih kewalahan. Sikap Anda …', ['Menawarkan bantuan dan membagi pekerjaan yang tersisa bersama', 'Membantu bila rekan meminta', 'Memeriksa ulang pekerjaan Anda sendiri', 'Pulang tepat waktu karena tugas Anda selesai', 'Mengerjakan urusan pribadi sambil menunggu jam pulang']],
  [2, 'anti-radikalisme', 'Di grup percakapan pegawai {p} beredar pesan yang menghasut kebencian terhadap kelompok agama tertentu. Sikap Anda …', ['Tidak meneruskan, mengingatkan anggota grup, dan melaporkan pesan itu kepada pengelola atau pihak berwenang', 'Tidak meneruskan dan mengingatkan anggota grup', 'Tidak meneruskan dan keluar dari grup', 'Membiarkannya karena hanya pesan di grup', 'Meneruskan ke grup lain agar banyak yang tahu']],
  [2, 'jejaring-kerja', 'Program unit Anda di {p} memerlukan data dari instansi lain yang lambat merespons. Sikap Anda …', ['Menghubungi kontak di instansi itu, menjelaskan kebutuhan, dan menyepakati jadwal penyerahan data', 'Mengirim surat resmi ulang dan menunggu jawaban', 'Meminta atasan yang menghubungi instansi itu', 'Menunda program sampai data datang', 'Memakai data lama tanpa memberi tahu siapa pun']],
  [2, 'sosial-budaya', 'Warga yang Anda layani di {p} hanya fasih berbahasa daerah yang tidak Anda kuasai. Sikap Anda …', ['Meminta bantuan rekan yang menguasai bahasa itu dan memastikan warga memahami layanan', 'Menjelaskan perlahan dengan bahasa Indonesia sederhana dan gerakan tangan', 'Memberikan brosur layanan kepada warga itu', 'Meminta warga datang lagi bersama penerjemah', 'Melayani warga berikutnya lebih dulu']],
  [2, 'profesionalisme', 'Anda menemukan kesalahan pada laporan yang sudah Anda kirim kepada atasan di {p}. Sikap Anda …', ['Segera memberi tahu atasan, memperbaiki laporan, dan mengirim versi yang benar', 'Memperbaiki laporan dan mengirim ulang tanpa penjelasan', 'Menunggu atasan menemukan kesalahan itu', 'Memperbaikinya pada laporan berikutnya saja', 'Membiarkannya karena laporan sudah dikirim']],
  [2, 'pelayanan-publik', 'Seorang warga di {p} meminta layanan yang bukan wewenang unit Anda. Sikap Anda …', ['Menjelaskan unit yang berwenang, persyaratannya, dan mengantarnya atau memberi kontak yang jelas', 'Menjelaskan unit yang berwenang', 'Meminta warga bertanya ke bagian informasi', 'Mengatakan bahwa layanan itu bukan urusan Anda', 'Menerima berkasnya tanpa kejelasan tindak lanjut']],
  [3, 'integritas', 'Atasan Anda di {p} meminta Anda menandatangani daftar penerimaan barang yang belum datang agar anggaran cepat terserap. Sikap Anda …', ['Menolak dengan sopan, menjelaskan risikonya, dan mengusulkan penandatanganan setelah barang diperiksa', 'Menolak dengan sopan tanpa memberi usulan', 'Menandatangani dengan catatan bahwa barang belum diterima', 'Menandatangani setelah atasan berjanji barang segera datang', 'Menandatangani karena perintah atasan']],
  [3, 'jejaring-kerja', 'Dua rekan senior di {p} berselisih soal pembagian tugas sehingga pekerjaan tim terhambat. Sikap Anda …', ['Mengajak keduanya berdiskusi dengan berpegang pada target tim dan mengusulkan pembagian yang adil', 'Meminta atasan menengahi perselisihan itu', 'Mengambil alih sebagian tugas yang terhambat', 'Menunggu keduanya berdamai sendiri', 'Memihak rekan yang lebih dekat dengan Anda']],
  [3, 'teknologi-informasi', 'Anda menerima surel yang mengatasnamakan bagian TI {p} dan meminta kata sandi akun kerja Anda. Sikap Anda …', ['Tidak membalas, memverifikasi ke bagian TI melalui saluran resmi, dan melaporkan surel itu sebagai dugaan phishing', 'Tidak membalas dan menghapus surel itu', 'Menanyakan kepada rekan apakah mereka menerima surel serupa', 'Membalas untuk menanyakan keperluannya', 'Mengirim kata sandi karena surel tampak resmi']],
  [3, 'anti-radikalisme', 'Seorang rekan di {p} mulai sering menyatakan bahwa Pancasila tidak perlu dijadikan dasar negara. Sikap Anda …', ['Mengajaknya berdialog dengan argumen yang baik dan melaporkan kepada atasan bila ia mengajak orang lain', 'Mengajaknya berdialog tentang nilai-nilai Pancasila', 'Melaporkannya langsung kepada atasan', 'Menjauhinya tanpa berkata apa-apa', 'Membiarkan karena itu pendapat pribadinya']],
  [3, 'profesionalisme', 'Anda diminta atasan di {p} memimpin tim dengan anggota yang lebih senior dari Anda. Sikap Anda …', ['Menerima tugas, meminta masukan anggota senior, dan menyusun pembagian kerja bersama', 'Menerima tugas dan membagi pekerjaan sesuai arahan atasan', 'Menerima tugas tetapi menyerahkan keputusan kepada anggota senior', 'Meminta atasan menunjuk anggota yang lebih senior', 'Menolak karena merasa tidak pantas memimpin']],
  [3, 'sosial-budaya', 'Warga di wilayah layanan {p} menolak program pemerintah karena bertentangan dengan adat setempat. Sikap Anda …', ['Menemui tokoh adat, mendengarkan keberatan, dan mencari cara pelaksanaan yang menghormati adat', 'Menjelaskan manfaat program melalui sosialisasi', 'Meminta aparat desa meyakinkan warga', 'Menunda program tanpa batas waktu', 'Tetap melaksanakan program sesuai jadwal']],
]
{
  const byTopic = new Map()
  for (const [lvl, topic, stem, responses] of TKP) {
    for (const p of PLACES) {
      if (!byTopic.has(topic)) byTopic.set(topic, [])
      byTopic.get(topic).push(weighted(stem.replace('{p}', p), responses, lvl, 5))
    }
  }
  for (const [topic, items] of byTopic) file('TKP', topic, 'tkp', items)
}

// ───────────────────────────── PPPK: MANAJERIAL / SOSIOKULTURAL / WAWANCARA (1–4) ─────────────────────────────
const UNITS = ['sekolah negeri', 'puskesmas', 'dinas pertanian', 'kantor kelurahan', 'badan kepegawaian daerah', 'dinas sosial', 'rumah sakit umum daerah']
const MNJ = [
  [1, 'integritas', 'Anda bertugas di {p} dan diberi parsel oleh rekanan menjelang hari raya. Sikap Anda …', ['Menolak parsel dan melaporkannya ke unit pengendalian gratifikasi', 'Mengembalikan parsel dengan sopan', 'Menerima lalu membagikannya kepada rekan kerja', 'Menerima karena sudah menjadi tradisi']],
  [1, 'kerja-sama', 'Tim Anda di {p} harus menyelesaikan laporan bersama, tetapi seorang anggota belum mengerjakan bagiannya. Sikap Anda …', ['Menanyakan kendalanya dan membantu agar bagiannya selesai tepat waktu', 'Mengingatkannya akan tenggat', 'Mengerjakan bagiannya tanpa bertanya', 'Melaporkannya kepada atasan']],
  [1, 'komunikasi', 'Atasan Anda di {p} memberi arahan yang kurang jelas. Sikap Anda …', ['Menanyakan hal yang belum jelas dan merangkum kembali arahan itu', 'Bertanya kepada rekan yang mungkin lebih paham', 'Mengerjakan sesuai pemahaman sendiri', 'Menunggu arahan berikutnya']],
  [2, 'orientasi-pada-hasil', 'Target layanan {p} bulan ini belum tercapai padahal tinggal satu minggu. Sikap Anda …', ['Menganalisis penyebabnya, mengatur ulang prioritas, dan mengajak tim mengejar target', 'Bekerja lembur sendiri untuk mengejar target', 'Melaporkan kepada atasan bahwa target sulit dicapai', 'Menerima bahwa target tidak tercapai bulan ini']],
  [2, 'pelayanan-publik', 'Pengguna layanan {p} mengeluhkan prosedur yang berbelit. Sikap Anda …', ['Mencatat keluhan, mengkaji prosedur, dan mengusulkan penyederhanaan kepada atasan', 'Menjelaskan alasan prosedur kepada pengguna', 'Meminta pengguna mengikuti prosedur yang ada', 'Menganggap keluhan itu wajar dan tidak menindaklanjutinya']],
  [2, 'pengembangan-diri', 'Instansi Anda di {p} membuka pelatihan daring di luar jam kerja. Sikap Anda …', ['Mengikuti pelatihan dan menerapkan hasilnya dalam pekerjaan', 'Mengikuti pelatihan bila sempat', 'Mengikuti pelatihan hanya bila diwajibkan', 'Tidak mengikuti karena di luar jam kerja']],
  [2, 'mengelola-perubahan', '{P} tempat Anda bekerja menerapkan sistem kerja baru yang membuat sebagian rekan keberatan. Sikap Anda …', ['Mempelajari sistem baru dan membantu rekan memahami manfaatnya', 'Mengikuti sistem baru sesuai arahan', 'Menunggu sampai sistem baru terbukti berhasil', 'Ikut menyuarakan keberatan bersama rekan']],
  [2, 'pengambilan-keputusan', 'Dua tugas mendesak di {p} datang bersamaan, dan atasan sedang tidak dapat dihubungi. Sikap Anda …', ['Menilai dampak masing-masing, mengerjakan yang paling mendesak, dan melaporkannya kepada atasan', 'Mengerjakan tugas yang datang lebih dulu', 'Meminta rekan mengerjakan salah satunya', 'Menunggu atasan dapat dihubungi']],
  [3, 'integritas', 'Anda mengetahui ada pengadaan di {p} yang harganya jauh di atas harga pasar. Sikap Anda …', ['Mengumpulkan data pembanding dan melaporkannya melalui saluran pengaduan resmi', 'Menyampaikan kecurigaan kepada atasan secara lisan', 'Membicarakannya dengan rekan kerja', 'Membiarkan karena bukan tugas Anda']],
  [3, 'perekat-bangsa', 'Terjadi perbedaan pendapat bernuansa suku di antara pegawai {p}. Sikap Anda …', ['Mengajak mereka berdialog dan mengingatkan tujuan bersama sebagai pelayan publik', 'Meminta atasan menyelesaikan masalah itu', 'Menghindari pembicaraan tentang suku di kantor', 'Membiarkannya karena akan reda dengan sendirinya']],
  [3, 'orientasi-pada-hasil', 'Hasil evaluasi menunjukkan kinerja unit Anda di {p} terendah di instansi. Sikap Anda …', ['Mengajak tim mengevaluasi penyebab dan menyusun rencana perbaikan yang terukur', 'Meningkatkan kinerja Anda sendiri', 'Menyampaikan bahwa sumber daya unit kurang memadai', 'Menganggap hasil evaluasi tidak adil']],
]
const SOS = [
  [1, 'keberagaman', 'Rekan kerja Anda di {p} merayakan hari raya keagamaan yang berbeda dengan Anda. Sikap Anda …', ['Mengucapkan selamat dan membantu menyesuaikan jadwal tugasnya', 'Mengucapkan selamat', 'Bersikap biasa saja', 'Tidak peduli']],
  [1, 'empati', 'Seorang pengguna layanan {p} datang dengan kursi roda dan kesulitan menjangkau loket. Sikap Anda …', ['Menghampirinya dan melayaninya di tempat yang mudah dijangkau', 'Meminta petugas lain membantunya', 'Memintanya menunggu giliran seperti biasa', 'Membiarkannya karena loket sudah tersedia']],
  [1, 'komunikasi-lintas-budaya', 'Warga di wilayah {p} lebih terbiasa memakai bahasa daerah. Sikap Anda …', ['Belajar ungkapan dasar bahasa daerah dan memakai bahasa yang sederhana', 'Meminta bantuan rekan setempat saat diperlukan', 'Tetap memakai bahasa Indonesia baku', 'Meminta warga memakai bahasa Indonesia']],
  [2, 'keberagaman', 'Dalam rapat di {p}, seorang peserta merendahkan pendapat rekan dari daerah lain. Sikap Anda …', ['Mengingatkan dengan sopan bahwa setiap pendapat perlu dihargai', 'Membela rekan itu setelah rapat', 'Diam agar rapat tetap berjalan', 'Ikut menertawakan']],
  [2, 'empati', 'Rekan kerja Anda di {p} terlihat murung dan pekerjaannya menurun beberapa hari terakhir. Sikap Anda …', ['Mengajaknya berbicara dan menawarkan bantuan', 'Menanyakan kabarnya sekilas', 'Melaporkan penurunan kinerjanya kepada atasan', 'Membiarkannya']],
  [2, 'kearifan-lokal', 'Program {p} akan dilaksanakan bertepatan dengan upacara adat warga setempat. Sikap Anda …', ['Berkoordinasi dengan tokoh adat untuk menyesuaikan jadwal program', 'Menggeser jadwal program tanpa berkoordinasi', 'Tetap melaksanakan sesuai jadwal dengan peserta seadanya', 'Membatalkan program']],
  [2, 'toleransi', 'Seorang warga di {p} menolak dilayani oleh petugas yang berbeda agama dengannya. Sikap Anda …', ['Menjelaskan dengan santun bahwa layanan diberikan sama bagi semua dan mengajaknya menerima layanan', 'Menggantinya dengan petugas lain agar cepat selesai', 'Memintanya datang lagi di lain waktu', 'Menolak melayaninya']],
  [3, 'perekat-bangsa', 'Di media sosial warga {p} beredar kabar bohong yang memicu ketegangan antarkelompok. Sikap Anda …', ['Menyampaikan klarifikasi dari sumber resmi dan mengajak warga tidak menyebarkan kabar itu', 'Tidak ikut menyebarkan kabar itu', 'Menunggu klarifikasi dari pemerintah', 'Ikut membagikan agar warga waspada']],
  [3, 'kearifan-lokal', 'Anda ditempatkan di {p} di daerah yang adatnya belum Anda kenal. Sikap Anda …', ['Mempelajari adat setempat dari tokoh masyarakat dan menyesuaikan cara kerja', 'Mengamati kebiasaan warga sambil bekerja', 'Bekerja seperti di tempat asal Anda', 'Meminta dipindahkan ke daerah asal']],
  [3, 'toleransi', 'Kelompok warga di wilayah {p} berselisih soal pendirian rumah ibadah. Sikap Anda …', ['Memfasilitasi dialog para pihak sesuai aturan dan melibatkan forum kerukunan umat beragama', 'Menyerahkan penyelesaian kepada aparat keamanan', 'Menghindari keterlibatan karena isu sensitif', 'Mendukung kelompok yang lebih besar']],
]
const WWC = [
  [1, 'integritas', 'Anda menemukan dompet berisi uang di halaman {p}. Sikap Anda …', ['Menyerahkannya ke bagian keamanan dan mencatat penemuannya', 'Mencari pemiliknya sendiri', 'Menyimpannya sampai ada yang bertanya', 'Mengambil uangnya']],
  [1, 'moralitas', 'Rekan Anda di {p} meminta Anda mengisi daftar hadir untuknya karena terlambat. Sikap Anda …', ['Menolak dan menyarankannya melapor terlambat sesuai aturan', 'Menolak dengan halus', 'Mengisinya sekali ini saja', 'Mengisinya karena ia teman dekat']],
  [2, 'integritas', 'Anda diminta menaikkan nilai kinerja seorang kerabat yang bekerja di {p}. Sikap Anda …', ['Menolak dan menilai sesuai bukti kinerja', 'Menolak tetapi memberi saran agar ia memperbaiki kinerja', 'Menaikkan sedikit agar tidak menyinggung', 'Menaikkan sesuai permintaan']],
  [2, 'moralitas', 'Anda melihat rekan di {p} memakai kendaraan dinas untuk urusan pribadi. Sikap Anda …', ['Mengingatkannya dan melaporkan bila berulang', 'Mengingatkannya secara pribadi', 'Membicarakannya dengan rekan lain', 'Membiarkannya']],
  [3, 'integritas', 'Anda mengetahui pimpinan di {p} menerima imbalan dari pihak yang berkepentingan. Sikap Anda …', ['Melaporkan melalui saluran pengaduan resmi dengan bukti yang ada', 'Menyampaikan kepada pejabat yang lebih tinggi secara lisan', 'Diam karena takut berisiko', 'Ikut menikmati bagian yang ditawarkan']],
  [3, 'moralitas', 'Anda melakukan kesalahan yang merugikan layanan {p}, dan belum ada yang mengetahuinya. Sikap Anda …', ['Mengakui kesalahan kepada atasan dan memperbaikinya', 'Memperbaikinya diam-diam', 'Menunggu sampai ada yang mengetahui', 'Menyalahkan sistem']],
]
function scenarioFiles(subtest, prefix, table, places) {
  const byTopic = new Map()
  for (const [lvl, topic, stem, responses] of table) {
    for (const p of places) {
      if (!byTopic.has(topic)) byTopic.set(topic, [])
      const s = stem.replace('{p}', p).replace('{P}', p[0].toUpperCase() + p.slice(1))
      byTopic.get(topic).push(weighted(s, responses, lvl, 4))
    }
  }
  for (const [topic, items] of byTopic) file(subtest, topic, prefix, items)
}
scenarioFiles('MANAJERIAL', 'mnj', MNJ, UNITS)
scenarioFiles('SOSIOKULTURAL', 'sos', SOS, UNITS)
scenarioFiles('WAWANCARA', 'wwc', WWC, UNITS)

// ───────────────────────────── PPPK TEKNIS (5/0) ─────────────────────────────
{
  const items = []
  const bits = { 1: 4, 2: 6, 3: 8 }
  for (const lvl of [1, 2, 3]) {
    for (let i = 0; i < 15; i++) {
      const n = (1 << (bits[lvl] - 1)) + Math.floor(rnd() * (1 << (bits[lvl] - 1)))
      items.push(single(`Bilangan biner \`${n.toString(2)}\` sama dengan bilangan desimal …`, n, near(n, [1, -1, 2, -2, 4, -4, 8]), lvl))
    }
    for (let i = 0; i < 10; i++) {
      const n = (1 << (bits[lvl] - 1)) + Math.floor(rnd() * (1 << (bits[lvl] - 1)))
      items.push(single(`Bilangan desimal ${n} dalam sistem biner adalah …`, n.toString(2), near(n, [1, -1, 2, -2, 4, 8]).map((x) => x.toString(2)), lvl))
    }
  }
  file('TEKNIS', 'sistem-bilangan', 'tek', items)
}
{
  const items = []
  for (let i = 0; i < 20; i++) {
    const total = (2 + Math.floor(rnd() * 20)) * 100_000_000, pct = pick([40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90])
    items.push(single(`Pagu anggaran kegiatan ${rupiah(total)}. Realisasi hingga triwulan III ${rupiah((total * pct) / 100)}. Persentase penyerapan anggaran adalah …`, `${pct}%`, near(pct, [5, -5, 10, -10, 15]).map((x) => `${x}%`), 1))
  }
  for (let i = 0; i < 20; i++) {
    const base = (1 + Math.floor(rnd() * 50)) * 100_000
    items.push(single(`Harga barang sebelum pajak ${rupiah(base)} dan dikenakan PPN 11%. Harga setelah PPN adalah …`, rupiah(base * 1.11), [base * 1.1, base * 1.12, base * 0.89, base * 1.011, base + 11000].map((x) => rupiah(Math.round(x))), 2))
  }
  for (let i = 0; i < 25; i++) {
    const cost = (2 + Math.floor(rnd() * 30)) * 10_000_000, life = pick([4, 5, 8, 10]), salvage = pick([0, 2_000_000, 5_000_000, 10_000_000]) * (cost > 100_000_000 ? 2 : 1)
    const dep = (cost - salvage) / life
    if (!Number.isInteger(dep)) { i--; continue }
    items.push(single(`Sebuah aset tetap dibeli seharga ${rupiah(cost)}, masa manfaat ${life} tahun, nilai sisa ${rupiah(salvage)}. Penyusutan per tahun dengan metode garis lurus adalah …`, rupiah(dep), [cost / life, (cost + salvage) / life, dep + 1_000_000, dep - 500_000, dep * 2, dep + 2_500_000].filter((x) => x > 0 && Number.isInteger(x)).map(rupiah), 3))
  }
  for (let i = 0; i < 20; i++) {
    const pegawai = pick([12, 16, 20, 24, 30, 36, 40]), rasio = pick([25, 50, 75])
    const ans = (pegawai * rasio) / 100
    if (!Number.isInteger(ans)) { i--; continue }
    items.push(single(`Sebuah unit memiliki ${pegawai} pegawai. Sebanyak ${rasio}% di antaranya wajib mengikuti pelatihan. Jumlah pegawai yang mengikuti pelatihan adalah …`, `${ans} orang`, near(ans, [1, -1, 2, -2, 3]).map((x) => `${x} orang`), 1))
  }
  file('TEKNIS', 'keuangan-dan-administrasi', 'tek', items)
}
{
  const items = []
  const hari = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu']
  for (let i = 0; i < 30; i++) {
    const start = i % 7, add = 10 + Math.floor(rnd() * 200)
    items.push(single(`Jika hari ini hari ${hari[start]}, maka ${add} hari lagi adalah hari …`, hari[(start + add) % 7], hari, add > 100 ? 3 : 2))
  }
  for (let i = 0; i < 25; i++) {
    const vals = Array.from({ length: 4 }, () => 10 + Math.floor(rnd() * 90))
    items.push(single(`Sel A1 sampai A4 pada lembar kerja berisi ${vals.join(', ')}. Hasil rumus \`=SUM(A1:A4)\` adalah …`, vals.reduce((a, b) => a + b, 0), near(vals.reduce((a, b) => a + b, 0), [1, -1, 10, -10, 2]), 1))
  }
  for (let i = 0; i < 25; i++) {
    const vals = Array.from({ length: 4 }, () => 10 + Math.floor(rnd() * 90))
    const sum = vals.reduce((a, b) => a + b, 0)
    if (sum % 4 !== 0) { i--; continue }
    items.push(single(`Sel B1 sampai B4 berisi ${vals.join(', ')}. Hasil rumus \`=AVERAGE(B1:B4)\` adalah …`, sum / 4, near(sum / 4, [1, -1, 2, -2, 5]), 2))
  }
  for (let i = 0; i < 30; i++) {
    const v = 40 + Math.floor(rnd() * 60), th = pick([60, 65, 70, 75, 80])
    const ans = v >= th ? 'Lulus' : 'Tidak lulus'
    items.push(single(`Sel C2 berisi ${v}. Hasil rumus \`=IF(C2>=${th};"Lulus";"Tidak lulus")\` adalah …`, ans, ['Lulus', 'Tidak lulus', '#VALUE!', 'TRUE', 'FALSE', `${v}`], 3))
  }
  for (let i = 0; i < 30; i++) {
    const vals = Array.from({ length: 5 }, () => 5 + Math.floor(rnd() * 95))
    const ans = Math.max(...vals) - Math.min(...vals)
    items.push(single(`Sel D1 sampai D5 berisi ${vals.join(', ')}. Hasil rumus \`=MAX(D1:D5)-MIN(D1:D5)\` adalah …`, ans, near(ans, [1, -1, 2, -2, 5, 10]), i < 15 ? 2 : 3))
  }
  for (let i = 0; i < 20; i++) {
    const h = pick([7, 8]), m = pick([0, 15, 30, 45]), days = pick([5, 10, 20, 22])
    const total = (h * 60 + m) * days
    items.push(single(`Seorang pegawai bekerja ${h} jam${m ? ` ${m} menit` : ''} setiap hari selama ${days} hari kerja. Total jam kerjanya dalam menit adalah …`, total, [h * 60 * days, (h * 60 + m) * (days - 1), total + 60, total - 30, (h * 100 + m) * days], 2))
  }
  file('TEKNIS', 'pengolahan-data-perkantoran', 'tek', items)
}

// ───────────────────────────── SKB: Pranata Komputer (5/0) ─────────────────────────────
{
  const items = []
  for (const [lvl, max, count] of [[1, 0xff, 40], [2, 0xfff, 25], [3, 0xffff, 25]]) {
    for (let i = 0; i < count; i++) {
      const n = Math.floor(max / 16) + Math.floor(rnd() * (max - max / 16))
      items.push(single(`Bilangan heksadesimal \`${n.toString(16).toUpperCase()}\` sama dengan bilangan desimal …`, n, near(n, [1, -1, 16, -16, 2, 256].filter((d) => Math.abs(d) < n)), lvl))
    }
  }
  for (let i = 0; i < 45; i++) {
    const n = 8 + Math.floor(rnd() * 500)
    items.push(single(`Bilangan oktal \`${n.toString(8)}\` sama dengan bilangan desimal …`, n, near(n, [1, -1, 8, -8, 2]), 2))
  }
  file('SKB_PRANATA_KOMPUTER', 'sistem-bilangan', 'pk', items)
}
{
  const items = []
  for (let prefix = 20; prefix <= 30; prefix++) {
    const hosts = 2 ** (32 - prefix) - 2
    items.push(single(`Jumlah alamat host yang dapat dipakai pada subnet IPv4 dengan prefiks /${prefix} adalah …`, hosts.toLocaleString('id-ID'), [hosts + 2, hosts + 1, hosts / 2 - 1, hosts * 2 + 2, hosts - 2, hosts * 4 + 6, hosts * 8 + 14].filter((x) => x > 0).map((x) => x.toLocaleString('id-ID')), prefix >= 28 ? 2 : 3))
  }
  const masks = { 24: '255.255.255.0', 25: '255.255.255.128', 26: '255.255.255.192', 27: '255.255.255.224', 28: '255.255.255.240', 29: '255.255.255.248', 30: '255.255.255.252', 16: '255.255.0.0', 23: '255.255.254.0', 22: '255.255.252.0', 20: '255.255.240.0' }
  for (const [p, m] of Object.entries(masks)) items.push(single(`Subnet mask untuk prefiks /${p} adalah …`, m, Object.values(masks), Number(p) === 24 || Number(p) === 16 ? 1 : 2))
  for (let i = 0; i < 30; i++) {
    const prefix = pick([25, 26, 27, 28, 29]), size = 2 ** (32 - prefix)
    const last = Math.floor(rnd() * 254) + 1
    const net = Math.floor(last / size) * size
    const third = Math.floor(rnd() * 250)
    items.push(single(`Alamat jaringan (network address) dari host 192.168.${third}.${last}/${prefix} adalah …`, `192.168.${third}.${net}`, [net + size, net - size, last, net + 1, net + size - 1, 0].filter((x) => x >= 0 && x <= 255 && x !== net).map((x) => `192.168.${third}.${x}`), 3))
  }
  const PORTS = [['HTTP', 80, 1], ['HTTPS', 443, 1], ['SSH', 22, 1], ['FTP (kontrol)', 21, 2], ['SMTP', 25, 2], ['DNS', 53, 2], ['Telnet', 23, 2], ['POP3', 110, 3], ['IMAP', 143, 3], ['RDP', 3389, 3], ['MySQL', 3306, 3], ['PostgreSQL', 5432, 3]]
  for (const [proto, port, lvl] of PORTS) items.push(single(`Nomor port bawaan (default) untuk layanan ${proto} adalah …`, port, PORTS.map((p) => p[1]), lvl))
  const OSI = ['Physical', 'Data Link', 'Network', 'Transport', 'Session', 'Presentation', 'Application']
  OSI.forEach((name, i) => items.push(single(`Lapisan ke-${i + 1} pada model OSI adalah …`, name, OSI, i === 0 || i === 6 ? 1 : 2)))
  const DEV = [['Router', 'Network', 2], ['Switch', 'Data Link', 2], ['Hub', 'Physical', 3]]
  for (const [d, l, lvl] of DEV) items.push(single(`Perangkat ${d} bekerja terutama pada lapisan OSI …`, l, OSI, lvl))
  file('SKB_PRANATA_KOMPUTER', 'jaringan-komputer', 'pk', items)
}
{
  const items = []
  const SQL = [
    ['Perintah SQL untuk mengambil data dari tabel adalah …', 'SELECT', 1], ['Perintah SQL untuk menambah baris baru ke tabel adalah …', 'INSERT', 1],
    ['Perintah SQL untuk mengubah isi baris yang sudah ada adalah …', 'UPDATE', 1], ['Perintah SQL untuk menghapus baris dari tabel adalah …', 'DELETE', 1],
    ['Perintah SQL untuk menghapus seluruh tabel beserta strukturnya adalah …', 'DROP', 2], ['Perintah SQL untuk mengubah struktur tabel adalah …', 'ALTER', 2],
    ['Perintah SQL untuk memberikan hak akses kepada pengguna adalah …', 'GRANT', 2], ['Perintah SQL untuk mencabut hak akses pengguna adalah …', 'REVOKE', 3],
    ['Klausa SQL untuk mengelompokkan baris sebelum fungsi agregat adalah …', 'GROUP BY', 2], ['Klausa SQL untuk menyaring hasil fungsi agregat adalah …', 'HAVING', 3],
    ['Klausa SQL untuk mengurutkan hasil kueri adalah …', 'ORDER BY', 1], ['Perintah SQL untuk membatalkan transaksi yang belum disimpan permanen adalah …', 'ROLLBACK', 3],
    ['Perintah SQL untuk menyimpan permanen perubahan dalam transaksi adalah …', 'COMMIT', 2],
  ]
  const words = SQL.map((s) => s[1]).concat(['CREATE', 'MERGE', 'WHERE'])
  for (const [q, c, lvl] of SQL) items.push(single(q, c, words, lvl))
  const BIGO = [
    ['pencarian biner (binary search) pada data terurut', 'O(log n)', 2], ['pencarian linear pada data tidak terurut', 'O(n)', 1],
    ['bubble sort pada kasus terburuk', 'O(n²)', 2], ['merge sort pada kasus terburuk', 'O(n log n)', 3],
    ['akses elemen larik (array) berdasarkan indeks', 'O(1)', 1], ['quick sort pada kasus terburuk', 'O(n²)', 3],
    ['pencarian pada tabel hash pada kasus rata-rata', 'O(1)', 3], ['penjumlahan dua matriks n × n', 'O(n²)', 3],
  ]
  for (const [what, c, lvl] of BIGO) items.push(single(`Kompleksitas waktu ${what} adalah …`, c, ['O(1)', 'O(log n)', 'O(n)', 'O(n log n)', 'O(n²)', 'O(2ⁿ)']))
  items.splice(SQL.length, BIGO.length, ...BIGO.map(([what, c, lvl]) => single(`Kompleksitas waktu ${what} adalah …`, c, ['O(1)', 'O(log n)', 'O(n)', 'O(n log n)', 'O(n²)', 'O(2ⁿ)'], lvl)))
  const RAID = [['RAID 0', 'Striping tanpa redundansi', 2], ['RAID 1', 'Mirroring', 2], ['RAID 5', 'Striping dengan paritas terdistribusi', 3], ['RAID 6', 'Striping dengan paritas ganda', 3], ['RAID 10', 'Gabungan mirroring dan striping', 3]]
  for (const [r, c, lvl] of RAID) items.push(single(`Cara kerja ${r} adalah …`, c, RAID.map((x) => x[1]).concat(['Kompresi data otomatis']), lvl))
  for (let i = 0; i < 25; i++) {
    const mb = pick([2, 4, 8, 16, 32, 64, 128, 256, 512]) * pick([1, 3, 5])
    items.push(single(`Berkas berukuran ${mb} MB sama dengan … KB (1 KB = 1.024 byte).`, (mb * 1024).toLocaleString('id-ID'), [mb * 1000, mb * 1024 * 2, mb * 512, mb * 1024 + 1024, mb * 100].map((x) => x.toLocaleString('id-ID')), 1))
  }
  for (let i = 0; i < 15; i++) {
    const gb = pick([1, 2, 4, 8, 16, 32, 64]) * pick([1, 3, 5])
    items.push(single(`Kapasitas ${gb} GB sama dengan … MB (1 GB = 1.024 MB).`, (gb * 1024).toLocaleString('id-ID'), [gb * 1000, gb * 2048, gb * 512, gb * 1024 + 1024, gb * 100].map((x) => x.toLocaleString('id-ID')), 1))
  }
  for (let i = 0; i < 30; i++) {
    const mb = pick([10, 20, 25, 50, 100, 200, 400]), mbps = pick([2, 4, 5, 8, 10, 20, 40, 80, 100])
    const sec = (mb * 8) / mbps
    if (!Number.isInteger(sec)) { i--; continue }
    items.push(single(`Waktu minimal untuk mengunduh berkas ${mb} MB melalui koneksi ${mbps} Mbps (1 MB = 8 Mb, tanpa overhead) adalah …`, `${sec} detik`, [mb / mbps, sec * 2, sec + 8, (mb * 8 * 1.024) / mbps, sec / 2].filter((x) => x > 0 && x !== sec).map((x) => `${Math.round(x * 10) / 10} detik`.replace('.', ',')), i < 20 ? 2 : 3))
  }
  for (let i = 0; i < 25; i++) {
    const a = 1 + Math.floor(rnd() * 30), b = 1 + Math.floor(rnd() * 30)
    const op = pick(['AND', 'OR', 'XOR'])
    const r = op === 'AND' ? a & b : op === 'OR' ? a | b : a ^ b
    items.push(single(`Hasil operasi bitwise ${a} ${op} ${b} (bilangan desimal) adalah …`, r, [a & b, a | b, a ^ b, a + b, Math.abs(a - b), r + 1, r + 2].filter((x) => x >= 0), 3))
  }
  file('SKB_PRANATA_KOMPUTER', 'basis-data-dan-algoritma', 'pk', items)
}

// ───────────────────────────── write ─────────────────────────────
for (const dir of readdirSync(ROOT, { withFileTypes: true })) {
  if (dir.isDirectory() && !dir.name.startsWith('_') && dir.name !== 'media') rmSync(path.join(ROOT, dir.name), { recursive: true })
}
const counts = {}
for (const f of files) {
  mkdirSync(path.join(ROOT, f.subtest), { recursive: true })
  writeFileSync(path.join(ROOT, f.subtest, `${f.topic}.json`), JSON.stringify(f, null, 2) + '\n')
  for (const it of f.items) {
    counts[f.subtest] ??= { 1: 0, 2: 0, 3: 0 }
    counts[f.subtest][it.difficulty]++
  }
}
console.log(counts)
