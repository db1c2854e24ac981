/**
 * Address lists for devices (CONTRACT.md §9 `allowedIps`): IPv4 and IPv6 CIDRs, parsed exactly (no
 * library: the rules are small and a wrong match is an impersonation). Pure.
 */

export interface Cidr {
  family: 4 | 6;
  /** Network address as a big integer (32 or 128 bits). */
  net: bigint;
  bits: number;
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] | undefined => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const words: number[] = [];
  const push = (list: string[], isLast: boolean): boolean => {
    for (let i = 0; i < list.length; i++) {
      const g = list[i]!;
      if (isLast && i === list.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return false;
        words.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
      words.push(parseInt(g, 16));
    }
    return true;
  };
  if (!push(head, halves.length === 1)) return undefined;
  const headLen = words.length;
  if (!push(tail, true)) return undefined;
  const tailWords = words.splice(headLen);
  if (halves.length === 2) {
    const fill = 8 - words.length - tailWords.length;
    if (fill < 1) return undefined;
    words.push(...new Array<number>(fill).fill(0));
  }
  words.push(...tailWords);
  if (words.length !== 8) return undefined;
  return words.reduce((acc, w) => (acc << 16n) | BigInt(w), 0n);
}

/** An address, IPv4-mapped IPv6 (::ffff:a.b.c.d) read as the IPv4 address it is. */
export function parseIp(s: string): { family: 4 | 6; value: bigint } | undefined {
  const t = s.trim();
  const v4 = parseIpv4(t);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(t.replace(/%.*$/, '')); // a zone index (fe80::1%eth0) says nothing about the address
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

/** 'a.b.c.d/n', 'x::y/n', or a bare address (a /32 or /128). Undefined when it is not one. */
export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, ...rest] = s.trim().split('/');
  if (rest.length > 0 || addr === undefined || addr === '') return undefined;
  const family: 4 | 6 = addr.includes(':') ? 6 : 4;
  const value = family === 4 ? parseIpv4(addr) : parseIpv6(addr);
  if (value === undefined) return undefined;
  const width = family === 4 ? 32 : 128;
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return undefined;
  const bits = len === undefined ? width : Number(len);
  if (bits > width) return undefined;
  const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(width - bits);
  return { family, net: value & mask, bits };
}

function inCidr(ip: { family: 4 | 6; value: bigint }, c: Cidr): boolean {
  let { family, value } = ip;
  let { net, bits } = c;
  if (c.family === 6 && family === 4) {
    // An IPv6 list entry may cover IPv4-mapped addresses (::ffff:0:0/96).
    value = 0xffff00000000n | value;
    family = 6;
  }
  if (family !== c.family) return false;
  const width = family === 4 ? 32 : 128;
  if (bits === 0) return true;
  const mask = ((1n << BigInt(bits)) - 1n) << BigInt(width - bits);
  return (value & mask) === (net & mask);
}

/** Is `address` inside any of the CIDRs? An address that does not parse is inside none. */
export function ipAllowed(address: string | undefined, cidrs: readonly string[]): boolean {
  const ip = address === undefined ? undefined : parseIp(address);
  if (!ip) return false;
  return cidrs.some((c) => {
    const parsed = parseCidr(c);
    return parsed !== undefined && inCidr(ip, parsed);
  });
}

