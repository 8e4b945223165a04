/** The bot's colours and fixed words, so every embed looks like it comes from the same bot. */
export const BRAND_COLOR = 0x3b82f6;
export const SUCCESS_COLOR = 0x22c55e;
export const WARNING_COLOR = 0xf59e0b;
export const DANGER_COLOR = 0xef4444;
export const MUTED_COLOR = 0x64748b;
export const BOT_NAME = 'CTO Mentor';
