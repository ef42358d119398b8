/** `20240101T000000Z`, SigV4's ISO 8601 basic format. */
export function formatAmzDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Milliseconds since the epoch of a `20240101T000000Z` date, or undefined when it is not one. */
export function parseAmzDate(amzDate: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) return undefined;
  const [, year, month, day, hours, minutes, seconds] = match.map(Number) as number[];
  const epochMs = Date.UTC(year!, month! - 1, day!, hours!, minutes!, seconds!);
  return Number.isNaN(epochMs) ? undefined : epochMs;
}
