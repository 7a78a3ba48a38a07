import { basename, join } from 'node:path';

/** Port of the e2e API; another value (WISP_E2E_PORT) gives a whole separate stack, so two checkouts can test at once. */
const port = Number(process.env.WISP_E2E_PORT ?? 3299);
const suffix = port === 3299 ? '' : `-${port}`;

/** Where the e2e stack listens and stores; derived from the port so every test file and the setup agree. */
export const E2E = {
  port,
  apihost: `http://127.0.0.1:${port}`,
  /** The e2e invoker's metrics and health port. */
  invokerMetricsPort: port + 2000,
  databaseUrl: `postgres://postgres@127.0.0.1:5432/wisp_e2e${suffix.replace('-', '_')}`,
  /** A vhost of its own, so no other Wisp stack on this broker trades work with this one. */
  vhost: `wisp-e2e${suffix}`,
  invokerId: `e2e-invoker0${suffix}`,
  controllerId: `e2e-controller${suffix}`,
  containerDir: `/tmp/wisp-e2e${suffix}/containers`,
  stateFile: `/tmp/wisp-e2e${suffix}/state.json`,
  /** WISP_STATE_DIR of the stack: its generated secret key file. */
  stateDir: `/tmp/wisp-e2e${suffix}/state`,
  logDir: `/tmp/wisp-e2e${suffix}/logs`,
  // test/support, or dist/test/support when compiled (`npm run chaos`)
  repoRoot: join(__dirname, '..', '..', ...(basename(join(__dirname, '..', '..')) === 'dist' ? ['..'] : [])),
} as const;

/** OpenWhisk's well-known dev keys (seeded in the e2e stack). */
export const GUEST_KEY = '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';
export const WHISK_SYSTEM_KEY = '789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';
