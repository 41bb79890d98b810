/** Bahasa Indonesia strings of the period pages (keys are added by the feature). */
export const periodId = {
  title: '',
} as const
