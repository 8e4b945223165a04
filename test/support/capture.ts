import { Writable } from 'node:stream';

/** A stream a CLI can write to, and everything written to it so far, for tests of command output. */
export function capture(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    }),
    text: () => text,
  };
}
