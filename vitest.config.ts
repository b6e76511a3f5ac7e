import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import viteConfig from './vite.config.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/support/chromium.ts';
import { churnPeer } from './tests/support/peer-commands.ts';

const chromiumLaunch = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };

const browser = {
  enabled: true,
  headless: true,
  provider: playwright({ launchOptions: chromiumLaunch }),
  instances: [{ browser: 'chromium' as const }],
  screenshotFailures: false,
};

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      testTimeout: 60_000,
      hookTimeout: 120_000,
      projects: [
        {
          extends: true,
          test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.ts'] },
        },
        {
          extends: true,
          test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], browser },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['tests/e2e/**/*.test.ts'],
            fileParallelism: false,
            testTimeout: 300_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'bench',
            include: ['tests/bench/**/*.bench.test.ts'],
            exclude: [
              ...configDefaults.exclude,
              'tests/bench/**/*.app.bench.test.ts',
              'tests/bench/**/*.node.bench.test.ts',
            ],
            // Peers run in the Node process, timed in the same run as the browser bench.
            browser: { ...browser, commands: { churnPeer } },
            testTimeout: 600_000,
          },
        },
        {
          extends: true,
          test: {
            // Benchmarks that drive the built app (vite preview) with playwright-core.
            name: 'bench-app',
            environment: 'node',
            include: ['tests/bench/**/*.app.bench.test.ts'],
            fileParallelism: false,
            testTimeout: 900_000,
          },
        },
        {
          extends: true,
          test: {
            // Benchmarks of the core in Node (wasm backend) beside Python peers.
            name: 'bench-node',
            environment: 'node',
            include: ['tests/bench/**/*.node.bench.test.ts'],
            fileParallelism: false,
            testTimeout: 900_000,
          },
        },
      ],
    },
  }),
);
