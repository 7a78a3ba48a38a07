import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/** An API key (`uuid:secret`); the secret is stored only as a SHA-256 hash. */
@Entity('subjects')
export class SubjectEntity {
  /** The key's public half. */
  @PrimaryColumn({ type: 'uuid' })
  uuid: string;

  /** Hex SHA-256 of the secret half. */
  @Column({ name: 'key_hash', type: 'text' })
  keyHash: string;

  /** Subject (user) name; OpenWhisk shows it as an activation's `subject`. */
  @Column({ type: 'text' })
  subject: string;

  @Index()
  @Column({ type: 'text' })
  namespace: string;

  @Column({ type: 'boolean', default: false })
  revoked: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
