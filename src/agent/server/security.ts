/**
 * The agent's request gate: DNS-rebinding defence (Host allow-list), cross-origin defence
 * (Origin allow-list) and the bearer token, compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes (256 bits), base64url: what `perfcast agent` generates when no token is given. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Both sides are hashed first so the comparison takes the same time whatever the lengths:
 * timingSafeEqual alone throws on unequal lengths, which would leak the token's length.
 */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer ([^\s]+)$/.exec(header.trim());
  return match ? match[1] : null;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Host values a browser sends for this server: a loopback name, with or without the port. */
export function allowedHosts(port: number, extra: readonly string[] = []): Set<string> {
  const out = new Set<string>();
  for (const name of [...LOOPBACK_NAMES, ...extra]) {
    out.add(name.toLowerCase());
    out.add(`${name.toLowerCase()}:${port}`);
  }
  return out;
}

export function hostAllowed(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  return host !== undefined && allowed.has(host.trim().toLowerCase());
}

/** The dashboard's origins: the Vite dev server and preview on loopback names. */
export function defaultOrigins(): string[] {
  return [5173, 4173].flatMap((p) => [`http://127.0.0.1:${p}`, `http://localhost:${p}`]);
}

/**
 * A request without Origin comes from a tool (curl, a script), not from a page, and is allowed;
 * a page on any origin not listed is refused, so it can neither act nor read a response.
 */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  return origin === undefined || allowed.has(origin);
}
