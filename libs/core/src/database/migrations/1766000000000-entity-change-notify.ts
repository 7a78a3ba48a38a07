import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['actions', 'packages', 'triggers', 'rules'];

/** Every change to an entity table notifies `wisp_entity_change`, so every controller drops its entity cache. */
export class EntityChangeNotify1766000000000 implements MigrationInterface {
  name = 'EntityChangeNotify1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION wisp_notify_entity_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('wisp_entity_change', TG_TABLE_NAME); RETURN NULL; END $$`);
    for (const t of TABLES) {
      await q.query(`CREATE TRIGGER ${t}_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t}
        FOR EACH STATEMENT EXECUTE FUNCTION wisp_notify_entity_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`DROP TRIGGER IF EXISTS ${t}_notify_change ON ${t}`);
    await q.query(`DROP FUNCTION IF EXISTS wisp_notify_entity_change()`);
  }
}
