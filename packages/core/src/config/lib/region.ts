import { fail } from './read.ts';

// Every partition's regionRegex in the AWS SDKs' partitions.json, in one: a 2–4 letter prefix (us, cn,
// eusc), one to three words (east, gov-west, isob-east, de-east) and a number. Linear: each group starts
// with the dash the previous one cannot consume.
const regionPattern = /^[a-z]{2,4}(?:-[a-z]+){1,3}-\d{1,2}$/;

/** True for a plausible AWS region name such as `us-east-1`, `cn-north-1`, `us-gov-west-1`. */
export function isAwsRegion(value: string): boolean {
  return value.length <= 32 && regionPattern.test(value);
}

/** `region` when it is absent or a region name; else `ERR_CONFIG_INVALID_REGION` at `path`. */
export function checkRegion(region: string | undefined, path: string): string | undefined {
  if (region === undefined || isAwsRegion(region)) return region;
  throw fail('INVALID_REGION', path, 'expected an AWS region name such as us-east-1.');
}
