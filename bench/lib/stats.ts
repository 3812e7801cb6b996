/** Latency summaries in milliseconds, the same shape whichever tool measured them. */

/** `p999` (the 99.9th percentile) only where the tool kept every latency and the table should show the tail. */
export type Latency = { p50: number; p90: number; p99: number; max: number; p999?: number };

/** Nearest-rank percentiles; sorts `values` in place. `{ p999: true }` adds the 99.9th. */
export function summarize(values: Float64Array | number[], options: { p999?: boolean } = {}): Latency {
  const sorted = values instanceof Float64Array ? values.sort() : Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const summary: Latency = {
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
  if (options.p999) summary.p999 = at(99.9);
  return summary;
}
