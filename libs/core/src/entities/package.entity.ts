import { Column, Entity, Unique } from 'typeorm';
import { BaseAssetEntity } from './base-asset.entity';
import type { KeyValue } from '../params';

/** The package a binding points to. */
export interface BindingRef {
  namespace: string;
  name: string;
}

/** A package, or a binding when `binding` is set. */
@Entity('packages')
@Unique('packages_ns_name', ['namespace', 'name'])
export class PackageEntity extends BaseAssetEntity {
  @Column({ type: 'jsonb', nullable: true })
  binding: BindingRef | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  parameters: KeyValue[];
}
