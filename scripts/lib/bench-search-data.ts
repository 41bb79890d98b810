import type pg from 'pg'

/**
 * The national-scale data set of `npm run bench:search`: one published period with 250,000
 * positions (domain.md §9: 250,407 in 2024) over ~550 agencies (69 central, the rest regional),
 * ~500 locations, the formasi types, ~120 study programmes and ~200 jabatan names × grades.
 * Generated set-based (`INSERT … SELECT generate_series`) with a fixed seed, so every run measures
 * the same data. Rows carry a `bench-` id prefix (numbers zero-padded, so rows arrive in index
 * order and each B-tree grows at its right edge); a rerun deletes them first.
 */
export const BENCH_PERIOD_CODE = 'BENCH-CASN-2024'

const JABATAN = [
  'Analis Hukum', 'Analis Kebijakan', 'Analis Keuangan Pusat dan Daerah', 'Analis Anggaran', 'Analis Sumber Daya Manusia Aparatur',
  'Analis Pengelolaan Keuangan APBN', 'Analis Perdagangan', 'Analis Ketahanan Pangan', 'Analis Pasar Hasil Pertanian',
  'Analis Perkarantinaan Tumbuhan', 'Analis Perkarantinaan Hewan', 'Analis Keimigrasian', 'Analis Pemasyarakatan',
  'Analis Penegakan Hukum Lingkungan', 'Analis Pertahanan Negara', 'Analis Data Ilmiah', 'Analis Laboratorium',
  'Analis Insiden Siber', 'Analis Lalu Lintas Jalan', 'Analis Kebencanaan', 'Analis Perlindungan Konsumen', 'Analis Pajak Daerah',
  'Analis Kesehatan Kerja', 'Analis Kepegawaian', 'Analis Pengadaan', 'Arsiparis', 'Auditor', 'Auditor Kepegawaian', 'Auditor Pertama Hukum',
  'Apoteker', 'Asisten Apoteker', 'Bidan', 'Dokter', 'Dokter Gigi', 'Dokter Hewan', 'Dokter Pendidik Klinis', 'Dosen',
  'Epidemiolog Kesehatan', 'Entomolog Kesehatan', 'Fisioterapis', 'Guru Matematika', 'Guru Bahasa Indonesia', 'Guru Bahasa Inggris',
  'Guru Ilmu Pengetahuan Alam', 'Guru Ilmu Pengetahuan Sosial', 'Guru Pendidikan Jasmani', 'Guru Kelas', 'Guru Seni Budaya',
  'Guru Pendidikan Agama Islam', 'Guru Pendidikan Agama Kristen', 'Guru Bimbingan Konseling', 'Guru Pendidikan Pancasila', 'Guru Fisika',
  'Guru Kimia', 'Guru Biologi', 'Guru Ekonomi', 'Guru Sejarah', 'Guru Geografi', 'Guru Informatika', 'Guru Sosiologi',
  'Guru Pendidikan Khusus', 'Guru Bahasa Arab', 'Guru Prakarya', 'Inspektur Tambang', 'Instruktur', 'Jurusita', 'Nutrisionis',
  'Pamong Belajar', 'Pengawas Sekolah', 'Penilik', 'Pengantar Kerja', 'Pengawas Ketenagakerjaan', 'Pengawas Farmasi dan Makanan',
  'Pengawas Benih Tanaman', 'Pengawas Mutu Hasil Pertanian', 'Pengawas Perikanan', 'Pengawas Koperasi', 'Pengawas Lingkungan Hidup',
  'Pengawas Penyelenggaraan Urusan Pemerintahan Daerah', 'Penata Kelola Sistem dan Teknologi Informasi', 'Penata Ruang',
  'Penata Kependudukan dan Keluarga Berencana', 'Penata Anestesi', 'Penata Laksana Barang', 'Penelaah Teknis Kebijakan', 'Penera',
  'Pengamat Gunung Api', 'Pengamat Meteorologi dan Geofisika', 'Pengendali Hama dan Penyakit Ikan', 'Pengelola Pengadaan Barang/Jasa',
  'Pengendali Dampak Lingkungan', 'Pengendali Ekosistem Hutan', 'Pengembang Teknologi Pembelajaran', 'Penerjemah', 'Penyuluh Pertanian',
  'Penyuluh Perikanan', 'Penyuluh Kehutanan', 'Penyuluh Agama Islam', 'Penyuluh Agama Kristen', 'Penyuluh Agama Hindu',
  'Penyuluh Agama Buddha', 'Penyuluh Hukum', 'Penyuluh Kesehatan Masyarakat', 'Penyuluh Keluarga Berencana', 'Penyuluh Antikorupsi',
  'Penyuluh Narkoba', 'Penyuluh Pajak', 'Penyuluh Sosial', 'Penyuluh Perindustrian', 'Perawat', 'Terapis Gigi dan Mulut',
  'Perekam Medis', 'Perencana', 'Pekerja Sosial', 'Pemeriksa Pajak', 'Pemeriksa Bea dan Cukai', 'Penilai Pajak', 'Penilai Pemerintah',
  'Pranata Komputer', 'Pranata Keuangan APBN', 'Pranata Hubungan Masyarakat', 'Pranata Laboratorium Kesehatan',
  'Pranata Laboratorium Pendidikan', 'Pranata Nuklir', 'Pranata Sumber Daya Manusia Aparatur', 'Pranata Peradilan', 'Pustakawan',
  'Radiografer', 'Sanitarian', 'Statistisi', 'Surveyor Pemetaan', 'Teknik Pengairan', 'Teknik Jalan dan Jembatan',
  'Teknik Tata Bangunan dan Perumahan', 'Teknisi Elektromedis', 'Teknisi Litkayasa', 'Teknisi Penerbangan', 'Terapis Wicara',
  'Okupasi Terapis', 'Widyaiswara', 'Widyaprada', 'Asesor Sumber Daya Manusia Aparatur', 'Administrator Kesehatan',
  'Administrator Database Kependudukan', 'Polisi Kehutanan', 'Polisi Pamong Praja', 'Analis Kebakaran', 'Penjaga Tahanan',
  'Pembimbing Kemasyarakatan', 'Pengelola Keuangan', 'Pengadministrasi Perkantoran', 'Pengolah Data dan Informasi',
  'Penata Layanan Operasional', 'Pengelola Layanan Operasional', 'Operator Layanan Operasional', 'Mediator Hubungan Industrial',
  'Sandiman', 'Manggala Informatika', 'Paramedik Veteriner', 'Medik Veteriner', 'Pengawas Alat dan Mesin Pertanian',
  'Pengendali Organisme Pengganggu Tumbuhan', 'Penguji Mutu Barang', 'Penguji Kendaraan Bermotor', 'Pengawas Keselamatan Pelayaran',
  'Pengawas Radiasi', 'Penyelidik Bumi', 'Pengelola Ekosistem Laut dan Pesisir', 'Pengawas Bibit Ternak', 'Pengawas Perdagangan',
  'Pengawas Kemetrologian', 'Pengawas Penerbangan', 'Penggerak Swadaya Masyarakat', 'Pengelola Pengadaan', 'Perancang Peraturan Perundang-undangan',
  'Pemeriksa Merek', 'Pemeriksa Paten', 'Pemeriksa Desain Industri', 'Analis Kekayaan Intelektual', 'Pemeriksa Keimigrasian',
  'Asisten Penata Kelola Keuangan', 'Analis Pelayanan Publik', 'Analis Pembinaan Usaha', 'Penata Kelola Pemilihan Umum',
  'Pengelola Barang Milik Negara', 'Analis Pengelolaan Aset', 'Pengawas Pemilu', 'Penata Kelola Penanaman Modal', 'Analis Hukum Pertanahan',
  'Penata Kadastral', 'Asisten Penata Kadastral', 'Analis Transportasi', 'Penguji Sarana Perkeretaapian', 'Teknisi Sarana dan Prasarana',
  'Analis Kebijakan Fiskal', 'Analis Pengawasan', 'Pengelola Sistem Informasi', 'Penyuluh Perpajakan Daerah', 'Perawat Gigi',
  'Analis Rekam Medis',
] as const

