import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { StoredAttachment } from '../local-discord/index.js';

/** More than this many lines of a file are cut when printed: `save` keeps the whole file. */
const PRINT_LINES = 60;

/** A file's text for the terminal: gzip unpacked, long files cut with a note to save them instead. */
export function printableFile(file: StoredAttachment): string {
  const data = file.filename.endsWith('.gz') ? gunzipSync(file.data) : file.data;
  if (data.includes(0)) return `${file.filename} is not text (${file.size} bytes): save it instead.`;
  const lines = data.toString('utf8').split('\n');
  const shown = lines.slice(0, PRINT_LINES).join('\n');
  return lines.length > PRINT_LINES ? `${shown}\n… ${lines.length - PRINT_LINES} more lines: save the file to read them all.` : shown;
}

/** Writes a file the bot attached to `path` (relative to where the sandbox was started); returns where. */
export function saveFile(file: StoredAttachment, path: string): string {
  const target = resolve(path || file.filename);
  writeFileSync(target, file.data);
  return target;
}
