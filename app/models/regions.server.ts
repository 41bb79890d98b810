import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import type { RegionLookup } from '~/domain/identity/nik'
import { parseCsv } from '~/utils/csv'

/**
 * Kemendagri region codes (provinces, regencies, districts) from the `idn-area-data` package
 * (ADR 011), read from its CSV files once per process and kept in memory (~7,800 rows, < 1 MB).
 * The package is upgraded when Kemendagri publishes a new list; NIKs issued before a split keep
 * their old codes, which `checkNik` accepts with a flag.
 */
export type Region = { code: string; name: string; parent: string | null }

export type RegionData = {
  lookup: RegionLookup
  provinces: ReadonlyMap<string, Region>
  regencies: ReadonlyMap<string, Region>
  districts: ReadonlyMap<string, Region>
}

let cached: RegionData | undefined

export function getRegions(): RegionData {
  cached ??= loadRegions(regionDataDir())
  return cached
}

/** The RegionLookup that `checkNik` / `checkKk` take. */
export function getRegionLookup(): RegionLookup {
  return getRegions().lookup
}

/** "Kabupaten Jayapura" / "Kota Bandung" for a regency code "PP.RR", or null when unknown. */
export function regionName(code: string): string | null {
  const { provinces, regencies, districts } = getRegions()
  return (provinces.get(code) ?? regencies.get(code) ?? districts.get(code))?.name ?? null
}

function regionDataDir() {
  const require = createRequire(import.meta.url)
  return path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data')
}

export function loadRegions(dir: string): RegionData {
  const read = (file: string, hasParent: boolean) => {
    const [header, ...rows] = parseCsv(fs.readFileSync(path.join(dir, file), 'utf8'))
    if (!header || header[0] !== 'code') throw new Error(`Unexpected header in ${file}: ${header?.join(',')}`)
    const map = new Map<string, Region>()
    for (const row of rows) {
      const [code, a, b] = row
      if (!code) continue
      map.set(code, hasParent ? { code, parent: a ?? null, name: b ?? '' } : { code, parent: null, name: a ?? '' })
    }
    return map
  }
  const provinces = read('provinces.csv', false)
  const regencies = read('regencies.csv', true)
  const districts = read('districts.csv', true)
  if (provinces.size < 30 || regencies.size < 400 || districts.size < 5000) {
    throw new Error(`Region data in ${dir} looks incomplete (${provinces.size}/${regencies.size}/${districts.size})`)
  }
  return {
    provinces,
    regencies,
    districts,
    lookup: {
      hasProvince: (code) => provinces.has(code),
      hasRegency: (code) => regencies.has(code),
      hasDistrict: (code) => districts.has(code),
    },
  }
}
