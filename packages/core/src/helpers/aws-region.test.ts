import { describe, expect, it } from '@jest/globals';
import { isAwsRegion } from './aws-region.ts';

describe('isAwsRegion', () => {
  it.each([
    'us-east-1',
    'eu-central-1',
    'ap-southeast-5',
    'cn-north-1',
    'us-gov-west-1',
    'us-isob-east-1',
    'eusc-de-east-1',
    'me-central-1',
  ])('accepts the region %s', (region) => {
    expect(isAwsRegion(region)).toBe(true);
  });

  it.each([
    '',
    'us-east',
    'US-EAST-1',
    'us-east-1_AbCdEf123',
    'us-east-1:0a1b2c3d',
    'useast1',
    'us-east-123',
    'x-east-1',
    'us-east-1.amazonaws.com',
    ' us-east-1',
    `${'a-'.repeat(20)}1`,
  ])('refuses %j', (value) => {
    expect(isAwsRegion(value)).toBe(false);
  });
});
