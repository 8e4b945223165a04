import type { IncomingMessage } from 'node:http';
import { Errors } from '../errors.js';
import type { UploadedFile } from '../services/messages.js';

/** Discord's upload limits: 25 MiB per request body, 10 MiB per file (a server without boosts). */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Past the limit the rest is read and dropped, so the client gets the 413 rather than a reset connection.
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  if (size > MAX_BODY_BYTES) throw Errors.requestTooLarge();
  return Buffer.concat(chunks);
}

/** JSON or multipart/form-data (`payload_json` + `files[n]`), the two ways discord.js sends bodies. */
export async function parseRequestBody(request: IncomingMessage): Promise<ParsedBody> {
  const raw = await readAll(request);
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) return parseMultipart(raw, type);
  try {
    return { body: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
  } catch {
    throw Errors.invalidJson();
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  // Node's fetch Request parses multipart bodies for us.
  const form = await new Request('http://local/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
  let body: unknown = {};
  const files: UploadedFile[] = [];
  for (const [key, value] of form) {
    if (key === 'payload_json' && typeof value === 'string') {
      try {
        body = JSON.parse(value) as unknown;
      } catch {
        throw Errors.invalidJson();
      }
      continue;
    }
    if (typeof value === 'string') continue;
    if (value.size > MAX_FILE_BYTES) throw Errors.requestTooLarge();
    const index = /^files\[(\d+)\]$/.exec(key)?.[1] ?? /^file(\d*)$/.exec(key)?.[1];
    files.push({
      index: index ? Number(index) : files.length,
      filename: value.name || `file${files.length}`,
      contentType: value.type || 'application/octet-stream',
      data: Buffer.from(await value.arrayBuffer()),
    });
  }
  return { body, files };
}
