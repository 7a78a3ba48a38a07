import { Column, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';
import type { KeyValue } from '../params';

/** Fields every OpenWhisk asset (action, package, trigger, rule) carries. */
export abstract class BaseAssetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  namespace: string;

  @Column({ type: 'text' })
  name: string;

  /** SemVer string; bumped on every update unless the caller sets it. */
  @Column({ type: 'text', default: '0.0.1' })
  version: string;

  @Column({ type: 'boolean', default: false })
  publish: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  annotations: KeyValue[];

  /** Last change, epoch ms. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  updated: number;

  /** Monotonic revision: optimistic concurrency and the warm-container key. */
  @VersionColumn({ type: 'integer' })
  revision: number;
}
