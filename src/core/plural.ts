/** `1 answer`, `2 answers`, `1,204 members`: a count with its noun, never `answer(s)`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
