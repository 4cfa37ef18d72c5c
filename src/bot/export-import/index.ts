// /export: the family's transactions as a CSV document, for a month, a year
// or everything (the core streams it; here it is streamed into the upload).
// /import: a CSV or tab-separated text document sent in the private chat
// starts the import conversation (import.ts).
import { Readable } from 'node:stream';
import { InlineKeyboard, InputFile } from 'grammy';
import { exportTransactionsCsv, monthAt, monthLabel, monthRange, shiftMonth } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { defineConversation } from '../runtime/conversation-registry.js';
import { importConversation, IMPORT_CONVERSATION } from './import.js';
import { isTableFile } from './table-file.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { cb } from '../shared/callback-data.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { show } from '../shared/view.js';
import { familyTimezone } from '../../domain/recurring/rules.js';
import { leaveOpenFlows } from '../shared/leave-flows.js';
import { pressTaken } from '../runtime/press-repeat.js';

type Period = 'm' | 'p' | 'y' | 'a';

function periodOf(ctx: BotContext, scope: FamilyScope, period: Period): { from?: string; to?: string; name: string } {
  const tz = familyTimezone(ctx.app.deps.db, scope.familyId);
  const now = monthAt(ctx.app.deps.clock(), tz);
  const lastDay = (m: { year: number; month: number }) => new Date(monthRange(m, 'UTC').to - 1).toISOString().slice(0, 10);
  if (period === 'm' || period === 'p') {
    const m = period === 'm' ? now : shiftMonth(now, -1);
    return { from: `${monthLabel(m)}-01`, to: lastDay(m), name: monthLabel(m) };
  }
  if (period === 'y') return { from: `${now.year}-01-01`, to: `${now.year}-12-31`, name: String(now.year) };
  return { name: 'all' };
}

async function showExport(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (!scope) return;
  const kb = new InlineKeyboard()
    .text(ctx.t('export-this-month'), cb('ex', 'g', 'm', familyArg(scope.familyId)))
    .text(ctx.t('export-last-month'), cb('ex', 'g', 'p', familyArg(scope.familyId)))
    .row()
    .text(ctx.t('export-this-year'), cb('ex', 'g', 'y', familyArg(scope.familyId)))
    .text(ctx.t('export-everything'), cb('ex', 'g', 'a', familyArg(scope.familyId)));
  await show(ctx, { text: ctx.t('export-ask-period'), keyboard: kb });
}

function registerExport(router: ButtonRouter): void {
  router.button('ex', 'g', async (ctx, scope, [p]) => {
    if (p !== 'm' && p !== 'p' && p !== 'y' && p !== 'a') return ctx.t('manage-stale-button');
    const period = periodOf(ctx, scope, p);
    // Spreadsheets need the BOM to read UTF-8 (Excel shows Cyrillic as mojibake without it).
    const chunks = exportTransactionsCsv(ctx.app.deps, scope.userId, { familyId: scope.familyId, ...(period.from ? { from: period.from, to: period.to! } : {}), bom: true });
    await ctx.answerCallbackQuery().catch(() => undefined);
    await ctx.replyWithChatAction('upload_document').catch(() => undefined);
    const stream = Readable.from((function* () {
      for (const c of chunks) yield Buffer.from(c, 'utf8');
    })());
    try {
      await ctx.replyWithDocument(new InputFile(stream, `transactions-${period.name}.csv`), { caption: ctx.t('export-caption') });
      // A double tap waits for this file (updates of a chat run in order) and is then told it was sent, not sent another.
      pressTaken(ctx, 'export-sent-twice');
    } finally {
      // Read to the end, or the upload failed: either way the person's export slot is free again.
      chunks.return(undefined);
    }
  });
}

async function showImport(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await ctx.reply(ctx.t('import-send-file'));
}

export const exportImportConversations = [defineConversation(importConversation, IMPORT_CONVERSATION)];

export const exportImportFeature = conceptFeature(registerExport, { export: showExport, import: showImport });

// A table file in the private chat is an import.
exportImportFeature.on('message:document', async (ctx, next) => {
  const doc = ctx.message.document;
  if (ctx.chat.type !== 'private' || !isTableFile(doc)) return next();
  if (!(await requireFamily(ctx))) return;
  await leaveOpenFlows(ctx);
  await ctx.conversation.enter(IMPORT_CONVERSATION, doc.file_id);
});
