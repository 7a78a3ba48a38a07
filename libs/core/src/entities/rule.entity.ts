import { Column, Entity, Index, Unique } from 'typeorm';
import { BaseAssetEntity } from './base-asset.entity';

/** Rule status as OpenWhisk names it. */
export type RuleStatus = 'active' | 'inactive';

/** Links a trigger to an action. */
@Entity('rules')
@Unique('rules_ns_name', ['namespace', 'name'])
export class RuleEntity extends BaseAssetEntity {
  /** `ns/name` of the trigger. */
  @Index()
  @Column({ name: 'trigger_path', type: 'text' })
  triggerPath: string;

  /** `ns/[pkg/]name` of the action. */
  @Column({ name: 'action_path', type: 'text' })
  actionPath: string;

  @Column({ type: 'text', default: 'active' })
  status: RuleStatus;
}