/** Grade → the education levels it accepts and the share of positions with it. */
const GRADES = [
  { name: 'Ahli Pertama', levels: ['S1', 'D4'], programmeLevel: 'S1', weight: 55 },
  { name: 'Ahli Muda', levels: ['S1', 'S2'], programmeLevel: 'S2', weight: 8 },
  { name: 'Terampil', levels: ['D3'], programmeLevel: 'D3', weight: 25 },
  { name: 'Pemula', levels: ['SMA', 'D3'], programmeLevel: 'SMA', weight: 12 },
] as const

const PROGRAMMES: Record<'S1' | 'S2' | 'D3' | 'SMA', string[]> = {
  S1: [
    'Ilmu Hukum', 'Akuntansi', 'Manajemen', 'Ilmu Ekonomi', 'Ekonomi Pembangunan', 'Ilmu Administrasi Negara', 'Ilmu Administrasi Bisnis',
    'Ilmu Pemerintahan', 'Ilmu Politik', 'Hubungan Internasional', 'Sosiologi', 'Psikologi', 'Ilmu Komunikasi', 'Teknik Informatika',
    'Sistem Informasi', 'Ilmu Komputer', 'Teknik Elektro', 'Teknik Sipil', 'Teknik Mesin', 'Teknik Kimia', 'Teknik Industri',
    'Teknik Lingkungan', 'Arsitektur', 'Perencanaan Wilayah dan Kota', 'Teknik Geodesi', 'Teknik Geologi', 'Teknik Pertambangan',
    'Statistika', 'Matematika', 'Fisika', 'Kimia', 'Biologi', 'Geografi', 'Pendidikan Dokter', 'Pendidikan Dokter Gigi',
    'Kedokteran Hewan', 'Farmasi', 'Kesehatan Masyarakat', 'Gizi', 'Keperawatan', 'Kebidanan', 'Agribisnis', 'Agroteknologi',
    'Ilmu Tanah', 'Proteksi Tanaman', 'Peternakan', 'Kehutanan', 'Ilmu Kelautan', 'Budidaya Perairan', 'Teknologi Hasil Pertanian',
    'Pendidikan Matematika', 'Pendidikan Bahasa Indonesia', 'Pendidikan Bahasa Inggris', 'Pendidikan Guru Sekolah Dasar',
    'Pendidikan Jasmani', 'Pendidikan Biologi', 'Pendidikan Fisika', 'Pendidikan Kimia', 'Pendidikan Ekonomi', 'Pendidikan Sejarah',
    'Pendidikan Geografi', 'Pendidikan Pancasila dan Kewarganegaraan', 'Bimbingan dan Konseling', 'Pendidikan Agama Islam',
    'Pendidikan Luar Biasa', 'Pendidikan Seni', 'Ilmu Perpustakaan', 'Sastra Indonesia', 'Sastra Inggris', 'Sastra Arab', 'Sejarah',
    'Antropologi', 'Ilmu Kesejahteraan Sosial', 'Hukum Ekonomi Syariah', 'Perbankan Syariah', 'Teknik Nuklir', 'Meteorologi',
    'Teknik Perkapalan', 'Kriminologi', 'Teknik Pengairan',
  ],
  S2: ['Ilmu Hukum', 'Kesehatan Masyarakat', 'Manajemen', 'Administrasi Publik', 'Ilmu Pendidikan', 'Ilmu Komputer', 'Ekonomi', 'Kenotariatan'],
  D3: [
    'Keperawatan', 'Kebidanan', 'Farmasi', 'Teknologi Laboratorium Medis', 'Rekam Medis dan Informasi Kesehatan', 'Radiologi',
    'Fisioterapi', 'Kesehatan Gigi', 'Gizi', 'Sanitasi', 'Akuntansi', 'Manajemen Informatika', 'Teknik Komputer', 'Teknik Sipil',
    'Teknik Listrik', 'Teknik Mesin', 'Administrasi Perkantoran', 'Perpustakaan', 'Kearsipan', 'Perpajakan', 'Kesehatan Hewan',
    'Budidaya Tanaman', 'Penyuluhan Pertanian', 'Statistika', 'Hubungan Masyarakat',
  ],
  SMA: ['SMA IPA', 'SMA IPS', 'SMK Teknik Komputer dan Jaringan', 'SMK Akuntansi', 'SMK Perkantoran'],
}

