// What the gate learned about a group update, for the group commands after it.
import type { GroupActor } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import type { Addressing } from './addressed.js';

export type GroupScope = { actor: GroupActor; addressing: Addressing | undefined };
type WithScope = BotContext & { groupScope?: GroupScope };

export function setGroupScope(ctx: BotContext, scope: GroupScope): void {
  (ctx as WithScope).groupScope = scope;
}

export function groupScope(ctx: BotContext): GroupScope | undefined {
  return (ctx as WithScope).groupScope;
}
