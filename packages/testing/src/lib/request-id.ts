export function requestId(): string {
  return crypto.randomUUID();
}

/** Headers every gateway answer carries: its request id and the gateway clock's `Date`. */
export function gatewayHeaders(id: string, now: number): Headers {
  return new Headers({ date: new Date(now).toUTCString(), 'x-amzn-RequestId': id });
}
