/**
 * Which client sent a request, as a key for per-client limits: the socket's remote address, or,
 * behind proxies the deployment trusts (TRUST_PROXY), the address they put in X-Forwarded-For.
 * X-Forwarded-For is believed from nowhere else: any client can write it.
 */
import type { Context } from 'hono';

interface Socket {
  remoteAddress?: string;
  localAddress?: string;
  localPort?: number;
  encrypted?: boolean;
}

/** The request's socket; none for app.request() (tests). */
function socketOf(c: Context): Socket | undefined {
  // @hono/node-server's bindings: { incoming, outgoing }, or under `server` when wrapped.
  const env = c.env as { incoming?: { socket?: Socket }; server?: unknown } | undefined;
  const bindings = (env?.server ?? env) as typeof env;
  return bindings?.incoming?.socket;
}

/** The address the socket came from; `local` for app.request() (tests), which has no socket. */
export function socketAddress(c: Context): string {
  return socketOf(c)?.remoteAddress ?? 'local';
}

/** The app's own end of the connection: the address and port the client really reached. */
export function localEnd(c: Context): { address: string; port: number; encrypted: boolean } | null {
  const socket = socketOf(c);
  if (!socket?.localAddress || !socket.localPort) return null;
  return { address: socket.localAddress, port: socket.localPort, encrypted: !!socket.encrypted };
}

/**
 * The client's address with `trustedProxies` proxies in front: each appends the address it was
 * reached from to X-Forwarded-For, so the client is the entry that many from the right (the
 * socket itself when the header has fewer). With none trusted the header is ignored.
 */
export function clientAddress(c: Context, trustedProxies: number): string {
  const socket = socketAddress(c);
  if (trustedProxies <= 0) return socket;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  // The socket, then each hop outwards (as the proxies wrote them, from the right).
  const hops = [socket, ...forwarded.reverse()];
  return hops[Math.min(trustedProxies, hops.length - 1)]!;
}

/** Expands an IPv6 address's `::` into the zero groups it stands for: eight groups. */
function ipv6Groups(address: string): string[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 and the like) is two groups.
  if (tail.length && tail[tail.length - 1]!.includes('.')) tail.splice(-1, 1, '0', '0');
  if (head.length && head[head.length - 1]!.includes('.')) head.splice(-1, 1, '0', '0');
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  return [...head, ...Array<string>(missing).fill('0'), ...tail];
}

/**
 * The limit key of an address. One subscriber holds a whole IPv6 /64, so IPv6 addresses are
 * counted by that prefix (otherwise each request could come from a new address); an IPv4 address
 * written as IPv6 (::ffff:1.2.3.4) is the IPv4 address.
 */
export function addressKey(address: string): string {
  const plain = address.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (mapped) return mapped[1]!;
  if (!plain.includes(':')) return plain;
  const groups = ipv6Groups(plain);
  if (!groups) return plain;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
