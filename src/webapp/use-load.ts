// Loads data for a page and reloads it when its inputs change.
import { useEffect, useState } from 'preact/hooks';

export type Loaded<T> = { data: T | undefined; error: Error | undefined; loading: boolean };

export function useLoad<T>(load: () => Promise<T>, inputs: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: Error) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, inputs);
  return state;
}
