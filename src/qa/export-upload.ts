import { gzipSync } from 'node:zlib';

/** Discord refuses a file over 10 MiB (413, 40005) whatever the request; a request body may hold 25 MiB. */
export const DISCORD_FILE_LIMIT_BYTES = 10 * 1024 * 1024;

export type ExportUpload =
  | { readonly kind: 'file'; readonly name: string; readonly data: Buffer; readonly size: number; readonly compressedFrom: number | null }
  | { readonly kind: 'too-large'; readonly size: number; readonly compressedSize: number };

/**
 * The export as an attachment Discord accepts: as it is when it fits, gzip-compressed when only that
 * fits, or `too-large` (with both sizes, for the member's answer) when not even that does.
 */
export function fitExportUpload(file: { readonly name: string; readonly content: string }, limitBytes = DISCORD_FILE_LIMIT_BYTES): ExportUpload {
  const raw = Buffer.from(file.content, 'utf8');
  if (raw.length <= limitBytes) return { kind: 'file', name: file.name, data: raw, size: raw.length, compressedFrom: null };
  const compressed = gzipSync(raw, { level: 9 });
  if (compressed.length <= limitBytes) return { kind: 'file', name: `${file.name}.gz`, data: compressed, size: compressed.length, compressedFrom: raw.length };
  return { kind: 'too-large', size: raw.length, compressedSize: compressed.length };
}

/** Sizes as members read them: 1.4 MB, 820 kB. */
export function readableSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}
