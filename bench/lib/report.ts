/** Markdown for bench/results.md and the terminal, and the targets each section checks. */
import { cpus } from 'node:os';

export interface Target {
  readonly text: string;
  readonly met: boolean;
  /** The figures behind the verdict. */
  readonly detail: string;
}

export interface Section {
  readonly title: string;
  readonly markdown: string;
  readonly targets: readonly Target[];
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = header.map((_, i) => (i === 0 ? ':--' : '--:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export function machine(): { cpu: string; cores: number } {
  const list = cpus();
  return { cpu: list[0]?.model.trim() ?? 'unknown', cores: list.length };
}

export function targetLines(targets: readonly Target[]): string {
  return targets
    .map(({ text, met, detail }) => `- ${met ? '✅ met' : '❌ missed'}: ${text} (${detail})`)
    .join('\n');
}

export function ratio(value: number, base: number): string {
  return `${(value / base).toFixed(2)}×`;
}
