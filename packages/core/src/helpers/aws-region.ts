// Every partition's regionRegex in the AWS SDKs' partitions.json, in one: a 2–4 letter prefix (us, cn,
// eusc), one to three words (east, gov-west, isob-east, de-east) and a number. Linear: each group starts
// with the dash the previous one cannot consume.
const regionPattern = /^[a-z]{2,4}(?:-[a-z]+){1,3}-\d{1,2}$/;

/**
 * True for a plausible AWS region name such as `us-east-1`, `cn-north-1`, `us-gov-west-1`: the one rule
 * for a region that the configuration, the user-pool session and the identity pool ID all check.
 *
 * @example
 * ```ts
 * import { isAwsRegion } from '@ky-auth/core';
 *
 * isAwsRegion('eu-central-1'); // true
 * isAwsRegion('us-east-1_AbCdEf123'); // false: a user pool ID, not its region
 * ```
 */
export function isAwsRegion(value: string): boolean {
  return value.length <= 32 && regionPattern.test(value);
}
