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
