/** What {@link stalledFetch} answers with once told to: the call's input and init, as fetch got them. */
export type FetchAnswer = (
  input: RequestInfo | URL,
  init: RequestInit | undefined,
) => Response | Promise<Response>;

/** A fetch that accepts every call and never answers, until {@link StalledFetch.answerWith} is called. */
export interface StalledFetch {
  /** Pass this as the `fetch` option of the code under test. */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** How many calls it received, answered or not. */
  readonly calls: number;
  /** The signal of each call, in order (`undefined` when a call had none). */
  readonly signals: readonly (AbortSignal | undefined)[];
  /** From now on, answers every call with `answer` instead of stalling. */
  answerWith(answer: FetchAnswer): void;
}

/**
 * A remote that accepts the connection and never answers: a stalled call waits until its signal aborts
 * and then rejects with the signal's reason, as fetch does. The harness of the `timeoutMs` tests: with
 * {@link rejectionAtTimeout} the wait is virtual; in integration-tests it is measured on the wall clock.
 *
 * @example
 * const cognito = stalledFetch();
 * const session = userPoolSession({ userPoolId, clientId, tokens, fetch: cognito.fetch, timeoutMs: 150 });
 * const error = await rejectionAtTimeout(() => session.getTokens(), 150);
 * cognito.answerWith(() => Response.json({ AuthenticationResult: { AccessToken, IdToken } }));
 */
export function stalledFetch(): StalledFetch {
  let answer: FetchAnswer | undefined;
  const signals: (AbortSignal | undefined)[] = [];
  return {
    async fetch(input, init) {
      const signal = init?.signal ?? undefined;
      signals.push(signal);
      if (answer !== undefined) return answer(input, init);
      return new Promise<Response>((_resolve, reject) => {
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    },
    get calls() {
      return signals.length;
    },
    signals,
    answerWith(next) {
      answer = next;
    },
  };
}
