const longest = 64;

/** An API name or key, quoted for a message and cut short if it is long. Names are not secrets. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > longest ? `${name.slice(0, longest - 1)}…` : name);
}

/** Up to a screenful of quoted names: `"a", "b" and 3 more`, or `none`. */
export function listNames(names: Iterable<string>): string {
  const all = [...names];
  if (all.length === 0) return 'none';
  const shown = all.slice(0, 20).map(quoteName).join(', ');
  return all.length > 20 ? `${shown} and ${all.length - 20} more` : shown;
}
