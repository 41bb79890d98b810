import { GeneralErrorBoundary } from '~/components/error-boundary'

/** Catch-all: unknown URLs get the portal's 404 page, not Remix's default. */
export async function loader() {
  throw new Response('Not found', { status: 404, statusText: 'Not Found' })
}

export default function NotFound() {
  return <GeneralErrorBoundary />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
