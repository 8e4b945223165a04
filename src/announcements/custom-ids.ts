import { z } from 'zod';
import { encodeCustomId, positiveIntArg } from '../discord/custom-id.js';

/**
 * custom_ids of announcement components; they route to commands/announce.ts. Only an announcement
 * or draft id travels in them (the text lives in the database), and the handler checks who may use it.
 */
const ANNOUNCE_COMMAND = 'announce';

export const ANNOUNCE_ACTIONS = {
  /** Modals: the body of a new draft (compose); title and body of a draft (Edit on the preview). */
  body: 'body',
  redraft: 'redraft',
  /** Preview buttons. */
  submit: 'submit',
  recheck: 'recheck',
  revise: 'revise',
  discard: 'discard',
  /** Modal: new title and body of an existing announcement (`/announce edit`). */
  amend: 'amend',
  /** Approval queue buttons. */
  approve: 'approve',
  reject: 'reject',
  next: 'next',
} as const;

type AnnounceAction = (typeof ANNOUNCE_ACTIONS)[keyof typeof ANNOUNCE_ACTIONS];

export const announceId = (action: AnnounceAction, id: number, revision?: number): string =>
  encodeCustomId(ANNOUNCE_COMMAND, action, id, ...(revision === undefined ? [] : [revision]));

/** The announcement (or draft) id every announcement custom_id carries. */
export const idArgs = z.tuple([positiveIntArg]);
/** Post and Approve also carry the revision of the text that was shown. */
export const idAndRevisionArgs = z.tuple([positiveIntArg, z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]);
