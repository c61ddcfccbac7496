// EverShop's own `evershop install`, minus its interactive prompts (enquirer needs a terminal):
// the same admin-user table and row, then every core module's migrations, in one transaction.
// Copied into the app directory by setup.sh and run there (the .env gives the database).
import 'dotenv/config';
import { commit, execute, insertOnUpdate, rollback, startTransaction } from '@evershop/postgres-query-builder';
import { pool } from './node_modules/@evershop/evershop/dist/lib/postgres/connection.js';
import { hashPassword } from './node_modules/@evershop/evershop/dist/lib/util/passwordHelper.js';
import { migrate } from './node_modules/@evershop/evershop/dist/bin/lib/bootstrap/migrate.js';
import { getCoreModules } from './node_modules/@evershop/evershop/dist/bin/lib/loadModules.js';

const connection = await pool.connect();
await startTransaction(connection);
try {
  await execute(connection, `CREATE TABLE IF NOT EXISTS "admin_user" (
    "admin_user_id" INT GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1) PRIMARY KEY,
    "uuid" UUID NOT NULL DEFAULT gen_random_uuid (),
    "status" boolean NOT NULL DEFAULT TRUE,
    "email" varchar NOT NULL,
    "password" varchar NOT NULL,
    "full_name" varchar DEFAULT NULL,
    "created_at" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ADMIN_USER_EMAIL_UNIQUE" UNIQUE ("email"),
    CONSTRAINT "ADMIN_USER_UUID_UNIQUE" UNIQUE ("uuid")
  );`);
  await insertOnUpdate('admin_user', ['email'])
    .given({ status: 1, email: 'admin@example.com', password: hashPassword('Admin12345'), full_name: 'Admin' })
    .execute(connection);
  await migrate(getCoreModules(), connection);
  await commit(connection);
  console.log('installed');
} catch (e) {
  await rollback(connection);
  console.error(e);
  process.exit(1);
}
process.exit(0);
