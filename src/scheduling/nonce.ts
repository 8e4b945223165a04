import { createHash } from 'node:crypto';

/** Discord accepts nonces of at most 25 characters. */
const NONCE_LENGTH = 25;

/**
 * The nonce of one scheduled message, derived from what identifies it (`tip`, server, local date;
 * `announcement`, server, id). Sent with `enforce_nonce`, Discord returns the message it already
 * created for the same nonce (for a few minutes) instead of posting a second one, so a resend after
 * a crash between sending and recording cannot double-post.
 */
export function deliveryNonce(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join(':')).digest('hex').slice(0, NONCE_LENGTH);
}
