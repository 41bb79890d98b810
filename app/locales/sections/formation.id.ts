/** Bahasa Indonesia strings of the formation pages (keys are added by the feature). */
export const formationId = {
  title: '',
} as const
