/** A canonical request cut into its parts, as SigV4 lays it out line by line. */
interface CanonicalParts {
  readonly method: string;
  readonly uri: string;
  readonly query: string;
  /** `name:value` lines, in order. */
  readonly headers: readonly string[];
  readonly signedHeaders: string;
  readonly payloadHash: string;
}

/** Headers whose values are credentials (or may be): named, never quoted. */
const secretHeader = /token|key|secret|auth|cookie|signature|credential|session|password/i;
/** Query parameters likewise: a presigned URL's signature and token, an `api_key`, … */
const secretParameter = secretHeader;

/** A value short enough for a message, and quoted. */
function quoted(value: string): string {
  return `'${value.length > 120 ? `${value.slice(0, 117)}...` : value}'`;
}

function parse(canonical: string): CanonicalParts | undefined {
  const lines = canonical.split('\n');
  // method, uri, query, ≥1 header, blank, signed headers, payload hash
  if (lines.length < 7) return undefined;
  const blank = lines.indexOf('', 3);
  if (blank < 0 || blank !== lines.length - 3) return undefined;
  return {
    method: lines[0]!,
    uri: lines[1]!,
    query: lines[2]!,
    headers: lines.slice(3, blank),
    signedHeaders: lines[blank + 1]!,
    payloadHash: lines[blank + 2]!,
  };
}

function headerMap(lines: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    map.set(colon < 0 ? line : line.slice(0, colon), colon < 0 ? '' : line.slice(colon + 1));
  }
  return map;
}

function queryPairs(query: string): [string, string][] {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    return equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
  });
}

/**
 * The first difference between the canonical request a service computed (`expected`) and the one the
 * signer signed (`signed`), in words, in the order a reader checks them: method, canonical URI, query,
 * signed-header list, each header's name and value, payload hash. `'same'` when they are identical,
 * `undefined` when either cannot be read. Values of headers and query parameters that look like
 * credentials (`x-amz-security-token`, `x-api-key`, …) are named, never quoted. `payloadKnown` is false
 * when the signer could not recompute the hash it signed (a streamed body).
 */
export function canonicalDifference(
  expected: string,
  signed: string,
  payloadKnown: boolean,
): string | 'same' | undefined {
  const service = parse(expected);
  const ours = parse(signed);
  if (service === undefined || ours === undefined) return undefined;

  if (service.method !== ours.method) {
    return `the method differs: API Gateway received ${service.method}, ky-auth signed ${ours.method}. Something between ky-auth and the API changed the method (a proxy or a method-override hook running after authHooks).`;
  }
  if (service.uri !== ours.uri) {
    return `the canonical URI differs: API Gateway expected ${quoted(service.uri)}, ky-auth signed ${quoted(ours.uri)}. The path arrived encoded differently from how it was signed (a proxy, CDN or fetch wrapper re-encoding characters such as * @ ! ' ( ) or spaces after signing). Send the path percent-encoded the way it reaches the API (e.g. '%2A' for '*'), or sign behind the layer that rewrites it.`;
  }
  if (service.query !== ours.query) {
    const theirs = queryPairs(service.query);
    const mine = queryPairs(ours.query);
    const length = Math.max(theirs.length, mine.length);
    for (let index = 0; index < length; index += 1) {
      const [theirName, theirValue] = theirs[index] ?? ['', ''];
      const [myName, myValue] = mine[index] ?? ['', ''];
      if (theirName !== myName) {
        return `the query differs: API Gateway's canonical query has ${theirName === '' ? 'no more parameters' : `the parameter '${theirName}'`} where ky-auth signed ${myName === '' ? 'none' : `'${myName}'`}. A parameter was added, removed or renamed after signing; add search parameters before authHooks runs (ky's searchParams option does).`;
      }
      if (theirValue !== myValue) {
        const values = secretParameter.test(theirName)
          ? ''
          : `: API Gateway ${quoted(theirValue)}, ky-auth ${quoted(myValue)}`;
        return `the query parameter '${theirName}' differs${values}. It was changed or re-encoded after signing (send '+' as '%2B', a space as '%20').`;
      }
    }
  }
  if (service.signedHeaders !== ours.signedHeaders) {
    return `the signed-header list differs: API Gateway read ${quoted(service.signedHeaders)}, ky-auth signed ${quoted(ours.signedHeaders)}. The Authorization header was rewritten after ky-auth set it (another signer, or a hook running after authHooks): add authHooks last.`;
  }
  const theirHeaders = headerMap(service.headers);
  const myHeaders = headerMap(ours.headers);
  for (const [name, mine] of myHeaders) {
    const theirs = theirHeaders.get(name);
    if (theirs === undefined) {
      return `the header '${name}' that ky-auth signed is not in API Gateway's canonical request: something removed it on the way (a proxy, or the browser refusing to send it).`;
    }
    if (theirs !== mine) {
      const values = secretHeader.test(name)
        ? ''
        : `: API Gateway received ${quoted(theirs)}, ky-auth signed ${quoted(mine)}`;
      return `the value of the header '${name}' differs${values}. It was changed after signing (a hook running after authHooks, a fetch wrapper or a proxy): set it before authHooks runs, or leave it to the layer that rewrites it.`;
    }
  }
  for (const name of theirHeaders.keys()) {
    if (!myHeaders.has(name)) {
      return `API Gateway's canonical request has the header '${name}', which ky-auth did not sign: it was added after signing.`;
    }
  }
  if (service.payloadHash !== ours.payloadHash) {
    return payloadKnown
      ? `the payload hash differs: the body API Gateway received is not the body ky-auth signed (SHA-256 ${service.payloadHash.slice(0, 12)}… received, ${ours.payloadHash.slice(0, 12)}… signed). Something changed the body after signing (a hook or fetch wrapper re-serializing JSON, a proxy compressing it): pass the body to ky as it should arrive.`
      : 'everything but the payload hash matches, and ky-auth cannot recompute the hash of the streamed body it signed: the body that arrived differs from the one signed (changed after signing), or the secret key is wrong.';
  }
  return 'same';
}
