// Test helper: reads that fail the test with a clear message, rather than `!`, when what a test expects is not there.

/** Item i of a list; throws, naming the list's length, when there is none. */
export function at<T>(items: ArrayLike<T>, i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`expected an item at index ${i}, but the list has ${items.length}`);
  return item;
}

/** The value, when the test needs it to be there; throws naming what is missing otherwise. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, but there is none`);
  return value;
}
