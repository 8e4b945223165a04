import { parseArgs } from 'node:util';
import { loadTipCatalogue, TipContentError, TIPS_DIR } from './load-tips.js';

interface CliStreams {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

const USAGE = 'Usage: npm run tips -- check | list [--json]\n';

/** `npm run tips -- check` validates data/tips; `list --json` prints every tip as a JSON array. */
export async function runTipsCli(
  argv: string[],
  { out, err }: CliStreams = { out: process.stdout, err: process.stderr },
  dir = TIPS_DIR,
): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const [action] = positionals;
  if (action !== 'check' && action !== 'list') {
    err.write(USAGE);
    return 2;
  }
  let catalogue;
  try {
    catalogue = loadTipCatalogue(dir);
  } catch (error) {
    if (!(error instanceof TipContentError)) throw error;
    err.write(`${error.message}\n`);
    return 1;
  }
  if (action === 'check') {
    const categories = new Set(catalogue.all().map((tip) => tip.category));
    out.write(`OK: ${catalogue.size} tips in ${categories.size} categories.\n`);
  } else if (values.json) {
    out.write(`${JSON.stringify(catalogue.all(), null, 2)}\n`);
  } else {
    for (const tip of catalogue.all()) out.write(`${tip.id}\t${tip.title}\n`);
  }
  return 0;
}