const CITIES = [
  'Jakarta Pusat', 'Jakarta Selatan', 'Jakarta Timur', 'Jakarta Barat', 'Jakarta Utara', 'Bandung', 'Surabaya', 'Medan', 'Semarang',
  'Makassar', 'Palembang', 'Batam', 'Pekanbaru', 'Bogor', 'Bekasi', 'Depok', 'Tangerang', 'Malang', 'Yogyakarta', 'Denpasar', 'Padang',
  'Banjarmasin', 'Pontianak', 'Samarinda', 'Balikpapan', 'Manado', 'Jayapura', 'Kupang', 'Mataram', 'Ambon', 'Jambi', 'Bengkulu',
  'Bandar Lampung', 'Serang', 'Cilegon', 'Cirebon', 'Tasikmalaya', 'Sukabumi', 'Surakarta', 'Magelang', 'Pekalongan', 'Tegal',
  'Salatiga', 'Kediri', 'Blitar', 'Madiun', 'Probolinggo', 'Pasuruan', 'Mojokerto', 'Batu', 'Palu', 'Kendari', 'Gorontalo', 'Ternate',
  'Sorong', 'Tarakan', 'Palangka Raya', 'Pangkalpinang', 'Tanjungpinang', 'Banda Aceh', 'Lhokseumawe', 'Langsa', 'Sabang',
  'Bukittinggi', 'Payakumbuh', 'Solok', 'Sawahlunto', 'Pariaman', 'Padang Panjang', 'Dumai', 'Binjai', 'Pematangsiantar',
  'Tebing Tinggi', 'Sibolga', 'Tanjungbalai', 'Padangsidimpuan', 'Gunungsitoli', 'Lubuklinggau', 'Prabumulih', 'Pagar Alam', 'Metro',
  'Singkawang', 'Banjarbaru', 'Bontang', 'Bitung', 'Tomohon', 'Kotamobagu', 'Palopo', 'Parepare', 'Baubau', 'Bima', 'Tual',
  'Tidore Kepulauan', 'Banjar', 'Cimahi', 'Sungai Penuh', 'Tangerang Selatan',
]
const REGENCIES = [
  'Bogor', 'Bandung', 'Bekasi', 'Garut', 'Cianjur', 'Sukabumi', 'Tasikmalaya', 'Ciamis', 'Kuningan', 'Cirebon', 'Majalengka', 'Sumedang',
  'Indramayu', 'Subang', 'Purwakarta', 'Karawang', 'Pangandaran', 'Bandung Barat', 'Banyumas', 'Cilacap', 'Purbalingga', 'Banjarnegara',
  'Kebumen', 'Purworejo', 'Wonosobo', 'Magelang', 'Boyolali', 'Klaten', 'Sukoharjo', 'Wonogiri', 'Karanganyar', 'Sragen', 'Grobogan',
  'Blora', 'Rembang', 'Pati', 'Kudus', 'Jepara', 'Demak', 'Semarang', 'Temanggung', 'Kendal', 'Batang', 'Pekalongan', 'Pemalang',
  'Tegal', 'Brebes', 'Sleman', 'Bantul', 'Gunungkidul', 'Kulon Progo', 'Pacitan', 'Ponorogo', 'Trenggalek', 'Tulungagung', 'Blitar',
  'Kediri', 'Malang', 'Lumajang', 'Jember', 'Banyuwangi', 'Bondowoso', 'Situbondo', 'Probolinggo', 'Pasuruan', 'Sidoarjo', 'Mojokerto',
  'Jombang', 'Nganjuk', 'Madiun', 'Magetan', 'Ngawi', 'Bojonegoro', 'Tuban', 'Lamongan', 'Gresik', 'Bangkalan', 'Sampang', 'Pamekasan',
  'Sumenep', 'Pandeglang', 'Lebak', 'Tangerang', 'Serang', 'Badung', 'Gianyar', 'Tabanan', 'Buleleng', 'Karangasem', 'Klungkung',
  'Bangli', 'Jembrana', 'Lombok Barat', 'Lombok Tengah', 'Lombok Timur', 'Lombok Utara', 'Sumbawa', 'Dompu', 'Bima', 'Kupang',
  'Timor Tengah Selatan', 'Belu', 'Alor', 'Flores Timur', 'Sikka', 'Ende', 'Ngada', 'Manggarai', 'Sumba Timur', 'Sumba Barat',
  'Jayapura', 'Merauke', 'Jayawijaya', 'Nabire', 'Mimika', 'Biak Numfor', 'Keerom', 'Sarmi', 'Mappi', 'Asmat', 'Boven Digoel',
  'Paniai', 'Puncak Jaya', 'Manokwari', 'Sorong', 'Fakfak', 'Kaimana', 'Raja Ampat', 'Teluk Bintuni', 'Aceh Besar', 'Aceh Utara',
  'Aceh Timur', 'Aceh Barat', 'Pidie', 'Bireuen', 'Aceh Tengah', 'Aceh Selatan', 'Deli Serdang', 'Langkat', 'Karo', 'Simalungun',
  'Asahan', 'Labuhanbatu', 'Tapanuli Utara', 'Tapanuli Selatan', 'Nias', 'Mandailing Natal', 'Toba', 'Dairi', 'Serdang Bedagai',
  'Batu Bara', 'Agam', 'Pesisir Selatan', 'Tanah Datar', 'Padang Pariaman', 'Pasaman', 'Lima Puluh Kota', 'Solok', 'Sijunjung',
  'Dharmasraya', 'Kampar', 'Bengkalis', 'Indragiri Hulu', 'Indragiri Hilir', 'Pelalawan', 'Rokan Hulu', 'Rokan Hilir', 'Siak',
  'Kuantan Singingi', 'Kepulauan Meranti', 'Batanghari', 'Muaro Jambi', 'Bungo', 'Tebo', 'Merangin', 'Sarolangun', 'Kerinci',
  'Tanjung Jabung Barat', 'Tanjung Jabung Timur', 'Ogan Komering Ilir', 'Ogan Komering Ulu', 'Muara Enim', 'Lahat', 'Musi Rawas',
  'Musi Banyuasin', 'Banyuasin', 'Ogan Ilir', 'Empat Lawang', 'Bengkulu Utara', 'Bengkulu Selatan', 'Rejang Lebong', 'Kaur', 'Seluma',
  'Mukomuko', 'Lampung Selatan', 'Lampung Tengah', 'Lampung Utara', 'Lampung Barat', 'Lampung Timur', 'Tulang Bawang', 'Tanggamus',
  'Way Kanan', 'Pesawaran', 'Pringsewu', 'Bangka', 'Belitung', 'Bangka Barat', 'Bangka Tengah', 'Bintan', 'Karimun', 'Lingga',
  'Natuna', 'Sambas', 'Mempawah', 'Sanggau', 'Ketapang', 'Sintang', 'Kapuas Hulu', 'Bengkayang', 'Landak', 'Sekadau', 'Melawi',
  'Kubu Raya', 'Kotawaringin Barat', 'Kotawaringin Timur', 'Kapuas', 'Barito Selatan', 'Barito Utara', 'Katingan', 'Seruyan',
  'Pulang Pisau', 'Gunung Mas', 'Banjar', 'Barito Kuala', 'Tapin', 'Hulu Sungai Selatan', 'Hulu Sungai Tengah', 'Hulu Sungai Utara',
  'Tabalong', 'Tanah Laut', 'Kotabaru', 'Balangan', 'Tanah Bumbu', 'Paser', 'Kutai Kartanegara', 'Kutai Barat', 'Kutai Timur', 'Berau',
  'Penajam Paser Utara', 'Bulungan', 'Malinau', 'Nunukan', 'Minahasa', 'Bolaang Mongondow', 'Kepulauan Sangihe', 'Minahasa Utara',
  'Minahasa Selatan', 'Banggai', 'Poso', 'Donggala', 'Tolitoli', 'Buol', 'Morowali', 'Parigi Moutong', 'Sigi', 'Gowa', 'Maros', 'Bone',
  'Wajo', 'Soppeng', 'Sidenreng Rappang', 'Pinrang', 'Enrekang', 'Luwu', 'Tana Toraja', 'Toraja Utara', 'Bulukumba', 'Bantaeng',
  'Jeneponto', 'Takalar', 'Sinjai', 'Kepulauan Selayar', 'Pangkajene dan Kepulauan', 'Barru', 'Luwu Utara', 'Luwu Timur', 'Kolaka',
  'Konawe', 'Muna', 'Buton', 'Bombana', 'Wakatobi', 'Konawe Selatan', 'Gorontalo', 'Boalemo', 'Pohuwato', 'Bone Bolango', 'Mamuju',
  'Majene', 'Polewali Mandar', 'Mamasa', 'Maluku Tengah', 'Maluku Tenggara', 'Buru', 'Seram Bagian Barat', 'Seram Bagian Timur',
  'Kepulauan Aru', 'Halmahera Barat', 'Halmahera Tengah', 'Halmahera Utara', 'Halmahera Selatan', 'Kepulauan Sula', 'Pulau Morotai',
  'Aceh Tamiang', 'Aceh Jaya', 'Nagan Raya', 'Gayo Lues', 'Simeulue', 'Humbang Hasundutan', 'Samosir', 'Pakpak Bharat', 'Padang Lawas',
  'Labuhanbatu Utara', 'Nias Selatan', 'Kepulauan Mentawai', 'Pasaman Barat', 'Solok Selatan', 'Tanjung Jabung', 'Penukal Abab Lematang Ilir',
  'Musi Rawas Utara', 'Lebong', 'Kepahiang', 'Bengkulu Tengah', 'Mesuji', 'Tulang Bawang Barat', 'Pesisir Barat', 'Belitung Timur',
  'Bangka Selatan', 'Kepulauan Anambas', 'Kayong Utara', 'Lamandau', 'Sukamara', 'Murung Raya', 'Barito Timur', 'Mahakam Ulu',
  'Tana Tidung', 'Bolaang Mongondow Utara', 'Minahasa Tenggara', 'Kepulauan Talaud', 'Banggai Kepulauan', 'Tojo Una-Una',
  'Morowali Utara', 'Gorontalo Utara', 'Mamuju Tengah', 'Pasangkayu', 'Kolaka Utara', 'Konawe Utara', 'Buton Utara', 'Maluku Barat Daya',
  'Kepulauan Tanimbar', 'Buru Selatan', 'Halmahera Timur', 'Sumba Tengah', 'Sumba Barat Daya', 'Manggarai Barat', 'Manggarai Timur',
  'Nagekeo', 'Lembata', 'Rote Ndao', 'Sabu Raijua', 'Malaka', 'Timor Tengah Utara', 'Sumbawa Barat', 'Tolikara', 'Yahukimo',
  'Pegunungan Bintang', 'Waropen', 'Supiori', 'Mamberamo Raya', 'Nduga', 'Lanny Jaya', 'Yalimo', 'Puncak', 'Dogiyai', 'Intan Jaya',
  'Deiyai', 'Teluk Wondama', 'Sorong Selatan', 'Maybrat', 'Tambrauw', 'Manokwari Selatan', 'Pegunungan Arfak', 'Kepulauan Yapen',
]
const PROVINCES = [
  ['Aceh', 'Banda Aceh'], ['Sumatera Utara', 'Medan'], ['Sumatera Barat', 'Padang'], ['Riau', 'Pekanbaru'], ['Jambi', 'Jambi'],
  ['Sumatera Selatan', 'Palembang'], ['Bengkulu', 'Bengkulu'], ['Lampung', 'Bandar Lampung'], ['Kepulauan Bangka Belitung', 'Pangkalpinang'],
  ['Kepulauan Riau', 'Tanjungpinang'], ['DKI Jakarta', 'Jakarta Pusat'], ['Jawa Barat', 'Bandung'], ['Jawa Tengah', 'Semarang'],
  ['DI Yogyakarta', 'Yogyakarta'], ['Jawa Timur', 'Surabaya'], ['Banten', 'Serang'], ['Bali', 'Denpasar'], ['Nusa Tenggara Barat', 'Mataram'],
  ['Nusa Tenggara Timur', 'Kupang'], ['Kalimantan Barat', 'Pontianak'], ['Kalimantan Tengah', 'Palangka Raya'],
  ['Kalimantan Selatan', 'Banjarbaru'], ['Kalimantan Timur', 'Samarinda'], ['Kalimantan Utara', 'Tarakan'], ['Sulawesi Utara', 'Manado'],
  ['Sulawesi Tengah', 'Palu'], ['Sulawesi Selatan', 'Makassar'], ['Sulawesi Tenggara', 'Kendari'], ['Gorontalo', 'Gorontalo'],
  ['Sulawesi Barat', 'Mamuju'], ['Maluku', 'Ambon'], ['Maluku Utara', 'Ternate'], ['Papua', 'Jayapura'], ['Papua Barat', 'Manokwari'],
  ['Papua Selatan', 'Merauke'], ['Papua Tengah', 'Nabire'], ['Papua Pegunungan', 'Jayawijaya'], ['Papua Barat Daya', 'Sorong'],
] as const
const CENTRAL = [
  'Kementerian Hukum', 'Kementerian Kesehatan', 'Kementerian Keuangan', 'Kementerian Agama', 'Kementerian Pendidikan Dasar dan Menengah',
  'Kementerian Pendidikan Tinggi, Sains, dan Teknologi', 'Kementerian Dalam Negeri', 'Kementerian Luar Negeri', 'Kementerian Pertahanan',
  'Kementerian Imigrasi dan Pemasyarakatan', 'Kementerian Perhubungan', 'Kementerian Pertanian', 'Kementerian Kelautan dan Perikanan',
  'Kementerian Lingkungan Hidup', 'Kementerian Kehutanan', 'Kementerian Perindustrian', 'Kementerian Perdagangan',
  'Kementerian Ketenagakerjaan', 'Kementerian Sosial', 'Kementerian Energi dan Sumber Daya Mineral', 'Kementerian Pekerjaan Umum',
  'Kementerian Perumahan dan Kawasan Permukiman', 'Kementerian Agraria dan Tata Ruang', 'Kementerian Komunikasi dan Digital',
  'Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi', 'Kementerian Sekretariat Negara', 'Kementerian Pariwisata',
  'Kementerian Ekonomi Kreatif', 'Kementerian Koperasi', 'Kementerian Desa dan Pembangunan Daerah Tertinggal', 'Kementerian Transmigrasi',
  'Kementerian Pemuda dan Olahraga', 'Kementerian Badan Usaha Milik Negara', 'Kementerian Investasi dan Hilirisasi',
  'Kementerian Pemberdayaan Perempuan dan Perlindungan Anak', 'Kementerian Kebudayaan', 'Kementerian Perencanaan Pembangunan Nasional',
  'Kementerian Hak Asasi Manusia', 'Kementerian Kependudukan dan Pembangunan Keluarga', 'Kementerian Pelindungan Pekerja Migran Indonesia',
  'Badan Kepegawaian Negara', 'Badan Pusat Statistik', 'Badan Pengawas Obat dan Makanan', 'Badan Meteorologi, Klimatologi, dan Geofisika',
  'Badan Riset dan Inovasi Nasional', 'Badan Siber dan Sandi Negara', 'Badan Nasional Penanggulangan Bencana', 'Badan Narkotika Nasional',
  'Badan Pengawasan Keuangan dan Pembangunan', 'Badan Informasi Geospasial', 'Badan Standardisasi Nasional',
  'Badan Pengawas Tenaga Nuklir', 'Lembaga Administrasi Negara', 'Arsip Nasional Republik Indonesia', 'Perpustakaan Nasional',
  'Badan Karantina Indonesia', 'Badan Gizi Nasional', 'Badan Pemeriksa Keuangan', 'Mahkamah Agung', 'Kejaksaan Republik Indonesia',
  'Komisi Pemberantasan Korupsi', 'Sekretariat Jenderal DPR RI', 'Sekretariat Jenderal MPR RI', 'Sekretariat Jenderal DPD RI',
  'Komisi Yudisial', 'Ombudsman Republik Indonesia', 'Badan Pengawas Pemilihan Umum', 'Komisi Pemilihan Umum', 'Mahkamah Konstitusi',
]
const UNITS = [
  'Sekretariat Jenderal', 'Inspektorat Jenderal', 'Kantor Wilayah', 'Unit Pelaksana Teknis', 'Dinas Pendidikan', 'Dinas Kesehatan',
  'Rumah Sakit Umum Daerah', 'Badan Kepegawaian dan Pengembangan SDM', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'Badan Pendapatan Daerah',
  'Dinas Pertanian', 'Dinas Komunikasi dan Informatika', 'Satuan Polisi Pamong Praja', 'Puskesmas', 'Sekolah Menengah Atas Negeri',
  'Sekolah Dasar Negeri', 'Balai Besar', 'Direktorat Jenderal', 'Badan Perencanaan Pembangunan Daerah', 'Dinas Sosial',
]
const FORMASI_TYPES = [
  ['UMUM', 'Umum', false], ['CUMLAUDE', 'Lulusan Terbaik (Cumlaude)', true], ['DIASPORA', 'Diaspora', true],
  ['DISABILITAS', 'Penyandang Disabilitas', true], ['PUTRA_PAPUA', 'Putra/Putri Papua', true],
  ['DAERAH_TERTINGGAL', 'Daerah Tertinggal', true], ['PUTRA_KALIMANTAN', 'Putra/Putri Kalimantan (IKN)', true],
] as const
const SPECIAL_TYPES = FORMASI_TYPES.filter((t) => t[2]).map((t) => t[0])

