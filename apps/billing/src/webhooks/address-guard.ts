import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

/**
 * Where webhooks may go (SSRF guard): never to the platform's own network. A host is
 * resolved first and every address it resolves to must be public; the request then
 * connects to the address checked (no second lookup a rebinding DNS could answer
 * differently). Refused: unspecified, loopback, private (RFC 1918, unique-local), shared
 * (CGNAT), link-local (with 169.254.169.254, the cloud metadata address), benchmarking,
 * multicast and reserved ranges, in IPv4, IPv6 and IPv4-mapped IPv6.
 *
 * `allowed` is the deployment's explicit exception list (BILLING_WEBHOOK_ALLOWED_ADDRESSES,
 * refused in production by the config): tests name 127.0.0.1 to reach their local receiver.
 */
const REFUSED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  REFUSED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  REFUSED.addSubnet(net, prefix, 'ipv6');
}

/** An exception list: addresses (`127.0.0.1`) or ranges (`127.0.0.0/8`, `::1/128`). */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address)) throw new Error(`not an IP address or range: ${entry}`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** Whether a request may go to this (resolved) address. */
export function addressAllowed(address: string, allowed: BlockList): boolean {
  const family = isIP(address);
  if (!family) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (allowed.check(address, type)) return true;
  const mapped = type === 'ipv6' ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address) : null;
  if (mapped) return addressAllowed(mapped[1], allowed);
  return !REFUSED.check(address, type);
}

export type ResolvedTarget =
  | { ok: true; url: URL; address: string; family: 4 | 6; allowlisted: boolean }
  | { ok: false; reason: string };

/**
 * Resolves the URL's host and checks every address; the first is the one to connect to.
 * Only https, unless the address is on the exception list (a test's plain-HTTP receiver).
 */
export async function resolveTarget(rawUrl: string, allowed: BlockList): Promise<ResolvedTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'must be an https URL' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry credentials' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await lookup(host, { all: true, verbatim: true });
  } catch {
    return { ok: false, reason: 'has a host that does not resolve' };
  }
  if (!addresses.length) return { ok: false, reason: 'has a host that does not resolve' };
  if (!addresses.every(({ address }) => addressAllowed(address, allowed))) {
    return {
      ok: false,
      reason: 'resolves to an address the platform does not send to (internal, private or reserved)',
    };
  }
  const first = addresses[0];
  const allowlisted = addresses.every(({ address }) => allowed.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4'));
  if (url.protocol !== 'https:' && !allowlisted) return { ok: false, reason: 'must be an https URL' };
  return { ok: true, url, address: first.address, family: first.family === 6 ? 6 : 4, allowlisted };
}
