/** Timing and peak-memory helpers for the benchmark. */
export interface Figure {
  ms: number;
  peakRssMb: number;
}

/** Runs fn while sampling RSS every 20 ms; returns its time and the peak RSS seen. */
export async function measure<T>(fn: () => Promise<T> | T): Promise<{ value: T } & Figure> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms: performance.now() - t0, peakRssMb: peak / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
export const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
