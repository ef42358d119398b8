/** Makes `target` hold exactly the headers of `pristine`, undoing what an earlier attempt added. */
export function restoreHeaders(target: Headers, pristine: Headers): void {
  const added: string[] = [];
  for (const name of target.keys()) if (!pristine.has(name)) added.push(name);
  for (const name of added) target.delete(name);
  for (const [name, value] of pristine) if (target.get(name) !== value) target.set(name, value);
}
