/** Discord's epoch (2015-01-01T00:00:00Z): snowflakes are milliseconds since then, shifted left by 22 bits. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

let lastTimestamp = 0n;
let increment = 0n;

/** A real, time-ordered snowflake so sharding maths and discord.js's timestamp helpers work. */
export function nextSnowflake(now: number = Date.now()): string {
  let timestamp = BigInt(now) - DISCORD_EPOCH;
  if (timestamp <= lastTimestamp) {
    // Same millisecond (or clock went back): keep ids strictly increasing.
    timestamp = lastTimestamp;
    increment += 1n;
    if (increment > 0xfffn) {
      timestamp += 1n;
      increment = 0n;
    }
  } else {
    increment = 0n;
  }
  lastTimestamp = timestamp;
  return ((timestamp << 22n) | (1n << 17n) | increment).toString();
}

/** Which shard receives a guild's events: `(guild_id >> 22) % shard_count`, as Discord documents. */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A fresh snowflake that lands on `shardId` of `shardCount` (for tests that place guilds on shards). */
export function snowflakeForShard(shardId: number, shardCount: number): string {
  for (;;) {
    const id = nextSnowflake();
    if (shardForGuild(id, shardCount) === shardId) return id;
    // Advance the timestamp part by one ms-step so the next candidate moves to another shard.
    lastTimestamp += 1n;
    increment = 0n;
  }
}
