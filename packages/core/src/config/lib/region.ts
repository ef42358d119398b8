import { isAwsRegion } from '../../helpers/aws-region.ts';
import { fail } from './read.ts';

/** `region` when it is absent or a region name; else `ERR_CONFIG_INVALID_REGION` at `path`. */
export function checkRegion(region: string | undefined, path: string): string | undefined {
  if (region === undefined || isAwsRegion(region)) return region;
  throw fail('INVALID_REGION', path, 'expected an AWS region name such as us-east-1.');
}
