import type { IdentityPoolConfig, UserPoolConfig } from '../../types.ts';
import type { ApiCollector } from '../api-collector.ts';

/** What one style's parser read. */
export interface StyleResult {
  readonly collected: ApiCollector;
  readonly userPool: UserPoolConfig | undefined;
  readonly identityPool: IdentityPoolConfig | undefined;
  /** Where this style keeps its REST APIs, for the error when there are none. */
  readonly restApisPath: string;
  /** How to add a REST API in this style. */
  readonly restApisHint: string;
}

export interface StyleOptions {
  readonly allowInsecureHttp: boolean;
}
