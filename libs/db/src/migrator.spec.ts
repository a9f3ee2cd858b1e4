import { scratchTarget } from '../../../test/support/test-database';
import { openDatabase } from './database';
import { applyMigrations, readMigrations } from './migrator';

describe('migrator', () => {
  it('applies every migration once, records it like prisma migrate deploy, and is idempotent', async () => {
    const scratch = await scratchTarget();
    const db = await openDatabase(scratch.target);
    try {
      const files = readMigrations();
      expect(db.migrations.applied).toEqual(files.map((f) => f.name));
      const rows = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
        'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(files.map((f) => [f.name, f.checksum, 1]));
      expect(rows.every((r) => r.finished_at !== null)).toBe(true);

      const again = await applyMigrations(db.sql);
      expect(again).toEqual({ applied: [], alreadyApplied: files.length });

      const user = await db.prisma.user.create({ data: { email: 'migrated@example.com', name: 'M' } });
      expect(user.role).toBe('member');
    } finally {
      await db.close();
      await scratch.drop();
    }
  });

  it('refuses to go on after a migration that failed half-way', async () => {
    const scratch = await scratchTarget();
    const db = await openDatabase(scratch.target);
    try {
      const broken = { name: '29990101000000_broken', sql: 'CREATE TABLE ok_table (id int); SELECT no_such_column FROM ok_table;', checksum: 'x'.repeat(64) };
      await expect(applyMigrations(db.sql, [...readMigrations(), broken])).rejects.toThrow(/29990101000000_broken failed/);
      // The transaction rolled the partial script back.
      const tables = await db.sql.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'ok_table'");
      expect(tables).toHaveLength(0);
      await expect(applyMigrations(db.sql)).rejects.toThrow(/failed earlier and was not rolled back/);
    } finally {
      await db.close();
      await scratch.drop();
    }
  });
});
