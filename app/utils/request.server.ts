import type { AuditActor } from '~/models/audit.server'

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The client's address as Express saw it (honouring TRUST_PROXY). */
    ip?: string
  }
}

export function clientIp(request: Request, context?: { ip?: string }): string | null {
  return context?.ip ?? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? null
}

export function actorFrom(
  request: Request,
  context: { ip?: string } | undefined,
  user: { id: string; primaryRole?: string | null } | null,
): AuditActor {
  return {
    actorId: user?.id ?? null,
    actorRole: user?.primaryRole ?? null,
    ip: clientIp(request, context),
    userAgent: request.headers.get('user-agent'),
  }
}

/** Only same-site paths are accepted as post-login destinations (no open redirect). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/dasbor') {
  if (!to || typeof to !== 'string') return fallback
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}
