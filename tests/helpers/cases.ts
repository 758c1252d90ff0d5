import { expect } from 'vitest';

/**
 * Table-driven expectations: for each row, the function applied to the row's arguments equals
 * (`toEqual`) the row's last element; a failure names the arguments.
 */
export function expectCases<A extends unknown[], R>(fn: (...args: A) => R, cases: [...A, R][]): void {
  for (const row of cases) {
    const args = row.slice(0, -1) as A;
    expect(fn(...args), JSON.stringify(args)).toEqual(row[row.length - 1]);
  }
}
