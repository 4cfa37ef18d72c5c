// A grammY Composer whose middleware runs as a flat list instead of a tree.
//
// grammY's Composer nests every `use` in an async wrapper (concat) and every
// filter (`on`, `command`, `callbackQuery`…) in a `branch` → `lazy` wrapper that
// also builds a new Composer per update. An update that walks past a hundred
// handlers (a quick entry passes every concept's commands and buttons before
// it reaches its own) keeps ~250 suspended async frames alive until its reply
// is sent. Under load they outlive the young generation and are copied and
// promoted by the GC: most of the bot's CPU per update went there.
//
// Here a composer keeps its steps in an array: a filter that does not match is
// skipped in a loop (no frame, no allocation), and only a step that runs holds
// a frame. On its first update a composer splices in the steps of every
// composer it `use`s without a filter (the wrapper `use` makes for each call,
// a feature's own composer): the same steps in the same order, without a
// frame and a `next` closure for each level. It is complete by then; adding
// middleware to it (or to a composer inside it) afterwards is refused.
//
// The semantics are grammY's: steps run in registration order, a step passes
// on by calling `next` (once; twice is an error, as in grammY), a filter may be
// asynchronous, `use`/`filter` return the composer where more middleware
// for that step goes, and every derived method (`on`, `command`, `hears`,
// `callbackQuery`, `drop`, `branch`, `lazy`, `errorBoundary`…) is grammY's own,
// built on `use` and `filter`. tests/bot/flat-composer.test.ts checks it
// against grammY's Composer.
import { Composer, type Context, type Middleware, type MiddlewareFn, type NextFunction } from 'grammy';

type MaybePromise<T> = T | Promise<T>;
type Step<C extends Context> = { when: ((ctx: C) => MaybePromise<boolean>) | undefined; run: Middleware<C> };

function fn<C extends Context>(m: Middleware<C>): MiddlewareFn<C> {
  return typeof m === 'function' ? m : m.middleware();
}

export class FlatComposer<C extends Context> extends Composer<C> {
  private readonly steps: Array<Step<C>> = [];
  /** The steps as run, nested composers spliced in: set on the first update. */
  private spliced: Array<Step<C>> | undefined;
  private readonly flat: MiddlewareFn<C> = (ctx, next) => this.from(0, ctx, next);

  constructor(...middleware: Array<Middleware<C>>) {
    super();
    for (const m of middleware) this.steps.push({ when: undefined, run: m });
  }

  override middleware(): MiddlewareFn<C> {
    return this.flat;
  }

  override use(...middleware: Array<Middleware<C>>): Composer<C> {
    this.open();
    const composer = new FlatComposer<C>(...middleware);
    this.steps.push({ when: undefined, run: composer });
    return composer;
  }

  override filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Array<Middleware<D>>): Composer<D>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Array<Middleware<C>>): Composer<C>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Array<Middleware<C>>): Composer<C> {
    this.open();
    const composer = new FlatComposer<C>(...middleware);
    this.steps.push({ when: predicate, run: composer });
    return composer;
  }

  private open(): void {
    if (this.spliced) throw new Error('FlatComposer: middleware added after the first update; register everything before the bot starts');
  }

  /** The steps to run: an unfiltered FlatComposer's steps in its place, recursively. */
  private splice(): Array<Step<C>> {
    if (this.spliced) return this.spliced;
    const out: Array<Step<C>> = [];
    for (const step of this.steps) {
      if (step.when === undefined && step.run instanceof FlatComposer) out.push(...(step.run as FlatComposer<C>).splice());
      else out.push(step);
    }
    this.spliced = out;
    return out;
  }

  /** Runs the steps from index `i` on; a filter that says no is skipped without a frame. */
  private from(i: number, ctx: C, next: NextFunction): MaybePromise<unknown> {
    const steps = this.spliced ?? this.splice();
    for (; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.when !== undefined) {
        const ok = step.when(ctx);
        if (typeof ok !== 'boolean') {
          const at = i;
          return ok.then((yes) => (yes ? this.run(at, ctx, next) : this.from(at + 1, ctx, next)));
        }
        if (!ok) continue;
      }
      return this.run(i, ctx, next);
    }
    return next();
  }

  private run(i: number, ctx: C, next: NextFunction): MaybePromise<unknown> {
    let called = false;
    // Not an async function: a step that passes on leaves no frame of ours behind.
    return fn(this.spliced![i]!.run)(ctx, () => {
      if (called) return Promise.reject(new Error('`next` already called before!'));
      called = true;
      try {
        const after = this.from(i + 1, ctx, next);
        return after instanceof Promise ? (after as Promise<void>) : Promise.resolve();
      } catch (err) {
        return Promise.reject(err);
      }
    });
  }
}
