const identifier = /^[A-Za-z_$][\w$]*$/;

/**
 * The path of `key` inside the value at `parent`: `api.plugins`, `aws_cloud_logic_custom[0]`,
 * `awsAPIPlugin["<YOUR-RESTENDPOINT-NAME>"]`. The document itself is `$`.
 */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!identifier.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '$' ? key : `${parent}.${key}`;
}
