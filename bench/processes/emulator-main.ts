import { runStandalone } from '../../src/local-discord/standalone.js';
import { buildWorld } from './build-world.js';
import { WORLD_FLAG, worldSpecSchema } from './world-spec.js';

// The local Discord as its own process, as `runStandalone` runs it, plus the world a scenario needs:
// line 1 is the emulator's JSON line, line 2 `{ "world": … }` once the world is built.
const argv = process.argv.slice(2);
const at = argv.indexOf(WORLD_FLAG);
const spec = at >= 0 ? worldSpecSchema.parse(JSON.parse(argv[at + 1] ?? 'null')) : undefined;
const discord = await runStandalone(at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv);
if (discord && spec) process.stdout.write(`${JSON.stringify({ world: await buildWorld(discord, spec) })}\n`);
