/** A route path matcher accepting API Gateway (`/items/{id}`, `/{proxy+}`) and MSW (`/items/:id`, `*`) syntax. */
export interface RoutePattern {
  readonly path: string;
  /** 0 for a static path, 1 with parameters, 2 with a greedy parameter or wildcard: lower wins. */
  readonly generality: number;
  match(relativePath: string): Record<string, string> | undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function routePattern(path: string): RoutePattern {
  const names: string[] = [];
  let generality = 0;
  const source = path
    .split(/(\{[^}]+\}|:[A-Za-z0-9_]+|\*)/)
    .map((part) => {
      if (part === '*') {
        generality = 2;
        names.push(String(names.length));
        return '(.*)';
      }
      const greedy = /^\{(.+)\+\}$/.exec(part);
      if (greedy) {
        generality = 2;
        names.push(greedy[1]!);
        return '(.+)';
      }
      const named = /^\{(.+)\}$/.exec(part) ?? /^:(.+)$/.exec(part);
      if (named) {
        generality = Math.max(generality, 1);
        names.push(named[1]!);
        return '([^/]+)';
      }
      return escapeRegExp(part);
    })
    .join('');
  const regExp = new RegExp(`^${source}/?$`);
  return {
    path,
    generality,
    match(relativePath) {
      const found = regExp.exec(relativePath);
      if (!found) return undefined;
      return Object.fromEntries(names.map((name, index) => [name, decode(found[index + 1] ?? '')]));
    },
  };
}
