import { z } from 'zod'

/** Shared field schemas. Messages are i18n keys, translated where they are shown. */
export const emailField = z
  .string({ error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .max(254, 'errors.invalidEmail')
  .email('errors.invalidEmail')

export const requiredText = (max = 200) =>
  z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(max)
