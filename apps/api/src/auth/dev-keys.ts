/** OpenWhisk's well-known development keys; seeded only when WISP_SEED_DEV_KEYS is on. */
export const DEV_KEYS = [
  { namespace: 'guest', key: '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP' },
  { namespace: 'whisk.system', key: '789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP' },
] as const;
