import { deliveryNonce } from '../scheduling/nonce.js';

/** The nonce of a server's post for a local date (see src/scheduling/nonce.ts). */
export function tipNonce(guildId: string, localDate: string): string {
  return deliveryNonce('tip', guildId, localDate);
}
