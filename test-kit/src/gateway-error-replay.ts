import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from '@jest/globals';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

/** One of fixtures/api-gateway-errors: an answer as public documentation or an issue shows it. */
export interface GatewayErrorFixture {
  readonly status: number;
  readonly errorType: string | null;
  readonly body: unknown;
  readonly source: string;
}

const fixturesDirectory = new URL('../../fixtures/api-gateway-errors/', import.meta.url);

/** Reads the fixture `name` (without `.json`). */
export function gatewayErrorFixture(name: string): GatewayErrorFixture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, fixturesDirectory), 'utf8')) as GatewayErrorFixture;
}

/**
 * An MSW server, listening for the calling test file, that answers every request to `origins` with the
 * fixture last chosen by `answerWith(name)` (its status, JSON body and `x-amzn-ErrorType`, with the
 * `:http://internal.amazon.com/…` suffix API Gateway's REST APIs add when `withTypeSuffix`).
 *
 * @example
 * const replay = replayGatewayErrors(['https://abc123.execute-api.us-east-1.amazonaws.com/prod']);
 * replay.answerWith('rest-api-key-forbidden');
 */
export function replayGatewayErrors(
  origins: readonly string[],
  options: { withTypeSuffix?: (origin: string) => boolean } = {},
): { answerWith(name: string): GatewayErrorFixture } {
  let answer: GatewayErrorFixture | undefined;
  const server = setupServer(
    ...origins.map((origin) =>
      http.all(`${origin}/*`, () =>
        HttpResponse.json(answer?.body as never, {
          status: answer?.status ?? 200,
          headers: answer?.errorType
            ? {
                'x-amzn-ErrorType':
                  options.withTypeSuffix?.(origin) === true
                    ? `${answer.errorType}:http://internal.amazon.com/coral/com.amazon.coral.service/`
                    : answer.errorType,
              }
            : {},
        }),
      ),
    ),
  );
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());
  return {
    answerWith(name) {
      answer = gatewayErrorFixture(name);
      return answer;
    },
  };
}
