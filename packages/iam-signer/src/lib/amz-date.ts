let cachedSecond = Number.NaN;
let cachedDate = '';

/** `20150830T123600Z`: the ISO 8601 basic format of `x-amz-date`, in UTC (kept for the current second). */
export function amzDate(time: number): string {
  const second = Math.floor(time / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    cachedDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
    cachedSecond = second;
  }
  return cachedDate;
}
