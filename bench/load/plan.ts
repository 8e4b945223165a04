import { z } from 'zod';
import { summarySchema } from '../support/summary-schema.js';

/** One kind of interaction the driver sends: a slash command, or autocomplete on one of its options. */
export const interactionKindSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('command'), label: z.string(), command: z.string(), option: z.string().optional(), values: z.array(z.string()).optional() }),
  z.object({ type: z.literal('autocomplete'), label: z.string(), command: z.string(), option: z.string(), values: z.array(z.string()).min(1) }),
]);
export type InteractionKind = z.infer<typeof interactionKindSchema>;

/** A bot under load: its emulator, where members interact, and the processes whose CPU time is read. */
export const targetSchema = z.object({
  name: z.string(),
  controlUrl: z.string(),
  where: z.object({ guildId: z.string(), channelId: z.string(), userId: z.string() }),
  pids: z.object({ subject: z.number().int(), emulator: z.number().int() }),
});
export type Target = z.infer<typeof targetSchema>;

/**
 * What the load driver process is asked to do (one JSON argument). Targets take turns in short
 * rounds, so a neighbour's load on a shared machine falls on every target alike.
 */
export const loadPlanSchema = z.object({
  targets: z.array(targetSchema).min(1),
  kinds: z.array(interactionKindSchema).min(1),
  /** The fixed-rate run every figure is reported for, split into `rounds` turns per target. */
  fixed: z.object({ rate: z.number().positive(), durationMs: z.number().int().positive(), rounds: z.number().int().min(1) }),
  /** The step search for the highest rate with p99 under `p99LimitMs`: doubling, then bisecting. */
  /** Untimed load first, so the first measured interactions do not pay for JIT and connection set-up. */
  warmUpMs: z.number().int().min(0),
  steps: z.object({ maxRate: z.number().positive(), durationMs: z.number().int().positive(), bisections: z.number().int().min(0), maxSteps: z.number().int().min(0), p99LimitMs: z.number().positive() }).optional(),
});
export type LoadPlan = z.infer<typeof loadPlanSchema>;

export const kindResultSchema = z.object({
  sent: z.number(),
  acknowledged: z.number(),
  errors: z.number(),
  /** A few distinct error messages, for the report. */
  errorSamples: z.array(z.string()),
  latencyMs: summarySchema.nullable(),
});
export type KindResult = z.infer<typeof kindResultSchema>;

export const phaseResultSchema = z.object({
  rate: z.number(),
  durationMs: z.number(),
  /** Answered interactions per second while sending. */
  throughput: z.number(),
  /** How far behind schedule the driver sent its latest request (a driver that cannot keep up shows here). */
  maxSendLagMs: z.number(),
  /** CPU time per interaction of the subject and of its emulator (null where /proc is not available). */
  cpuMsPerInteraction: z.object({ subject: z.number(), emulator: z.number() }).nullable(),
  all: kindResultSchema,
  byKind: z.record(z.string(), kindResultSchema),
});
export type PhaseResult = z.infer<typeof phaseResultSchema>;

export const stepSchema = z.object({ rate: z.number(), p99Ms: z.number().nullable(), errors: z.number(), maxSendLagMs: z.number(), passed: z.boolean() });
export type Step = z.infer<typeof stepSchema>;

export const targetLoadSchema = z.object({
  fixed: phaseResultSchema,
  steps: z.array(stepSchema),
  /** The highest rate that passed (null when none did, or no search ran). */
  maxRate: z.number().nullable(),
});
export type TargetLoad = z.infer<typeof targetLoadSchema>;

export const loadResultSchema = z.object({ load: z.record(z.string(), targetLoadSchema) });
