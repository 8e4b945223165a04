/** The oldest Node.js the bot runs on: better-sqlite3 12 and discord.js 14 are built and tested for it. */
const MINIMUM_NODE = [20, 19] as const;
/** npm older than this cannot read the lock file's format reliably. */
const MINIMUM_NPM_MAJOR = 10;

/**
 * Why this runtime cannot run the bot, in words an operator can act on; null when it can.
 * `npmAgent` is npm's `npm_config_user_agent` ("npm/11.6.2 node/v20.20.2 …"), absent outside npm.
 */
export function runtimeProblem(nodeVersion: string, npmAgent: string | undefined): string | null {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor] = MINIMUM_NODE;
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    return `CTO Mentor needs Node.js ${needMajor}.${needMinor} or newer; this is Node.js ${nodeVersion}. Install a current Node.js 20 or 22 LTS (https://nodejs.org) and run npm install again.`;
  }
  const npmMajor = Number(/\bnpm\/(\d+)/.exec(npmAgent ?? '')?.[1] ?? MINIMUM_NPM_MAJOR);
  if (npmMajor < MINIMUM_NPM_MAJOR) {
    return `CTO Mentor needs npm ${MINIMUM_NPM_MAJOR} or newer (Node.js 20.19+ ships it); this is npm ${npmMajor}. Run \`npm install -g npm@${MINIMUM_NPM_MAJOR}\` or use the npm that came with Node.js.`;
  }
  return null;
}
