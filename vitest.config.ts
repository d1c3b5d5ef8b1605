import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['native-free-decoders/**/*.test.ts', 'src/**/*.test.ts', 'tests/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
