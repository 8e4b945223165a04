import type { CommandContext } from '../discord/command-context.js';

/** Everything the app builds once at start-up (createApp); the router hands each command only what it declares. */
export type AppContext = CommandContext;
