/**
 * Headers no signer signs, as smithy (the AWS SDK for JavaScript's signer) lists them: hop-by-hop headers,
 * and those that browsers, proxies or tracing rewrite on the way. The same set as smithy's
 * `ALWAYS_UNSIGNABLE_HEADERS`, so a request signs as the SDK would sign it.
 */
const alwaysUnsignable = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

/** Browsers set `sec-*` headers themselves and proxies consume `proxy-*` ones (smithy's patterns). */
const unsignablePrefix = /^(?:proxy|sec)-/;

/**
 * The headers SigV4 signs, by lower-case name, with their canonical values: runs of spaces, tabs and line
 * breaks folded into one space and the leading and trailing one dropped. Only those four characters, not
 * all Unicode white space (`String#trim`), exactly as smithy folds them. Where names differ only in case,
 * the value of the name sorting last wins, as in smithy. Leaves out the headers no signer signs and
 * `unsignable` ones (lower case). Without a prototype, so `__proto__` is a name like any other.
 */
export function canonicalHeaders(
  headers: Readonly<Record<string, string>>,
  unsignable?: ReadonlySet<string>,
): Record<string, string> {
  const canonical: Record<string, string> = Object.create(null);
  for (const name of Object.keys(headers).sort()) {
    const lowerName = name.toLowerCase();
    if (alwaysUnsignable.has(lowerName) || unsignable?.has(lowerName) || unsignablePrefix.test(lowerName))
      continue;
    canonical[lowerName] = headers[name]!.replace(/[\r\n \t]+/g, ' ').replace(/^ | $/g, '');
  }
  return canonical;
}
