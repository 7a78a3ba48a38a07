import { ValueTransformer } from 'typeorm';

/** Reads PostgreSQL `bigint` (returned as string by pg) back as a JS number; epoch ms fit safely. */
export const bigintAsNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? v : Number(v)),
};
