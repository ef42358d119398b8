import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseConfig } from '@ky-auth/core';

// Costs measured on the wall clock, kept out of the unit tests (a loaded machine slows them, not a bug):
// the bounds leave room for a slow CI machine, not for a quadratic slip.

const apiKeySecret = 'da2-apikey-DoNotLeak-0123456789abcdef';

const nativeWith = (entry: Record<string, unknown>) => ({
  awsAPIPlugin: { orders: { endpointType: 'REST', endpoint: 'https://api.example.com/prod', ...entry } },
});

describe('parseConfig cost', () => {
  const hundredApis = {
    awsAPIPlugin: Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [
        `api${index}`,
        {
          endpointType: index % 10 === 0 ? 'GraphQL' : 'REST',
          endpoint: `https://a${index}b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod`,
          region: 'us-west-2',
          authorizationType: index % 2 === 0 ? 'API_KEY' : 'AWS_IAM',
          apiKey: apiKeySecret,
        },
      ]),
    ),
  };

  it('parses a 100-API configuration in well under a millisecond on average', () => {
    for (let warm = 0; warm < 50; warm++) parseConfig(hundredApis);
    const runs = 500;
    const started = performance.now();
    for (let run = 0; run < runs; run++) parseConfig(hundredApis);
    const average = (performance.now() - started) / runs;
    // Measured about 0.1 ms.
    expect(average).toBeLessThan(2);
    expect(parseConfig(hundredApis).apis.size).toBe(90);
  });

  it('refuses 5 MB values quickly, each with a ConfigError', () => {
    const huge = 'x'.repeat(5_000_000);
    const started = performance.now();
    for (const entry of [
      { endpoint: huge },
      { region: huge },
      { authorizationType: huge },
      { endpointType: huge },
    ]) {
      let thrown: unknown;
      try {
        parseConfig(nativeWith(entry));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).message.length).toBeLessThan(1_000);
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});
