import { createHash } from 'node:crypto';

/** Discord accepts nonces of at most 25 characters. */
const NONCE_LENGTH = 25;

/**
 * The nonce of a server's post for a local date. Sent with `enforce_nonce`, Discord returns the
 * message it already created for the same nonce (for a few minutes) instead of posting a second one,
 * so a resend after a crash between sending and recording cannot double-post.
 */
export function tipNonce(guildId: string, localDate: string): string {
  return createHash('sha256').update(`tip:${guildId}:${localDate}`).digest('hex').slice(0, NONCE_LENGTH);
}
