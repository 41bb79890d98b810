import { z } from 'zod'
import { checkPassword } from '~/domain/identity/password-policy'

/** New password + confirmation, checked by the same rule in the browser and on the server. */
export function newPasswordSchema(email: string, withName: boolean) {
  return z
    .object({
      token: z.string().optional(),
      name: withName ? z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(120) : z.string().optional(),
      password: z.string({ error: 'errors.required' }),
      confirm: z.string({ error: 'errors.required' }),
    })
    .superRefine((value, ctx) => {
      const problem = checkPassword(value.password, email)
      if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem })
      if (value.password !== value.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'reset.mismatch' })
    })
}
