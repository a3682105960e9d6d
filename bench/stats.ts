// Interleaved measurement: every contender runs once per round, in an order that rotates from round to round,
// so that a slow spell on this shared machine hits all of them alike; each figure is then the ratio to the
// baseline's time in the same round, summarised by its median and interquartile range.

/** The value below which a share `q` (0 to 1) of `values` lies, interpolated. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = sorted[Math.floor(at)] ?? Number.NaN;
  const high = sorted[Math.ceil(at)] ?? low;
  return low + (high - low) * (at - Math.floor(at));
}

/** A median and the interquartile range around it. */
export interface Summary {
  median: number;
  p25: number;
  p75: number;
}

export const summarise = (values: readonly number[]): Summary => ({
  median: quantile(values, 0.5),
  p25: quantile(values, 0.25),
  p75: quantile(values, 0.75),
});

/** What one contender measured: its times (one per round) and their ratios to the baseline's. */
export interface Measured {
  times: number[];
  ratios: number[];
}

/** Each contender's times with their ratios to the first contender's, round by round. */
function withRatios<Name extends string>(names: readonly Name[], times: Record<Name, number[]>) {
  const baseline = times[names[0] as Name];
  return Object.fromEntries(
    names.map((name) => [
      name,
      { times: times[name], ratios: times[name].map((time, i) => time / (baseline[i] ?? Number.NaN)) },
    ]),
  ) as Record<Name, Measured>;
}

/**
 * Runs `rounds` rounds (after `warmup` unrecorded ones) of every contender, rotating the order each round.
 * `measure` returns one observation (a time, or any cost where lower is better); the first name is the baseline.
 */
export async function interleave<Name extends string>(
  names: readonly Name[],
  { rounds, warmup }: { rounds: number; warmup: number },
  measure: (name: Name) => Promise<number>,
  progress: (line: string) => void = () => {},
): Promise<Record<Name, Measured>> {
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  for (let round = 0; round < warmup + rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length] as Name);
    const observed = new Map<Name, number>();
    for (const name of order) observed.set(name, await measure(name));
    if (round >= warmup) for (const [name, value] of observed) times[name].push(value);
    progress(round < warmup ? `warm-up ${round + 1}/${warmup}` : `round ${round + 1 - warmup}/${rounds}`);
  }
  return withRatios(names, times);
}

/**
 * Like {@link interleave}, for contenders too quick to time a batch at a time on a busy machine: each round
 * calls every contender `calls` times, one call of each in turn (the order rotating), so that a slow spell hits
 * them all alike. A contender's time for a round is its mean per call.
 */
export async function interleaveCalls<Name extends string>(
  names: readonly Name[],
  { rounds, warmup, calls }: { rounds: number; warmup: number; calls: number },
  call: (name: Name) => Promise<unknown>,
  progress: (line: string) => void = () => {},
): Promise<Record<Name, Measured>> {
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  for (let round = 0; round < warmup + rounds; round++) {
    const spent = new Map<Name, number>(names.map((name) => [name, 0]));
    for (let i = 0; i < calls; i++) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j + round) % names.length] as Name;
        const started = performance.now();
        await call(name);
        spent.set(name, (spent.get(name) ?? 0) + performance.now() - started);
      }
    }
    if (round >= warmup) for (const [name, total] of spent) times[name].push(total / calls);
    progress(round < warmup ? `warm-up ${round + 1}/${warmup}` : `round ${round + 1 - warmup}/${rounds}`);
  }
  return withRatios(names, times);
}
