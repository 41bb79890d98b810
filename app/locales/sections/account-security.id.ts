/** Bahasa Indonesia: CAPTCHA, security questions and the helpdesk password reset (domain.md §1 A.2, A.5). */
export const accountSecurityId = {
  captcha: {
    label: 'Verifikasi bahwa Anda bukan robot',
    verifying: 'Sedang memverifikasi…',
    verified: 'Terverifikasi',
    error: 'Verifikasi gagal. Muat ulang halaman lalu coba lagi.',
    expired: 'Verifikasi kedaluwarsa. Centang lagi.',
    hint: 'Verifikasi berjalan otomatis di perangkat Anda (beberapa detik); tombol kirim aktif setelah terverifikasi.',
    noScript: 'Verifikasi ini membutuhkan JavaScript. Aktifkan JavaScript di peramban Anda.',
    errors: {
      missing: 'Tunggu sampai verifikasi "bukan robot" selesai, lalu kirim lagi.',
      invalid: 'Verifikasi "bukan robot" tidak sah atau kedaluwarsa. Ulangi verifikasi lalu kirim lagi.',
      used: 'Verifikasi "bukan robot" ini sudah dipakai. Ulangi verifikasi lalu kirim lagi.',
    },
  },
  security: {
    legend: 'Pertanyaan keamanan',
    hint: 'Pilih dua pertanyaan berbeda. Jawabannya dipakai untuk mengatur ulang kata sandi bila Anda tidak dapat membuka surel. Huruf besar/kecil dan tanda baca tidak diperhitungkan.',
    question: 'Pertanyaan keamanan {{n}}',
    answer: 'Jawaban {{n}}',
    review: 'Pertanyaan keamanan: {{questions}}. Jawaban disimpan terenkripsi dan tidak ditampilkan.',
    questions: {
      motherMaidenName: 'Siapa nama gadis ibu kandung Anda?',
      firstSchool: 'Apa nama sekolah dasar Anda?',
      childhoodFriend: 'Siapa nama sahabat masa kecil Anda?',
      firstPet: 'Apa nama hewan peliharaan pertama Anda?',
      favouriteTeacher: 'Siapa nama guru favorit Anda?',
      birthVillage: 'Apa nama desa/kelurahan tempat Anda lahir?',
    },
    errors: {
      question: 'Pilih pertanyaan keamanan.',
      sameQuestion: 'Pilih pertanyaan yang berbeda dari pertanyaan pertama.',
      tooShort: 'Jawaban minimal 3 huruf atau angka.',
      tooLong: 'Jawaban paling panjang 60 karakter.',
      isPassword: 'Jawaban tidak boleh sama dengan kata sandi.',
    },
  },
  helpdesk: {
    title: 'Atur ulang kata sandi tanpa surel',
    intro:
      'Untuk pelamar yang tidak dapat membuka surel akunnya: isi NIK, nomor KK, tanggal lahir dan jawaban salah satu pertanyaan keamanan Anda, lalu buat kata sandi baru.',
    link: 'Tidak dapat membuka surel? Atur ulang dengan pertanyaan keamanan',
    nik: 'NIK',
    kk: 'Nomor KK (atau NIK kepala keluarga), seperti saat membuat akun',
    birthDate: 'Tanggal lahir',
    question: 'Pertanyaan keamanan',
    answer: 'Jawaban',
    password: 'Kata sandi baru',
    confirm: 'Ulangi kata sandi baru',
    submit: 'Atur ulang kata sandi',
    done: 'Kata sandi telah diganti dan semua sesi lama telah dikeluarkan. Silakan masuk dengan kata sandi baru.',
    errors: {
      mismatch: 'Data tidak cocok dengan akun mana pun, atau jawaban salah. Periksa kembali isian Anda.',
      locked: 'Terlalu banyak percobaan untuk NIK ini. Coba lagi setelah satu jam, atau hubungi helpdesk SSCASN.',
      rateLimited: 'Terlalu banyak percobaan dari jaringan Anda. Tunggu satu menit lalu coba lagi.',
    },
  },
} as const
