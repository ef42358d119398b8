/**
 * Outside Node (browsers, workers, anything bundled without the `node` condition) ky 2 always works, so
 * there is nothing to refuse: `#node-guard` resolves here and costs a bundle nothing.
 */
export function refuseNodeWithoutKy2(): void {}