export function benchLocations(): string[] {
  return [...new Set([...CITIES.map((c) => `Kota ${c}`), ...REGENCIES.map((r) => `Kabupaten ${r}`)])]
}

export function benchStudyProgrammes() {
  return (Object.entries(PROGRAMMES) as [keyof typeof PROGRAMMES, string[]][]).flatMap(([level, names]) =>
    names.map((name) => ({ code: level === 'SMA' ? slug(name) : `${level}-${slug(name)}`, name, level })),
  )
}

export function benchJabatan() {
  return JABATAN
}

export function benchGrades() {
  return GRADES
}

function slug(s: string) {
  return s.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '')
}

export type BenchCounts = {
  agencies: number
  locations: number
  studyProgrammes: number
  jabatanNames: number
  positions: number
  vacancies: number
  positionStudyProgrammes: number
  documents: number
  skbTests: number
}

/** Creates (or re-creates) the bench period and its 250k positions. Returns the row counts. */
export async function generateBenchData(client: pg.Client, opts: { positions?: number; log?: (m: string) => void } = {}): Promise<BenchCounts> {
  const n = opts.positions ?? 250_000
  const log = opts.log ?? (() => {})
  const locations = benchLocations()
  const programmes = benchStudyProgrammes()

  await client.query('BEGIN')
  try {
    // A rerun replaces the earlier bench rows (children go by ON DELETE CASCADE).
    const old = await client.query<{ id: string }>('SELECT id FROM "SelectionPeriod" WHERE code = $1', [BENCH_PERIOD_CODE])
    if (old.rowCount) {
      log('removing the previous bench data…')
      await client.query('DELETE FROM "Position" WHERE "periodId" = $1', [old.rows[0]!.id])
      await client.query('DELETE FROM "SelectionPeriod" WHERE id = $1', [old.rows[0]!.id])
    }
    await client.query(`DELETE FROM "Agency" a WHERE a.id LIKE 'bench-%' AND NOT EXISTS (SELECT 1 FROM "Position" p WHERE p."agencyId" = a.id)`)
    // The generated rows are consistent by construction: skip the per-row foreign-key triggers when
    // allowed (superuser, as on the embedded server), which makes the load about twice as fast.
    await client.query('SAVEPOINT replica')
    try {
      await client.query(`SET LOCAL session_replication_role = replica`)
      await client.query('RELEASE SAVEPOINT replica')
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT replica')
    }
    // GIN indexes (name trigrams, education levels) take new rows into a pending list that the
    // VACUUM below merges at once, instead of one index update per row.
    await client.query(`SET LOCAL gin_pending_list_limit = '256MB'`)
    await client.query('SELECT setseed(0.2024)')

    const periodId = 'bench-period'
    await client.query(
      `INSERT INTO "SelectionPeriod" (id, code, name, kind, year, status, "ageCutoffDate")
       VALUES ($1, $2, 'Seleksi CASN 2024 (data uji beban)', 'CPNS', 2024, 'PUBLISHED', '2024-08-01')`,
      [periodId, BENCH_PERIOD_CODE],
    )
    // Registration opened a week ago: competitiveness (applicant counts) is public.
    await client.query(
      `INSERT INTO "ScheduleWindow" (id, "periodId", kind, "opensAt", "closesAt")
       VALUES ('bench-window-reg', $1, 'REGISTRATION', now() - interval '7 days', now() + interval '14 days')`,
      [periodId],
    )
    await client.query(
      `INSERT INTO "RuleVersion" (id, "periodId", version, rules, reason)
       VALUES ('bench-rules-1', $1, 1, $2, 'bench')`,
      [periodId, JSON.stringify((await import('../../app/domain/selection/rules.ts')).RULES_2024)],
    )
    for (const [i, [code, name, isSpecial]] of FORMASI_TYPES.entries()) {
      await client.query(
        `INSERT INTO "FormasiType" (code, name, "isSpecial", "sortOrder") VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
        [code, name, isSpecial, i],
      )
    }
    await client.query(
      `INSERT INTO "StudyProgram" (code, name, level)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (code) DO NOTHING`,
      [programmes.map((p) => p.code), programmes.map((p) => p.name), programmes.map((p) => p.level)],
    )

    // Agencies: 69 central, then the provinces, then regencies/cities until ~550 in all. A regional
    // agency's own location is the one its vacancies are mostly in.
    const regional = [
      ...PROVINCES.map(([prov, capital]) => ({ name: `Pemerintah Provinsi ${prov}`, home: `Kota ${capital}` })),
      ...locations.map((l) => ({ name: `Pemerintah ${l}`, home: l })),
    ].slice(0, 550 - CENTRAL.length)
    const agencies = [
      ...CENTRAL.map((name) => ({ name, kind: 'CENTRAL', home: null as string | null })),
      ...regional.map((r) => ({ name: r.name, kind: 'REGIONAL', home: r.home })),
    ]
    await client.query(
      `INSERT INTO "Agency" (id, code, name, kind)
       SELECT 'bench-a' || i, 'B' || lpad(i::text, 4, '0'), name, kind::"AgencyKind"
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(name, kind, i)
       ON CONFLICT (id) DO NOTHING`,
      [agencies.map((a) => a.name), agencies.map((a) => a.kind)],
    )
    await client.query(
      `CREATE TEMP TABLE bench_agency ON COMMIT DROP AS
       SELECT i::int AS i, 'bench-a' || i AS id, kind, home
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(kind, home, i)`,
      [agencies.map((a) => a.kind), agencies.map((a) => a.home)],
    )

    const started = Date.now()
    // Positions: a third in central agencies (skewed towards the big ministries), the rest in
    // regional ones; jabatan × grade names; grade decides the accepted education levels.
    const gradeCum: number[] = []
    GRADES.reduce((sum, g) => (gradeCum.push(sum + g.weight), sum + g.weight), 0)
    await client.query(
      `CREATE TEMP TABLE bench_pos ON COMMIT DROP AS
       SELECT g,
              CASE WHEN r1 < 0.35 THEN 1 + floor(power(random(), 2) * $2)::int
                   ELSE $2 + 1 + floor(power(random(), 1.3) * ($3 - $2))::int END AS agency_i,
              1 + floor(random() * $4)::int AS jab,
              CASE WHEN r2 < $5 THEN 1 WHEN r2 < $6 THEN 2 WHEN r2 < $7 THEN 3 ELSE 4 END AS grade,
              1 + floor(random() * $8)::int AS unit_i,
              1 + floor(random() * $9)::int AS loc_i,
              random() AS r3
         FROM (SELECT g, random() AS r1, random() * 100 AS r2 FROM generate_series(1, $1) g) s`,
      [n, CENTRAL.length, agencies.length, JABATAN.length, gradeCum[0], gradeCum[1], gradeCum[2], UNITS.length, locations.length],
    )
    await client.query(
      `INSERT INTO "Position" (id, "periodId", "agencyId", code, name, unit, "educationLevels", "minGpa", "maxAge", "catWeight", "updatedAt")
       SELECT 'bench-p' || lpad(b.g::text, 6, '0'), $1, 'bench-a' || b.agency_i, 'JF-' || lpad(b.g::text, 6, '0'),
              ($2::text[])[b.jab] || ' ' || ($3::text[])[b.grade],
              ($4::text[])[b.unit_i],
              CASE b.grade WHEN 1 THEN ARRAY['S1','D4'] WHEN 2 THEN ARRAY['S1','S2'] WHEN 3 THEN ARRAY['D3'] ELSE ARRAY['SMA','D3'] END,
              CASE WHEN b.grade IN (1, 2) THEN 3.00 WHEN b.grade = 3 THEN 2.75 ELSE NULL END,
              CASE WHEN b.grade = 1 AND b.r3 < 0.1 THEN 40 ELSE NULL END,
              CASE WHEN b.r3 < 0.3 THEN 50 WHEN b.r3 < 0.5 THEN 70 ELSE 100 END,
              now()
         FROM bench_pos b
        ORDER BY b.g`,
      [periodId, [...JABATAN], GRADES.map((g) => g.name), UNITS],
    )
    log(`positions: ${Date.now() - started} ms`)

    // Vacancies: one UMUM per position, ~30 % also a special formasi type; a regional agency's in
    // its own area, a central agency's anywhere. A few positions and vacancies are withdrawn.
    await client.query(
      `INSERT INTO "Vacancy" (id, "positionId", "formasiTypeCode", location, count, "applicantCount", "isActive")
       SELECT 'bench-v' || lpad(b.g::text, 6, '0') || '-' || k, 'bench-p' || lpad(b.g::text, 6, '0'),
              CASE WHEN k = 1 THEN 'UMUM' ELSE ($2::text[])[1 + (b.g % array_length($2::text[], 1))] END,
              COALESCE(a.home, ($1::text[])[b.loc_i]),
              c, (c * floor(random() * 120))::int, random() > 0.005
         FROM bench_pos b
         JOIN bench_agency a ON a.i = b.agency_i
         CROSS JOIN LATERAL (SELECT k, 1 + floor(power(random(), 3) * 25)::int AS c FROM generate_series(1, CASE WHEN b.r3 > 0.70 THEN 2 ELSE 1 END) k) v
        ORDER BY b.g, k`,
      [locations, SPECIAL_TYPES],
    )
    await client.query(`UPDATE "Position" SET "isActive" = false WHERE id IN (SELECT 'bench-p' || lpad(g::text, 6, '0') FROM bench_pos WHERE r3 BETWEEN 0.4 AND 0.405)`)
    log(`vacancies: ${Date.now() - started} ms`)

    // Study programmes: 1–4 of the grade's level per position, chosen by jabatan (so a jabatan
    // recruits from a stable family of programmes), stepping to avoid duplicates.
    const byLevel = (level: string) => programmes.filter((p) => p.level === level).map((p) => p.code)
    await client.query(
      `INSERT INTO "PositionStudyProgram" ("positionId", "studyProgramCode")
       SELECT 'bench-p' || lpad(b.g::text, 6, '0'),
              CASE b.grade WHEN 1 THEN ($1::text[])[1 + (b.jab * 7 + k * 11) % array_length($1::text[], 1)]
                           WHEN 2 THEN ($2::text[])[1 + (b.jab + k) % array_length($2::text[], 1)]
                           WHEN 3 THEN ($3::text[])[1 + (b.jab * 3 + k * 5) % array_length($3::text[], 1)]
                           ELSE ($4::text[])[1 + (b.jab + k) % array_length($4::text[], 1)] END
         FROM bench_pos b CROSS JOIN LATERAL generate_series(0, (b.g % 4)) k
        ORDER BY b.g, k
       ON CONFLICT DO NOTHING`,
      [byLevel('S1'), byLevel('S2'), byLevel('D3'), byLevel('SMA')],
    )
    log(`study programmes: ${Date.now() - started} ms`)

    // The SSCASN default documents (domain.md §1 upload table) for every position.
    await client.query(
      `INSERT INTO "PositionDocument" (id, "positionId", code, label, format, "maxKb", "sortOrder")
       SELECT 'bench-d' || lpad(b.g::text, 6, '0') || '-' || d.i, 'bench-p' || lpad(b.g::text, 6, '0'), d.code, d.label, d.format::"DocumentFormat", d.kb, d.i
         FROM bench_pos b
         CROSS JOIN (VALUES (1, 'PAS_FOTO', 'Pas foto berlatar merah', 'JPG', 200), (2, 'KTP', 'KTP', 'JPG', 200),
                            (3, 'IJAZAH', 'Ijazah', 'PDF', 800), (4, 'TRANSKRIP', 'Transkrip nilai', 'PDF', 500),
                            (5, 'SURAT_LAMARAN', 'Surat lamaran', 'PDF', 300)) AS d(i, code, label, format, kb)
        ORDER BY b.g, d.i`,
    )
    log(`documents: ${Date.now() - started} ms`)
    // Additional SKB tests where the CAT weight is below 100 % (domain.md §5 example): 30 % of
    // positions have a psychological test (eliminating) and work practice, 20 % a psychological test.
    await client.query(
      `INSERT INTO "PositionSkbTest" (id, "positionId", type, weight, eliminating, criterion)
       SELECT 'bench-t' || lpad(b.g::text, 6, '0') || '-' || t.type, 'bench-p' || lpad(b.g::text, 6, '0'), t.type,
              CASE WHEN b.r3 < 0.3 THEN t.w50 ELSE 30 END, t.elim, t.crit
         FROM bench_pos b
         CROSS JOIN (VALUES ('PSIKOTES', 20, true, 'Memenuhi syarat (MS)'), ('PRAKTIK_KERJA', 30, false, NULL)) AS t(type, w50, elim, crit)
        WHERE b.r3 < 0.3 OR (b.r3 < 0.5 AND t.type = 'PSIKOTES')`,
    )
    log(`skb tests: ${Date.now() - started} ms`)
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
  // The steady state of a published formation: statistics current and the visibility map set (as
  // autovacuum leaves it), so index-only scans are possible.
  const started = Date.now()
  await client.query(`SET maintenance_work_mem = '256MB'`)
  await client.query('VACUUM ANALYZE')
  // …and written out, so the load that follows does not share the disk and CPU with a checkpoint
  // of the freshly loaded gigabyte (needs a superuser or pg_checkpoint; skipped otherwise).
  await client.query('CHECKPOINT').catch(() => {})
  log(`vacuum analyze, checkpoint: ${Date.now() - started} ms`)

  return benchCounts(client)
}

/** Row counts of the bench data set as it is in the database. */
export async function benchCounts(client: pg.Client): Promise<BenchCounts> {
  const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n)
  return {
    agencies: await count(`SELECT count(*) AS n FROM "Agency" WHERE id LIKE 'bench-%'`),
    locations: await count(`SELECT count(DISTINCT location) AS n FROM "Vacancy" WHERE id LIKE 'bench-%'`),
    studyProgrammes: await count(`SELECT count(DISTINCT "studyProgramCode") AS n FROM "PositionStudyProgram" WHERE "positionId" LIKE 'bench-%'`),
    jabatanNames: JABATAN.length,
    positions: await count(`SELECT count(*) AS n FROM "Position" WHERE "periodId" = 'bench-period'`),
    vacancies: await count(`SELECT count(*) AS n FROM "Vacancy" WHERE id LIKE 'bench-%'`),
    positionStudyProgrammes: await count(`SELECT count(*) AS n FROM "PositionStudyProgram" WHERE "positionId" LIKE 'bench-%'`),
    documents: await count(`SELECT count(*) AS n FROM "PositionDocument" WHERE id LIKE 'bench-%'`),
    skbTests: await count(`SELECT count(*) AS n FROM "PositionSkbTest" WHERE id LIKE 'bench-%'`),
  }
}
