import { loadConfig } from '../src/config';
import { migrateDatabase, openDatabase } from '../src/db/client';

/** `npm run db:migrate`: applies pending migrations and exits; serves nothing. */

const config = loadConfig(process.env, { serving: false });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
await migrateDatabase(database, config.databaseUrl);
await database.close();
console.log(`migrations applied (${database.kind})`);
