/**
 * GDAL's command-line tools as the outside client the exports and the OGC API are made for. The
 * tests need them and are never skipped: without GDAL they fail and say how to install it.
 */
import { execFile, execFileSync } from 'node:child_process';

export const GDAL_INSTALL = 'apt-get update && apt-get install -y gdal-bin';

/** The tool's path, or an error naming the install command (npm test runs it as root). */
export function gdalTool(name: 'ogrinfo' | 'cs2cs' | 'gdaltransform'): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `${name} (GDAL) is missing; these tests need it. Install it with (as root): ${GDAL_INSTALL}`,
    );
  }
}

export interface ToolRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a GDAL tool without blocking this process (a test server may live in it). */
export function runTool(
  tool: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = execFile(
      tool,
      args,
      { env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** `ogrinfo -ro -al -so FILE`: every layer's summary (count, extent, fields). */
export function ogrSummary(path: string, ...more: string[]): Promise<ToolRun> {
  return runTool(gdalTool('ogrinfo'), ['-ro', '-al', '-so', ...more, path]);
}

/** The summary of each layer by name: feature count and field names with their types. */
export function layersOf(
  summary: string,
): Map<string, { count: number; geometry: string | undefined; fields: Map<string, string> }> {
  const layers = new Map<
    string,
    { count: number; geometry: string | undefined; fields: Map<string, string> }
  >();
  for (const block of summary.split(/^Layer name: /m).slice(1)) {
    const name = block.slice(0, block.indexOf('\n')).trim();
    const count = Number(/^Feature Count: (\d+)$/m.exec(block)?.[1] ?? Number.NaN);
    const fields = new Map<string, string>();
    for (const [, field, type] of block.matchAll(/^(\w+): (\w+(?:\(\w+\))?) \(/gm)) {
      fields.set(field!, type!);
    }
    const geometry = /^Geometry: (.+)$/m.exec(block)?.[1];
    layers.set(name, { count, geometry, fields });
  }
  return layers;
}
