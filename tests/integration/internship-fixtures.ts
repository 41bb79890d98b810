import type { UploadedDocument } from '~/models/internship.server'

/** The smallest files the type sniffing accepts as PDF and JPG (real magic bytes, ADR 010). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
export const JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)

/** A complete internship application's documents: CV, transcript, KTP, SR and SPTJM (ADR 019). */
export const INTERNSHIP_DOCS: UploadedDocument[] = (['CV', 'TRANSCRIPT', 'KTP', 'SR', 'SPTJM'] as const).map((kind) => ({
  kind,
  bytes: kind === 'KTP' ? JPG : PDF,
  type: kind === 'KTP' ? 'JPG' : 'PDF',
  fileName: `${kind}.${kind === 'KTP' ? 'jpg' : 'pdf'}`,
}))
