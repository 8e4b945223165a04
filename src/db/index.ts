export { createMetaStore, createMetaStoreNow, type MetaStore, type MetaStoreNow } from './meta-store.js';
export { openDatabase, writeTransaction, type Db } from './database.js';
export { DatabaseTooNewError, MigrationFailedError, loadMigrations, migrate, schemaVersion, type Migration } from './migrations.js';
export { LATEST_SCHEMA_VERSION } from './sql/migrate.js';
