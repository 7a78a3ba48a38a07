import { MigrationInterface, QueryRunner } from 'typeorm';

/** Namespaces, keys, the four asset tables, activations and feed subscriptions. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE namespaces (
      name text PRIMARY KEY,
      limits jsonb NOT NULL DEFAULT '{}',
      created_at bigint NOT NULL)`);
    await q.query(`CREATE TABLE subjects (
      uuid uuid PRIMARY KEY,
      key_hash text NOT NULL,
      subject text NOT NULL,
      namespace text NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
      revoked boolean NOT NULL DEFAULT false,
      created_at bigint NOT NULL)`);
    await q.query(`CREATE INDEX subjects_namespace ON subjects(namespace)`);
    const asset = `id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      namespace text NOT NULL,
      name text NOT NULL,
      version text NOT NULL DEFAULT '0.0.1',
      publish boolean NOT NULL DEFAULT false,
      annotations jsonb NOT NULL DEFAULT '[]',
      updated bigint NOT NULL,
      revision integer NOT NULL DEFAULT 1`;
    await q.query(`CREATE TABLE actions (${asset},
      package text NOT NULL DEFAULT '',
      exec jsonb NOT NULL,
      parameters jsonb NOT NULL DEFAULT '[]',
      limits jsonb NOT NULL,
      CONSTRAINT actions_ns_pkg_name UNIQUE (namespace, package, name))`);
    await q.query(`CREATE INDEX actions_ns_updated ON actions(namespace, updated DESC)`);
    await q.query(`CREATE TABLE packages (${asset},
      binding jsonb,
      parameters jsonb NOT NULL DEFAULT '[]',
      CONSTRAINT packages_ns_name UNIQUE (namespace, name))`);
    await q.query(`CREATE TABLE triggers (${asset},
      parameters jsonb NOT NULL DEFAULT '[]',
      limits jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT triggers_ns_name UNIQUE (namespace, name))`);
    await q.query(`CREATE TABLE rules (${asset},
      trigger_path text NOT NULL,
      action_path text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
      CONSTRAINT rules_ns_name UNIQUE (namespace, name))`);
    await q.query(`CREATE INDEX rules_trigger_path ON rules(trigger_path)`);
    await q.query(`CREATE TABLE activations (
      activation_id char(32) PRIMARY KEY,
      namespace text NOT NULL,
      name text NOT NULL,
      entity_name text NOT NULL,
      version text NOT NULL,
      subject text NOT NULL,
      start bigint NOT NULL,
      "end" bigint NOT NULL,
      duration integer,
      cause char(32),
      status_code smallint NOT NULL,
      response jsonb NOT NULL,
      logs jsonb NOT NULL DEFAULT '[]',
      annotations jsonb NOT NULL DEFAULT '[]',
      publish boolean NOT NULL DEFAULT false)`);
    await q.query(`CREATE INDEX activations_ns_start ON activations(namespace, start DESC)`);
    await q.query(`CREATE INDEX activations_ns_name_start ON activations(namespace, entity_name, start DESC)`);
    await q.query(`CREATE INDEX activations_cause ON activations(cause) WHERE cause IS NOT NULL`);
    await q.query(`CREATE TABLE feed_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trigger_namespace text NOT NULL,
      trigger_name text NOT NULL,
      kind text NOT NULL,
      config jsonb NOT NULL,
      status jsonb NOT NULL,
      owner_uuid uuid NOT NULL,
      lease_owner text,
      lease_expires bigint,
      updated bigint NOT NULL,
      CONSTRAINT feed_subscriptions_trigger UNIQUE (trigger_namespace, trigger_name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['feed_subscriptions', 'activations', 'rules', 'triggers', 'packages', 'actions', 'subjects', 'namespaces']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
