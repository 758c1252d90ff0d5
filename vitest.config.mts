import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Integration tests spawn servers and editors; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});
