/**
 * Resolves with the first value `subscribe` reports, or rejects after `timeoutMs` with the error
 * from `onTimeout` (whose stack points at the caller, not at the timer).
 * `subscribe` registers listeners and returns a function that removes them.
 */
export function waitWithTimeout<R>(
  timeoutMs: number,
  subscribe: (done: (value: R) => void) => () => void,
  onTimeout: () => string,
): Promise<R> {
  const error = new Error('fake-telegram wait timed out');
  Error.captureStackTrace(error, waitWithTimeout);
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const subscription: { off?: () => void } = {};
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      subscription.off?.();
      error.message = onTimeout();
      reject(error);
    }, timeoutMs);
    const done = (value: R) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription.off?.();
      resolve(value);
    };
    subscription.off = subscribe(done);
    if (settled) subscription.off();
  });
}

export function truncate(text: string, max = 80): string {
  const oneLine = text.replace(/\n/g, '⏎');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
