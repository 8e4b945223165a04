/** The bot's own view of its memory, from prom-client's default metrics on its /metrics endpoint. */
export interface HeapMetrics {
  /** V8 heap in use (live JS objects and what the last GC has not collected yet), MB. */
  readonly heapUsedMb: number;
  /** V8 heap reserved, MB: RSS beyond it is code and native memory. */
  readonly heapTotalMb: number;
  /** Memory of C++ objects bound to JS (buffers, SQLite's statements…), MB. */
  readonly externalMb: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 ** 2) * 10) / 10;

function gauge(text: string, name: string): number {
  const value = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1];
  return value === undefined ? Number.NaN : Number(value);
}

/** Reads the heap gauges from `GET /metrics` on the bot's health port; null when it does not answer. */
export async function heapMetrics(port: number): Promise<HeapMetrics | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    if (!response.ok) return null;
    const text = await response.text();
    const figures = { heapUsedMb: mb(gauge(text, 'nodejs_heap_size_used_bytes')), heapTotalMb: mb(gauge(text, 'nodejs_heap_size_total_bytes')), externalMb: mb(gauge(text, 'nodejs_external_memory_bytes')) };
    return Object.values(figures).every(Number.isFinite) ? figures : null;
  } catch {
    return null;
  }
}
