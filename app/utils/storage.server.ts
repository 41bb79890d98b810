import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { remember } from '@epic-web/remember'
import { prisma, type Tx } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

/**
 * Uploaded files, stored by content (SHA-256 of the bytes): the same photo uploaded twice is
 * stored once, a stored file can never change under its name, and an audit row that names a
 * hash names exactly those bytes. Metadata lives in StoredFile; the bytes live in a BlobStore —
 * the local folder `${DATA_DIR}/files/ab/cd/<hash>` today; an S3-compatible store later
 * implements the same three methods (ADR 011).
 */
export interface BlobStore {
  /** Writes the bytes under their hash, atomically; writing an existing hash is a no-op. */
  put(hash: string, bytes: Uint8Array): Promise<void>
  get(hash: string): Promise<Buffer | null>
  has(hash: string): Promise<boolean>
}

export type SniffedType = 'JPG' | 'PDF' | 'PNG'

export const MIME_TYPES: Record<SniffedType, string> = {
  JPG: 'image/jpeg',
  PDF: 'application/pdf',
  PNG: 'image/png',
}

/** The real type from the first bytes (magic numbers) — never the file name or the browser's claim. */
export function sniffFileType(bytes: Uint8Array): SniffedType | null {
  const starts = (...sig: number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b)
  if (starts(0xff, 0xd8, 0xff)) return 'JPG'
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'PDF' // "%PDF-"
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'PNG'
  return null
}

export function contentHash(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex')
}

const HASH = /^[0-9a-f]{64}$/

export function isContentHash(value: string): boolean {
  return HASH.test(value)
}

export function localBlobStore(root: string): BlobStore {
  const fileOf = (hash: string) => {
    if (!HASH.test(hash)) throw new Error(`Not a content hash: ${hash.slice(0, 80)}`)
    return path.join(root, hash.slice(0, 2), hash.slice(2, 4), hash)
  }
  return {
    async put(hash, bytes) {
      const target = fileOf(hash)
      if (await exists(target)) return
      await fs.mkdir(path.dirname(target), { recursive: true })
      // Write beside the target and rename: readers see the whole file or none of it, and two
      // processes writing the same hash both end with the same complete file.
      const temp = `${target}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`
      const handle = await fs.open(temp, 'wx', 0o640)
      try {
        await handle.writeFile(bytes)
        await handle.sync()
      } finally {
        await handle.close()
      }
      try {
        await fs.rename(temp, target)
      } catch (err) {
        await fs.rm(temp, { force: true })
        throw err
      }
    },
    async get(hash) {
      try {
        return await fs.readFile(fileOf(hash))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw err
      }
    },
    async has(hash) {
      return exists(fileOf(hash))
    },
  }
}

async function exists(file: string) {
  try {
    await fs.access(file)
    return true
  } catch {
    return false
  }
}

const stores = remember('blob-stores', () => new Map<string, BlobStore>())

export function getBlobStore(): BlobStore {
  const root = path.resolve(getEnv().DATA_DIR, 'files')
  let store = stores.get(root)
  if (!store) {
    store = localBlobStore(root)
    stores.set(root, store)
  }
  return store
}

/**
 * Writes the bytes only. Callers that create the StoredFile row inside their own transaction
 * (together with the record that refers to it) use this, then `recordStoredFile(tx, …)`; bytes
 * whose transaction never commits stay unreferenced and harm nothing.
 */
export async function putBytes(bytes: Uint8Array): Promise<{ hash: string; size: number }> {
  const hash = contentHash(bytes)
  await getBlobStore().put(hash, bytes)
  return { hash, size: bytes.byteLength }
}

/** Records a file's metadata; recording the same hash again changes nothing. */
export async function recordStoredFile(db: Pick<Tx, 'storedFile'>, file: { hash: string; size: number; mime: string }) {
  await recordStoredFiles(db, [file])
}

/** Records several files in one statement (the account's KTP and selfie). */
export async function recordStoredFiles(db: Pick<Tx, 'storedFile'>, files: { hash: string; size: number; mime: string }[]) {
  await db.storedFile.createMany({ data: files, skipDuplicates: true })
}

/** Stores the bytes and records them; returns the content hash. */
export async function storeFile(bytes: Uint8Array, mime: string): Promise<string> {
  const { hash, size } = await putBytes(bytes)
  await prisma.storedFile.createMany({ data: [{ hash, size, mime }], skipDuplicates: true })
  return hash
}

/** The bytes and metadata of a recorded file, or null when the hash is unknown. */
export async function readStoredFile(hash: string): Promise<{ bytes: Buffer; mime: string; size: number } | null> {
  if (!HASH.test(hash)) return null
  const meta = await prisma.storedFile.findUnique({ where: { hash } })
  if (!meta) return null
  const bytes = await getBlobStore().get(hash)
  if (!bytes) return null
  return { bytes, mime: meta.mime, size: meta.size }
}
