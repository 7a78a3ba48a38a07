import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';
import type { KeyValue } from '../params';

/** The stored response of an activation (OpenWhisk's internal form, with `statusCode`). */
export interface ActivationResponse {
  /** 0 success, 1 application error, 2 action developer error, 3 whisk internal error. */
  statusCode: 0 | 1 | 2 | 3;
  result?: unknown;
  /** JSON size of the result, bytes. */
  size?: number;
}

/** The record every run leaves behind; the table is partitioned by `start` (see the activation-partitions migration). */
@Entity('activations')
@Index('activations_ns_start', ['namespace', 'start'])
@Index('activations_ns_name_start', ['namespace', 'entityName', 'start'])
export class ActivationEntity {
  @PrimaryColumn({ name: 'activation_id', type: 'char', length: 32 })
  activationId: string;

  /** Namespace the record is listed in (the caller's). */
  @Column({ type: 'text' })
  namespace: string;

  /** Simple name of the action or trigger. */
  @Column({ type: 'text' })
  name: string;

  /** `name` or `pkg/name`, what the `name` list filter matches. */
  @Column({ name: 'entity_name', type: 'text' })
  entityName: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'text' })
  subject: string;

  /** Epoch ms; the partition key of `activations`, hence part of its primary key. */
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  start: number;

  /** 0 for trigger activations (no end). */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  end: number;

  /** ms; end - start for atomic actions, the sum of components for sequences; null when there is no end. */
  @Column({ type: 'integer', nullable: true })
  duration: number | null;

  @Index()
  @Column({ type: 'char', length: 32, nullable: true })
  cause: string | null;

  @Column({ name: 'status_code', type: 'smallint' })
  statusCode: number;

  @Column({ type: 'jsonb' })
  response: ActivationResponse;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  logs: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  annotations: KeyValue[];

  @Column({ type: 'boolean', default: false })
  publish: boolean;
}
