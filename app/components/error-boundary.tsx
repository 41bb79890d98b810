import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** One error page for every route (Epic Stack `GeneralErrorBoundary`). */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  let title = t('errors.generic')
  let body: string | null = null
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t('errors.notFoundTitle')
      body = t('errors.notFound')
    } else if (error.status === 403) {
      title = t('errors.forbiddenTitle')
      body = t('errors.forbidden')
    } else if (error.status === 503 && typeof error.data === 'string') {
      // Refused under overload (server/admission.ts): the server's message says when to retry.
      title = t('overload.title')
      body = error.data
    } else {
      title = `${error.status} ${error.statusText}`
      body = typeof error.data === 'string' ? error.data : null
    }
  } else if (typeof document !== 'undefined') {
    console.error(error)
  }
  return (
    <div className="narrow">
      <h1>{title}</h1>
      {body ? <p>{body}</p> : null}
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </div>
  )
}
