/**
 * A failure the member caused or can fix (bad input, missing permission, nothing found).
 * The router shows its message ephemerally and does not log it as an error.
 */
export class UserError extends Error {
  override readonly name = 'UserError';

  constructor(
    /** Stable identifier for tests and logs, e.g. `tips.invalid-time`. */
    readonly identifier: string,
    message: string,
  ) {
    super(message);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/**
 * A row the code just wrote, or was told exists, is not there: a bug or a concurrent delete, never the
 * member's doing. Stores' `require…` getters throw it instead of casting `undefined` away.
 */
export class MissingRowError extends Error {
  override readonly name = 'MissingRowError';

  constructor(what: string, key: string) {
    super(`${what} ${key} is not in the database`);
  }
}

/** The row, or a MissingRowError naming what was looked for. */
export function found<T>(row: T | undefined | null, what: string, ...key: readonly (string | number)[]): T {
  if (row === undefined || row === null) throw new MissingRowError(what, key.join('/'));
  return row;
}
