export function sourceDigest(): string;
export function ensureBuilt(opts?: { quiet?: boolean }): Promise<boolean>;
