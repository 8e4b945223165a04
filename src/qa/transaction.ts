import { writeTransaction, type Db } from '../db/index.js';

/**
 * Runs `work` in one SQLite transaction (nested: a savepoint of the outer one). In Q&A the unit
 * services own every transaction through this runner; stores only run single statements and never
 * open one, so what commits together is decided in one layer. IMMEDIATE (writeTransaction) takes the write lock at the
 * start: shard processes sharing the file cannot deadlock on upgrading a read lock.
 */
export type Transaction = <T>(work: () => T) => T;

export function transactionRunner(db: Db): Transaction {
  return (work) => writeTransaction(db, work)();
}
