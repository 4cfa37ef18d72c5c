// Builds a concept's Composer: its commands (each wrapped so a refusal of the
// core becomes a localized reply) and its buttons (`m1:<area>:…`, routed by
// its own ButtonRouter).
import type { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { ButtonRouter } from './button-router.js';
import { guarded } from './replies.js';
import { FlatComposer } from '../runtime/flat-composer.js';

export type CommandHandlers = Record<string, (ctx: BotContext) => Promise<void>>;

export function conceptFeature(register: (router: ButtonRouter) => void, commands: CommandHandlers = {}): Composer<BotContext> {
  const router = new ButtonRouter();
  register(router);
  const feature = new FlatComposer<BotContext>();
  feature.use(router.composer());
  for (const [name, handler] of Object.entries(commands)) feature.command(name, (ctx) => guarded(ctx, () => handler(ctx)));
  return feature;
}
