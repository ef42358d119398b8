/**
 * A full garbage collection on demand in Node, so one case's garbage (1 MiB bodies) is not the next
 * one's pause. `pnpm bench` runs plain `node`, so the collector is exposed here rather than by a flag.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');

export const collectGarbage = runInNewContext('gc') as () => void;
