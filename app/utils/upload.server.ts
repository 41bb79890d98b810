import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node'
import { sniffFileType, type SniffedType } from '~/utils/storage.server'

/**
 * Multipart forms with files (SSCASN upload limits, domain.md §1). Each part is read into memory
 * up to `maxPartBytes` by Remix's memory upload handler; a larger part is not kept but read to its
 * end (up to `maxRequestBytes` for the whole request), so the other fields of the form still
 * arrive and the applicant sees every problem at once, with the limit named.
 */
export const KB = 1024

export type UploadProblem = 'upload.missing' | 'upload.empty' | 'upload.tooLarge' | 'upload.wrongType'

export type ParsedUpload = {
  formData: FormData
  /** Names of the file fields whose part was larger than allowed. */
  oversize: Set<string>
  /** The request as a whole was larger than maxRequestBytes: nothing was read. */
  requestTooLarge: boolean
}

export async function parseUploadForm(
  request: Request,
  opts: { maxPartBytes: number; maxRequestBytes: number },
): Promise<ParsedUpload> {
  const declared = Number(request.headers.get('Content-Length') ?? 0)
  if (declared > opts.maxRequestBytes) {
    return { formData: new FormData(), oversize: new Set(), requestTooLarge: true }
  }
  const oversize = new Set<string>()
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: opts.maxPartBytes })
  let drained = 0
  const handler: UploadHandler = async (part) => {
    // The memory handler stops reading when a part is too large; read the rest here, so the
    // parser can go on to the next part. `return` is disabled so its early exit keeps the stream.
    const source = part.data[Symbol.asyncIterator]()
    const shared: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => source.next(),
        return: async () => ({ done: true as const, value: undefined }),
      }),
    }
    try {
      return await memory({ ...part, data: shared })
    } catch (err) {
      if (!(err instanceof MaxPartSizeExceededError)) throw err
      oversize.add(part.name)
      for (let chunk = await source.next(); !chunk.done; chunk = await source.next()) {
        drained += chunk.value.byteLength
        if (drained > opts.maxRequestBytes) throw new RequestTooLargeError()
      }
      return undefined
    }
  }
  try {
    const formData = await unstable_parseMultipartFormData(request, handler)
    return { formData, oversize, requestTooLarge: false }
  } catch (err) {
    if (err instanceof RequestTooLargeError) return { formData: new FormData(), oversize, requestTooLarge: true }
    throw err
  }
}

class RequestTooLargeError extends Error {}

export type UploadCheck =
  | { ok: true; bytes: Buffer; type: SniffedType; fileName: string }
  | { ok: false; problem: UploadProblem; maxKb: number; format: SniffedType }

/**
 * Checks one uploaded file against its rule: present, not empty, within the size limit, and of
 * the required type as its bytes show.
 */
export async function checkUpload(
  upload: ParsedUpload,
  field: string,
  rule: { format: SniffedType; maxBytes: number },
): Promise<UploadCheck> {
  const fail = (problem: UploadProblem): UploadCheck => ({
    ok: false,
    problem,
    maxKb: Math.floor(rule.maxBytes / KB),
    format: rule.format,
  })
  if (upload.oversize.has(field)) return fail('upload.tooLarge')
  const value = upload.formData.get(field)
  // A file input left empty still sends a part, with no file name and no bytes.
  if (!value || typeof value === 'string' || (value.size === 0 && !value.name)) return fail('upload.missing')
  if (value.size === 0) return fail('upload.empty')
  if (value.size > rule.maxBytes) return fail('upload.tooLarge')
  const bytes = Buffer.from(await value.arrayBuffer())
  if (sniffFileType(bytes) !== rule.format) return fail('upload.wrongType')
  return { ok: true, bytes, type: rule.format, fileName: value.name }
}
