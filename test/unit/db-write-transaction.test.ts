import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase, writeTransaction, type Db } from '../../src/db/index.js';
import { tempDir } from '../support/temp-dir.js';

/** Two connections to one file: this process and another shard's. */
function twoConnections(): { ours: Db; theirs: Db } {
  const path = join(tempDir('write-transaction'), 'bot.sqlite');
  const ours = openDatabase(path);
  ours.exec('CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO counters VALUES (\'a\', 0), (\'b\', 0);');
  const theirs = openDatabase(path);
  // The other shard gives up at once here, where in production it would wait for our commit.
  theirs.pragma('busy_timeout = 0');
  onTestFinished(() => {
    theirs.close();
    ours.close();
  });
  return { ours, theirs };
}

describe('writeTransaction (shard processes sharing one SQLite file)', () => {
  it('GIVEN another process writes between our read and our write THEN ours still commits, because it held the write lock from BEGIN', () => {
    const { ours, theirs } = twoConnections();
    let theirWrite: unknown = null;
    const readThenWrite = writeTransaction(ours, () => {
      const { value } = ours.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'a'").get() ?? { value: 0 };
      try {
        theirs.prepare("UPDATE counters SET value = value + 1 WHERE name = 'b'").run();
      } catch (error) {
        theirWrite = error;
      }
      ours.prepare("UPDATE counters SET value = ? WHERE name = 'a'").run(value + 1);
    });
    readThenWrite();
    expect(ours.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'a'").get()?.value).toBe(1);
    expect(theirWrite).toMatchObject({ code: 'SQLITE_BUSY' });
  });

  it('GIVEN a deferred transaction in the same race THEN its write fails (what writeTransaction prevents)', () => {
    const { ours, theirs } = twoConnections();
    const deferred = ours.transaction(() => {
      ours.prepare("SELECT value FROM counters WHERE name = 'a'").get();
      theirs.prepare("UPDATE counters SET value = value + 1 WHERE name = 'b'").run();
      ours.prepare("UPDATE counters SET value = 1 WHERE name = 'a'").run();
    });
    expect(() => deferred()).toThrow(expect.objectContaining({ code: expect.stringMatching(/^SQLITE_BUSY/) }) as Error);
  });
});
