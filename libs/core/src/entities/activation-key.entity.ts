import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/**
 * A key minted for one activation of an action annotated `provide-api-key` (`uuid:secret`, secret stored as a SHA-256
 * hash like {@link SubjectEntity}'s). It acts in its namespace until `expiresAt`; the row is deleted, and the key dead,
 * as soon as the activation's completion reaches the controller that minted it.
 */
@Entity('activation_keys')
export class ActivationKeyEntity {
  /** The key's public half. */
  @PrimaryColumn({ type: 'uuid' })
  uuid: string;

  /** Hex SHA-256 of the secret half. */
  @Column({ name: 'key_hash', type: 'text' })
  keyHash: string;

  /** Namespace the key acts in (the invoking subject's own). */
  @Column({ type: 'text' })
  namespace: string;

  /** Subject that invoked the activation. */
  @Column({ type: 'text' })
  subject: string;

  /** The activation the key was minted for. */
  @Index()
  @Column({ name: 'activation_id', type: 'varchar', length: 32 })
  activationId: string;

  /** Epoch ms after which the key no longer authenticates (the action's timeout plus a grace). */
  @Index()
  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintAsNumber })
  expiresAt: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
