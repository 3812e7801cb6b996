/** Latency summaries in milliseconds, the same shape whichever tool measured them. */

export type Latency = { p50: number; p90: number; p99: number; max: number };

/** Nearest-rank percentiles; sorts `values` in place. */
export function summarize(values: Float64Array | number[]): Latency {
  const sorted = values instanceof Float64Array ? values.sort() : Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p90: at(90), p99: at(99), max: sorted.length ? sorted[sorted.length - 1]! : NaN };
}
