import { networkInterfaces } from 'node:os';

/**
 * DNS rebinding: a page on an attacker's domain whose name they re-point to 127.0.0.1 talks to this
 * host with the browser's blessing (same origin, as far as the browser knows), but its requests still
 * carry the attacker's name in `Host`. So every request and WebSocket upgrade must name a host this
 * process actually serves: loopback, the bind address (every interface address when bound to all of
 * them, since an IP literal cannot be rebound), and the host of `host.public_url`.
 */

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const ALL_INTERFACES = new Set(['0.0.0.0', '::', '']);

export type HostAllowList = ReadonlySet<string>;

/** Loopback only: what a host that has not been told more accepts. */
export const LOOPBACK_HOSTS: HostAllowList = new Set(LOOPBACK_NAMES);

export function allowedHosts(bind: string, publicUrl: string | undefined): HostAllowList {
  const names = new Set(LOOPBACK_NAMES);
  const address = bind.toLowerCase().replace(/^\[|\]$/g, '');
  if (ALL_INTERFACES.has(address)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const nic of list ?? []) names.add(nic.address.toLowerCase().replace(/%.*$/, ''));
    }
  } else names.add(address);
  if (publicUrl) names.add(new URL(publicUrl).hostname.toLowerCase().replace(/^\[|\]$/g, ''));
  return names;
}

/** The host name of a `Host` header (port and IPv6 brackets dropped), lower case; undefined if malformed. */
export function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    const { hostname } = new URL(`http://${header}`);
    // `Host: a@b` or `Host: a/b` would parse as something else: only a bare host[:port] counts.
    if (`${hostname}`.length === 0 || /[@/?#\\\s]/.test(header)) return undefined;
    return hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

export function isAllowedHost(header: string | undefined, allowed: HostAllowList): boolean {
  const name = hostName(header);
  return name !== undefined && allowed.has(name);
}

/** What a refused request is told (421 Misdirected Request): which names work, not what it sent. */
export const MISDIRECTED =
  'This host does not serve the name in the Host header (DNS rebinding protection): use localhost, 127.0.0.1 or host.public_url';
