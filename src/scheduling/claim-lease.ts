import { hostname } from 'node:os';
import { MINUTE_MS } from '../core/clock.js';

/**
 * Who holds an unfinished claim of a scheduled post (tips, announcements), and until when. Between
 * hosts: only the owner resends it, or another host once the lease ran out (the owner died), so two
 * hosts owning one server at once (a replacement started before the old host died) never both send.
 */
export interface ClaimLease {
  /** This host (HOST_ID; by default the machine's host name). */
  readonly owner: string;
  /** How long a claim stays its owner's after each claim or resend. */
  readonly ms: number;
}

/**
 * Long enough for the owner's claim → send → complete (a send waits out rate limits, and its client
 * retries a 5xx), short enough that a dead host's servers, moved to another host, get their post
 * within minutes. The owner itself, restarted, resumes its claims at once.
 */
const DEFAULT_CLAIM_LEASE_MS = 2 * MINUTE_MS;

export function claimLease(owner: string | undefined, ms: number | undefined): ClaimLease {
  return { owner: owner ?? hostname(), ms: ms ?? DEFAULT_CLAIM_LEASE_MS };
}

/** An unfinished claim may be resent by its owner, or by anyone once its lease ran out (or it has none: made before leases). */
export function mayResumeClaim(claim: { readonly owner: string | null; readonly lease_until: string | null }, owner: string, at: Date): boolean {
  return claim.owner === null || claim.owner === owner || claim.lease_until === null || claim.lease_until <= at.toISOString();
}
