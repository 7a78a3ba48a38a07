import { Column, Entity, Unique } from 'typeorm';
import { BaseAssetEntity } from './base-asset.entity';
import type { KeyValue } from '../params';

/** A named event channel. Its rules live in the rules table and are joined in on read. */
@Entity('triggers')
@Unique('triggers_ns_name', ['namespace', 'name'])
export class TriggerEntity extends BaseAssetEntity {
  @Column({ type: 'jsonb', default: () => "'[]'" })
  parameters: KeyValue[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  limits: Record<string, unknown>;
}
