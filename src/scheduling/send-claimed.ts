import { DeliveryError, type DeliveryFailure, type OutgoingMessage, type PostedMessage, type Poster } from '../core/poster.js';

/**
 * The exactly-once protocol every scheduled post follows:
 * 1. claim the post in one transaction before anything is sent, storing its nonce;
 * 2. send with that nonce and `enforce_nonce` (sendClaimed);
 * 3. complete the claim with the message id in one transaction.
 * A claim left unfinished (crash, 5xx) is sent again with the same nonce, which Discord answers with
 * the message it already made, so a crash at any point yields at most one message.
 */

/** What the caller does after a send, by why it failed. */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly message: PostedMessage }
  /** `gone` or `forbidden`: the channel is unusable until a moderator acts; stop and tell them. */
  | { readonly kind: 'unreachable'; readonly error: DeliveryError }
  /** `transient`: keep the claim; the next tick resends with the same nonce. */
  | { readonly kind: 'retry'; readonly error: DeliveryError }
  /** `invalid`: Discord refused the payload, and would refuse a resend the same way. */
  | { readonly kind: 'refused'; readonly error: DeliveryError };

export type FailedSend = Exclude<SendOutcome, { kind: 'sent' }>;

const OUTCOME_OF: Record<DeliveryFailure, FailedSend['kind']> = {
  gone: 'unreachable',
  forbidden: 'unreachable',
  transient: 'retry',
  invalid: 'refused',
};

/** Step 2: sends a claimed message with its claim's nonce. Errors other than delivery failures propagate. */
export async function sendClaimed(poster: Poster, channelId: string, message: OutgoingMessage, nonce: string): Promise<SendOutcome> {
  try {
    return { kind: 'sent', message: await poster.send(channelId, { ...message, nonce, enforce_nonce: true }) };
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    return { kind: OUTCOME_OF[error.failure], error };
  }
}
