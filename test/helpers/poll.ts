type Pending = null | undefined | false;

/**
 * Resolves with the first value `check` gives that is not null, undefined or false, polling every 20 ms;
 * fails after `ms`, naming `what`. The one way tests wait for something that happens in the background.
 */
export async function eventually<T>(
  check: () => T | Pending | Promise<T | Pending>,
  ms = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== null && v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
