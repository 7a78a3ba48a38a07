import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';
import type { ActivationResponse } from './activation.entity';

/** An event a rule could not deliver within its retries. */
@Entity('dead_letters')
export class DeadLetterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  namespace: string;

  /** `ns/rule`. */
  @Column({ type: 'text' })
  rule: string;

  /** `ns/trigger`. */
  @Column({ type: 'text' })
  trigger: string;

  /** `ns/[pkg/]action`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'trigger_activation_id', type: 'char', length: 32 })
  triggerActivationId: string;

  /** Activation ids of every attempt, first to last. */
  @Column({ type: 'jsonb' })
  attempts: string[];

  @Column({ name: 'last_response', type: 'jsonb', nullable: true })
  lastResponse: ActivationResponse | null;

  /** The arguments the action was given. */
  @Column({ type: 'jsonb' })
  event: Record<string, unknown>;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  created: number;
}
