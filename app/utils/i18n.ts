import i18next, { type i18n } from 'i18next'
import { id } from '~/locales/id'
import { en } from '~/locales/en'

/** ADR 006: i18next with the dictionaries bundled, Bahasa Indonesia first, English by toggle. */
export const LOCALES = ['id', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'id'

export function isLocale(value: unknown): value is Locale {
  return LOCALES.includes(value as Locale)
}

const instances = new Map<Locale, i18n>()

/**
 * A synchronously initialised instance (resources are in the bundle), the same on server and
 * browser. One per language, shared by every request: the language of an instance never changes.
 */
export function createI18n(locale: Locale): i18n {
  const cached = instances.get(locale)
  if (cached) return cached
  const instance = i18next.createInstance()
  instances.set(locale, instance)
  void instance.init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    resources: { id: { translation: id }, en: { translation: en } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  })
  return instance
}

/** Reads the language cookie set by the toggle. */
export function localeFromCookie(cookieHeader: string | null): Locale {
  const match = /(?:^|;\s*)lng=(id|en)\b/.exec(cookieHeader ?? '')
  return (match?.[1] as Locale | undefined) ?? DEFAULT_LOCALE
}
