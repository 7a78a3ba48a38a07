import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/** Whether a subscription delivers, and why not. */
export interface SubscriptionStatus {
  active: boolean;
  reason?: string;
  changedAt: number;
}

/** A feed bound to a trigger; leased to exactly one feed runner at a time. */
@Entity('feed_subscriptions')
@Unique('feed_subscriptions_trigger', ['triggerNamespace', 'triggerName'])
export class FeedSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'trigger_namespace', type: 'text' })
  triggerNamespace: string;

  @Column({ name: 'trigger_name', type: 'text' })
  triggerName: string;

  /** Provider kind (alarm, github, mqtt, postgres…). */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'jsonb' })
  config: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  status: SubscriptionStatus;

  /** Subject uuid the subscription fires as. */
  @Column({ name: 'owner_uuid', type: 'uuid' })
  ownerUuid: string;

  @Column({ name: 'lease_owner', type: 'text', nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_expires', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  leaseExpires: number | null;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  updated: number;
}
