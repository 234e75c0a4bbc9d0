// A fixture for no-spread-calls.test.ts: three forbidden calls on lines 3–5, allowed forms after.
const a: number[] = [], b = [1, 2];
a.push(...b);
Math.max(...b);
Math.max.apply(null, b);
export const ok = [...a, ...b].length + Math.max(a.length, b.length) + ({ ...{ x: 1 } }).x;
