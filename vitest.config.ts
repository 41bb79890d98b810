import path from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = { '~': path.resolve(__dirname, 'app') }

export default defineConfig({
  resolve: { alias },
  test: {
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['app/**/*.test.{ts,tsx}', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          globals: true,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globals: true,
          globalSetup: ['tests/setup/global-setup.ts'],
          setupFiles: ['tests/setup/per-file-database.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
    ],
  },
})
