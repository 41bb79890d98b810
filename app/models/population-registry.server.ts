import { prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import {
  compareWithResident,
  parseIsoDate,
  type RegistryAnswer,
} from '~/domain/identity/registration'

/**
 * The population registry (Dukcapil) behind one small interface (ADR 011). The national service
 * cannot run on this machine, so there are two implementations: HTTP (DUKCAPIL_URL +
 * DUKCAPIL_API_KEY) and a local one reading the PopulationRecord table, which the demo data fills
 * from prisma/demo/penduduk.csv.
 */
export type RegistryLookup = {
  nik: string
  kk: string
  name: string
  /** YYYY-MM-DD */
  birthDate: string
}

export interface PopulationRegistry {
  readonly kind: 'local' | 'http'
  lookup(query: RegistryLookup): Promise<RegistryAnswer>
}

/** The registry could not answer (down, slow, refused our key, or answered nonsense). */
export class RegistryUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'RegistryUnavailableError'
  }
}

export function localPopulationRegistry(): PopulationRegistry {
  return {
    kind: 'local',
    async lookup(query) {
      const birthDate = parseIsoDate(query.birthDate)
      if (!birthDate) return 'MISMATCH'
      const row = await prisma.populationRecord.findUnique({ where: { nik: query.nik } })
      const head =
        row && row.kk !== query.kk
          ? await prisma.populationRecord.findFirst({ where: { kk: row.kk, familyHead: true }, select: { nik: true } })
          : null
      const record = row
        ? {
            nik: row.nik,
            kk: row.kk,
            name: row.name,
            birthDate: parseIsoDate(row.birthDate.toISOString().slice(0, 10))!,
            familyHeadNik: head?.nik ?? null,
          }
        : null
      return compareWithResident(record, { ...query, birthDate })
    },
  }
}

const ANSWERS: readonly RegistryAnswer[] = ['MATCH', 'MATCH_FAMILY_HEAD', 'NOT_FOUND', 'MISMATCH']

/**
 * POST {nik, kk, name, birthDate} as JSON to `url` with `Authorization: Bearer <apiKey>`;
 * the service answers 200 with {"result": "MATCH" | "MATCH_FAMILY_HEAD" | "NOT_FOUND" | "MISMATCH"}
 * (MATCH_FAMILY_HEAD: the `kk` sent was the family head's NIK). Anything else —
 * no connection, no answer within `timeoutMs`, another status or body — is a
 * RegistryUnavailableError, never a guess.
 */
export function httpPopulationRegistry(opts: { url: string; apiKey?: string; timeoutMs?: number }): PopulationRegistry {
  const timeoutMs = opts.timeoutMs ?? 5_000
  const host = safeHost(opts.url)
  return {
    kind: 'http',
    async lookup(query) {
      let response: Response
      try {
        response = await fetch(opts.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json',
            ...(opts.apiKey ? { Authorization: `Bearer ${opts.apiKey}` } : {}),
          },
          body: JSON.stringify({
            nik: query.nik,
            kk: query.kk,
            name: query.name,
            birthDate: query.birthDate,
          }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        })
      } catch (err) {
        const timedOut = err instanceof DOMException && err.name === 'TimeoutError'
        throw new RegistryUnavailableError(
          timedOut
            ? `Population registry at ${host} did not answer within ${timeoutMs} ms`
            : `Population registry at ${host} is unreachable: ${describe(err)}`,
          { cause: err },
        )
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {})
        throw new RegistryUnavailableError(`Population registry at ${host} answered HTTP ${response.status}`)
      }
      let body: unknown
      try {
        body = await response.json()
      } catch (err) {
        throw new RegistryUnavailableError(`Population registry at ${host} sent a body that is not JSON`, { cause: err })
      }
      const result = (body as { result?: unknown } | null)?.result
      if (!ANSWERS.includes(result as RegistryAnswer)) {
        throw new RegistryUnavailableError(`Population registry at ${host} sent an unknown answer: ${JSON.stringify(result)}`)
      }
      return result as RegistryAnswer
    },
  }
}

/** DUKCAPIL_URL set → HTTP, otherwise the local table. */
export function getPopulationRegistry(): PopulationRegistry {
  const env = getEnv()
  return env.DUKCAPIL_URL
    ? httpPopulationRegistry({ url: env.DUKCAPIL_URL, apiKey: env.DUKCAPIL_API_KEY })
    : localPopulationRegistry()
}

function safeHost(url: string) {
  try {
    return new URL(url).host
  } catch {
    return 'DUKCAPIL_URL'
  }
}

function describe(err: unknown) {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))
}
