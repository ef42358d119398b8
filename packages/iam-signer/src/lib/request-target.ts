import { BoundedMap } from './bounded-map.ts';
import { canonicalUri } from './canonical-request.ts';
import { queryRecord } from './query-record.ts';
import { s3CanonicalPath } from './s3-path.ts';
import { type SigningSettings, signingScope } from './signing-settings.ts';

/** What SigV4 signs of a URL: the same for every request a signer sends to it. */
export interface RequestTarget {
  readonly host: string;
  readonly region: string;
  readonly service: string;
  readonly uriEscapePath: boolean;
  /** The canonical path and query lines. */
  readonly canonicalUri: string;
}

/** URLs remembered per signer: an app calls a handful of them again and again. */
const keptUrls = 64;
const targetsBySettings = new WeakMap<SigningSettings, BoundedMap<string, RequestTarget>>();

/**
 * The target of `url` under `settings`: parsed, scoped and canonicalized once per URL (a signer keeps the
 * 64 it used last), so the steady state skips the URL parser and the encoding. Fails as `signingScope` does.
 */
export function requestTarget(settings: SigningSettings, url: string): RequestTarget {
  let targets = targetsBySettings.get(settings);
  const known = targets?.get(url);
  if (known !== undefined) return known;

  const parsed = new URL(url);
  const { region, service } = signingScope(settings, parsed);
  const uriEscapePath = settings.uriEscapePath ?? service !== 's3';
  // S3 checks the path it decoded and encoded again: sign that, not the path as sent.
  const path = service === 's3' && !uriEscapePath ? s3CanonicalPath(parsed.pathname) : parsed.pathname;
  const target: RequestTarget = {
    host: parsed.host,
    region,
    service,
    uriEscapePath,
    canonicalUri: canonicalUri(path, queryRecord(parsed.search), uriEscapePath),
  };
  if (targets === undefined) {
    targets = new BoundedMap(keptUrls);
    targetsBySettings.set(settings, targets);
  }
  targets.set(url, target);
  return target;
}
