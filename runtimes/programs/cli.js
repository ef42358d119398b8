// Node, Deno and Bun: the program's input as the first argument, its answer as JSON on stdout.
import { callApi } from './program.js';

const [input] = globalThis.Deno?.args ?? process.argv.slice(2);
console.log(JSON.stringify(await callApi(JSON.parse(input))));
