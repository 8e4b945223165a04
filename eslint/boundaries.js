// @ts-check
/**
 * The fences between the project's folders, as one lint rule (what import/no-restricted-paths does,
 * without the plugin): every import is resolved to a project path first, so `../x`, `../../x` and a
 * dynamic `import()` are judged alike. A crossing fails `npx eslint .`, i.e. CI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Features: each keeps its rules, SQL, Discord glue and rendering in src/<feature>/. */
export const FEATURES = ['announcements', 'knowledge', 'moderation', 'qa', 'tips', 'web'];
/** Folders of services and the plumbing they share: no discord.js (Discord glue lives in their discord/ subfolder), and not even their glue imports src/app. */
const SERVICE_FOLDERS = [...FEATURES, 'scheduling', 'core', 'db', 'config'];
/** Helpers under src/discord that build payloads without discord.js, which services and renderers may use. */
const DISCORD_FREE = ['src/discord/custom-id', 'src/discord/components', 'src/discord/text', 'src/discord/theme'];

/** @param {string} rel */
const segments = (rel) => rel.split('/');
/** @param {string} rel */
const withoutExtension = (rel) => rel.replace(/\.(js|ts)$/, '');
/** @param {string} rel */
const isStore = (rel) => /(^|-)store$/.test(path.posix.basename(withoutExtension(rel)));

/**
 * @param {string} importer project-relative path of the importing file
 * @param {{ kind: 'package', name: string } | { kind: 'file', rel: string }} target
 * @returns {string | null} why the import crosses a fence
 */
export function crossing(importer, target) {
  const [top, folder] = segments(importer);
  const inSrc = top === 'src';
  const isGlue = segments(importer).includes('discord');
  if (inSrc && folder && SERVICE_FOLDERS.includes(folder) && !isGlue) {
    if (target.kind === 'package' && (target.name === 'discord.js' || target.name.startsWith('@discordjs/'))) {
      return `src/${folder} is a service: it never imports discord.js. Put Discord glue in src/${folder}/discord/ or commands/.`;
    }
    if (target.kind === 'file' && target.rel.startsWith('src/discord/') && !DISCORD_FREE.includes(withoutExtension(target.rel))) {
      return `src/${folder} is a service: of src/discord it may use only the discord.js-free helpers (${DISCORD_FREE.map((p) => path.posix.basename(p)).join(', ')}).`;
    }
  }
  if (target.kind !== 'file') return null;
  if (inSrc && folder && SERVICE_FOLDERS.includes(folder) && target.rel.startsWith('src/app/')) {
    return `src/${folder} never imports src/app (the composition root imports features, not the other way round); Discord glue takes a narrow context of the services it uses.`;
  }
  if ((top === 'commands' || (inSrc && folder === 'discord')) && target.rel.startsWith('src/app/')) {
    return `${top === 'commands' ? 'commands/' : 'src/discord'} never imports src/app: a command declares the services it uses (defineCommand's uses) and the router hands it those (src/discord/command-context.ts).`;
  }
  const [targetTop, targetFolder] = segments(target.rel);
  if ((inSrc || top === 'commands') && targetTop === 'bench') return 'src/ and commands/ never import bench/: the bench drives the bot from outside.';
  if (inSrc && folder === 'local-discord' && targetTop === 'src' && targetFolder !== 'local-discord') {
    return 'The local Discord stands alone: it never imports the bot (src/ outside src/local-discord).';
  }
  if (targetTop === 'src' && targetFolder && FEATURES.includes(targetFolder) && isStore(target.rel)) {
    if (top === 'commands') return `Commands never touch SQL: use the ${targetFolder} service, not its store.`;
    if (inSrc && folder !== targetFolder) return `A feature talks to ${targetFolder} through its service, never its store.`;
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: { type: 'problem', docs: { description: 'Imports that cross a declared boundary between folders' }, schema: [] },
  create(context) {
    const importer = path.relative(ROOT, context.filename).split(path.sep).join('/');
    if (importer.startsWith('..')) return {};
    /** @param {import('estree').Node} node @param {unknown} source */
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const target = source.startsWith('.')
        ? /** @type {const} */ ({ kind: 'file', rel: path.relative(ROOT, path.resolve(path.dirname(context.filename), source)).split(path.sep).join('/') })
        : /** @type {const} */ ({ kind: 'package', name: source });
      const why = crossing(importer, target);
      if (why) context.report({ node, message: `${source}: ${why}` });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { imports: rule } };
