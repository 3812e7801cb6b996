import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { freshStore, servicesAvailability } from '../../tests/support/harness';
import { migrateDatabase, MIGRATIONS_FOLDER, openDatabase } from './client';

const migrationCount = () =>
  JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')).entries.length;

const services = await servicesAvailability();

describe('the embedded database', () => {
  it('refuses a second opener of the same data directory instead of corrupting it', async () => {
    const store = await freshStore('embedded');
    const first = await openDatabase({ dataDir: store.dataDir, poolSize: 1 });
    try {
      await expect(openDatabase({ dataDir: store.dataDir, poolSize: 1 })).rejects.toThrow(/already open|in use/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: store.dataDir, poolSize: 1 });
    await again.close();
    await store.drop();
  });
});

describe.skipIf(!services.run)('migrations on PostgreSQL', () => {
  it('lets several instances start at once: one migrates, the others wait and find it done', async () => {
    const store = await freshStore('services');
    const databases = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ databaseUrl: store.url, dataDir: store.dataDir, poolSize: 1 })),
    );
    try {
      await Promise.all(databases.map((database) => migrateDatabase(database, store.url)));
      const [tables] = await databases[0]!.rows<{ n: number }>(
        sql`select count(*)::int as n from information_schema.tables where table_name in ('polls', 'poll_options', 'votes')`,
      );
      expect(tables?.n).toBe(3);
      const applied = await databases[0]!.rows(sql`select * from drizzle.__drizzle_migrations`);
      expect(applied).toHaveLength(migrationCount());
    } finally {
      await Promise.all(databases.map((database) => database.close()));
      await store.drop();
    }
  });
});
