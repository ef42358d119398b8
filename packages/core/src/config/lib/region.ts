import type { ConfigError } from '../../errors.ts';
import { configError } from './config-error.ts';
import type { JsonObject } from './json.ts';
import { childPath } from './json-path.ts';
import { optionalString } from './read.ts';

// Every partition's regionRegex in the AWS SDKs' partitions.json, in one: a 2–4 letter prefix (us, cn,
// eusc), one to three words (east, gov-west, isob-east, de-east) and a number. Linear: each group starts
// with the dash the previous one cannot consume.
const regionPattern = /^[a-z]{2,4}(?:-[a-z]+){1,3}-\d{1,2}$/;

/** True for a plausible AWS region name such as `us-east-1`, `cn-north-1`, `us-gov-west-1`. */
export function isAwsRegion(value: string): boolean {
  return value.length <= 32 && regionPattern.test(value);
}

/** The optional `region`-like field `key` of `object`, checked. */
export function optionalRegion(object: JsonObject, key: string, path: string): string | undefined {
  const region = optionalString(object, key, path);
  if (region !== undefined && !isAwsRegion(region)) throw invalidRegion(childPath(path, key));
  return region;
}

/** The error for a value at `path` that is not a region name; the value is not repeated. */
export function invalidRegion(path: string): ConfigError {
  return configError(
    'ERR_CONFIG_INVALID_REGION',
    path,
    'expected an AWS region name such as us-east-1, eu-central-1 or us-gov-west-1.',
  );
}
