/**
 * Warm-up before timing: V8 compiles a hot function in tiers (interpreter, baseline, Maglev,
 * TurboFan), and a pipeline of many large functions takes several passes over the corpus to
 * settle (here the extraction's pass time falls by a quarter between its first and fifth pass).
 * Both sides of a comparison are warmed the same way, so the figures are steady-state throughput.
 */

/** CPU milliseconds a side is warmed for, at least (`BENCH_WARMUP_MS`, default 4000). */
export const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 4000);

/** Runs `pass` until it has used `minMs` of CPU time and run `minPasses` times; returns the passes run. */
export function warmUp(pass: () => void, minMs = WARMUP_MS, minPasses = 3): number {
  const c0 = process.cpuUsage();
  let n = 0;
  for (;;) {
    pass();
    n++;
    const c = process.cpuUsage(c0);
    if (n >= minPasses && (c.user + c.system) / 1000 >= minMs) return n;
  }
}
