import { join } from 'node:path';

/** Where the e2e stack listens and stores; fixed so every test file and the setup agree without shared state. */
export const E2E = {
  port: 3299,
  get apihost() {
    return `http://127.0.0.1:${this.port}`;
  },
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/wisp_e2e',
  /** A vhost of its own, so no other Wisp stack on this broker trades work with this one. */
  vhost: 'wisp-e2e',
  invokerId: 'e2e-invoker0',
  controllerId: 'e2e-controller',
  containerDir: '/tmp/wisp-e2e/containers',
  stateFile: '/tmp/wisp-e2e/state.json',
  logDir: '/tmp/wisp-e2e/logs',
  repoRoot: join(__dirname, '..', '..'),
} as const;

/** OpenWhisk's well-known dev keys (seeded in the e2e stack). */
export const GUEST_KEY = '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';
export const WHISK_SYSTEM_KEY = '789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';
