/** Timing and memory of what the benchmark runs: percentiles, child processes' peak RSS, HTTP load. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[at]!;
}

export interface ChildRun {
  seconds: number;
  /** Peak resident set size of the process, in MB (GNU time's "Maximum resident set size"). */
  peakMb: number;
  stdout: string;
  stderr: string;
  code: number;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command to its end, timing it and reading its peak RSS from GNU time (`-v`), which the
 * kernel's accounting of the child gives exactly, however short its peak.
 */
export function runChild(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ChildRun> {
  const timed = existsSync(GNU_TIME);
  const [cmd, argv] = timed ? [GNU_TIME, ['-v', command, ...args]] : [command, args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: options.env ?? process.env, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({
        seconds,
        peakMb: kb ? Number(kb[1]) / 1024 : Number.NaN,
        stdout,
        stderr,
        code: code ?? -1,
      });
    });
  });
}

/** Latencies of `total` calls made `concurrency` at a time, and the rate they completed at. */
export async function load(
  total: number,
  concurrency: number,
  call: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; perSecond: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, perSecond: total / ((performance.now() - started) / 1000) };
}

/** Times one async call in milliseconds. */
export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await run();
  return { ms: performance.now() - t, value };
}
