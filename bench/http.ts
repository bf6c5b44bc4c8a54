/**
 * The benchmark's HTTP client: node:http with keep-alive sockets. fetch (undici) spends about a
 * millisecond of CPU a request on this machine, which the server would then share its cores with.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export interface Reply {
  status: number;
  body: string;
}

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const headers = { ...options.headers };
  if (options.body !== undefined)
    headers['content-length'] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Lets the process end: keep-alive sockets would hold it. */
export function closeClient(): void {
  agent.destroy();
}
