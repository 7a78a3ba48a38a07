import { Column, Entity, Unique } from 'typeorm';
import { BaseAssetEntity } from './base-asset.entity';
import type { ActionLimits } from '../limits';
import type { KeyValue } from '../params';

/** What an action runs. */
export interface ActionExec {
  /** A kind of the runtimes manifest (`nodejs:20`, `python:3`), `blackbox` or `sequence`. */
  kind: string;
  /** Source text or base64 zip (code kinds, optional for blackbox). */
  code?: string;
  /** Name of the entry function. */
  main?: string;
  /** True when `code` is a base64 zip. */
  binary?: boolean;
  /** Docker image (blackbox). */
  image?: string;
  /** Fully qualified component names (sequence). */
  components?: string[];
}

/** An action; `package` is '' at namespace top level. */
@Entity('actions')
@Unique('actions_ns_pkg_name', ['namespace', 'package', 'name'])
export class ActionEntity extends BaseAssetEntity {
  @Column({ type: 'text', default: '' })
  package: string;

  @Column({ type: 'jsonb' })
  exec: ActionExec;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  parameters: KeyValue[];

  @Column({ type: 'jsonb' })
  limits: ActionLimits;
}
