/** A region and signing service read from an AWS host name. */
export interface HostScope {
  readonly region: string;
  readonly service: string;
}

const hostPatterns: readonly (readonly [RegExp, string])[] = [
  // REST and HTTP APIs, private APIs through a VPC endpoint, and the China partition.
  [/^[^.]+\.execute-api\.([a-z0-9-]+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/, 'execute-api'],
  // Lambda function URLs.
  [/^[^.]+\.lambda-url\.([a-z0-9-]+)\.on\.aws$/, 'lambda'],
];

/** The region and service of an API Gateway or Lambda function URL host; `undefined` for any other host. */
export function inferScope(hostname: string): HostScope | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  for (const [pattern, service] of hostPatterns) {
    const region = pattern.exec(host)?.[1];
    if (region !== undefined) return { region, service };
  }
  return undefined;
}
