import { MINUTE_MS } from '../core/clock.js';
import {
  DeliveryError,
  type DeliveryFailure,
  type OutgoingMessage,
  type OwnMessage,
  type PostedMessage,
  type Poster,
} from '../core/poster.js';

/**
 * The exactly-once protocol every scheduled post follows:
 * 1. claim the post in one transaction before anything is sent, storing its nonce;
 * 2. send it (sendClaimed): a claim that an earlier attempt may already have delivered (a crash, or a
 *    5xx after Discord acted) first looks for its message among the bot's recent messages in the
 *    channel and adopts it; otherwise it is sent with the claim's nonce and `enforce_nonce`;
 * 3. complete the claim with the message id in one transaction.
 * Discord deduplicates a nonce only for "the past few minutes", so the nonce covers a resend soon after
 * a failure and the look-up covers every later one: a crash at any point yields at most one message.
 */

/** What the caller does after a send, by why it failed. */
type SendOutcome =
  /** `adopted`: an earlier attempt had already posted it; this one found it instead of posting again. */
  | { readonly kind: 'sent'; readonly message: PostedMessage; readonly adopted: boolean }
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

/** Clocks of the bot and of Discord may disagree by this much; messages are looked for from this long before the claim. */
const CLOCK_SKEW_MS = 5 * MINUTE_MS;

/** One claimed message, as the protocol sends it. */
interface ClaimedMessage {
  readonly channelId: string;
  readonly message: OutgoingMessage;
  readonly nonce: string;
  /** When this claim was first taken: its message, if an attempt made one, is no older (give or take CLOCK_SKEW_MS). */
  readonly claimedAt: Date;
  /** An earlier attempt of this claim may have reached Discord (it was taken before and never completed). */
  readonly resumed: boolean;
  /**
   * Recognises this claim's message among the bot's own messages in the channel, by a marker the bot
   * controls (a custom_id, the exact content) and not recorded by another claim.
   */
  readonly isOwnPost: (message: OwnMessage) => boolean | Promise<boolean>;
}

/** Step 2: delivers a claimed message exactly once. Errors other than delivery failures propagate. */
export async function sendClaimed(poster: Poster, claim: ClaimedMessage): Promise<SendOutcome> {
  try {
    if (claim.resumed) {
      const earlier = await findEarlierPost(poster, claim);
      if (earlier) return { kind: 'sent', message: earlier, adopted: true };
    }
    const message = await poster.send(claim.channelId, { ...claim.message, nonce: claim.nonce, enforce_nonce: true });
    return { kind: 'sent', message, adopted: false };
  } catch (error) {
    return failedSend(error);
  }
}

/** The message an earlier attempt of this claim posted, if any. */
async function findEarlierPost(poster: Poster, claim: ClaimedMessage): Promise<PostedMessage | undefined> {
  const since = new Date(claim.claimedAt.getTime() - CLOCK_SKEW_MS);
  for (const message of await poster.ownMessagesSince(claim.channelId, since)) {
    if (await claim.isOwnPost(message)) return { id: message.id, channelId: message.channelId };
  }
  return undefined;
}

/** A delivery failure as the outcome callers act on; anything else is a bug and propagates. */
function failedSend(error: unknown): FailedSend {
  if (!(error instanceof DeliveryError)) throw error;
  return { kind: OUTCOME_OF[error.failure], error };
}

/** Whether a message carries this component custom_id: the marker of messages that have buttons. */
export const hasCustomId =
  (customId: string) =>
  (message: OwnMessage): boolean =>
    message.customIds.includes(customId);
