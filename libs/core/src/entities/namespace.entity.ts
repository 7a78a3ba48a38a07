import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';
import type { NamespaceThrottles } from '../limits';

/** A namespace: the unit of ownership, throttling and isolation. */
@Entity('namespaces')
export class NamespaceEntity {
  @PrimaryColumn({ type: 'text' })
  name: string;

  /** Per-namespace throttle overrides; absent fields use the configured defaults. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  limits: Partial<NamespaceThrottles>;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
