/**
 * A filter over recorded calls: the fields that must be equal, or a predicate.
 *
 * @example
 * ```ts
 * gateway.count({ outcome: 'rejected', errorType: 'InvalidSignatureException' });
 * gateway.count((call) => call.status >= 400 && call.path.startsWith('/prod/admin'));
 * ```
 */
export type CallFilter<Call> = Partial<Call> | ((call: Call) => boolean);

export interface Recorder<Call> {
  readonly calls: readonly Call[];
  record(call: Call): void;
  count(filter?: CallFilter<Call>): number;
  reset(): void;
}

function matches<Call>(call: Call, filter: CallFilter<Call>): boolean {
  if (typeof filter === 'function') return filter(call);
  return Object.entries(filter).every(([key, value]) => call[key as keyof Call] === value);
}

export function createRecorder<Call>(): Recorder<Call> {
  const calls: Call[] = [];
  return {
    calls,
    record: (call) => {
      calls.push(call);
    },
    count: (filter) =>
      filter === undefined ? calls.length : calls.filter((call) => matches(call, filter)).length,
    reset: () => {
      calls.length = 0;
    },
  };
}
