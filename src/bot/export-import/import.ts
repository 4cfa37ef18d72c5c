// /import: a CSV file sent to the bot becomes one batch of transactions.
// The app's own export is recognised as it is; a bank's CSV gets a short
// column-mapping step (date, its format, amount, description, wallet). Then a
// preview (what would be recorded, totals, balance entries apart from income
// and expenses, duplicates skipped, bad rows with their lines), and one tap
// records it all — or nothing, when a row is bad.
import { InlineKeyboard } from 'grammy';
import {
  can,
  commitImport,
  DATE_FORMATS,
  decodeCsv,
  displayName,
  formatMoney,
  inspectCsv,
  isDomainError,
  listWallets,
  MAX_IMPORT_BYTES,
  previewImport,
  type BankMapping,
  type DateFormat,
  type DomainError,
  type ImportError,
  type ImportPreview,
} from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { ask, askAbout, navRow, type Answer, type Convo } from '../shared/ask.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { requestKeyOf } from '../shared/request-key.js';
import { nextRow } from '../../presentation/keyboard.js';

export const IMPORT_CONVERSATION = 'import-csv';
const P = 'im';
const MAX_LISTED_ERRORS = 15;

/** familyId: the family the file was sent in; the import's questions and its commit stay with it. */
type Loaded = { ok: false; text: string } | { ok: true; familyId: number; csv: string; header: string[]; exportFormat: boolean; wallets: Array<{ id: number; label: string }> };

async function load(outer: BotContext, fileId: string): Promise<Loaded> {
  const { user, familyId, role, deps, config } = outer.app;
  if (!user || familyId === null || role === null) return { ok: false, text: outer.t('start-no-family') };
  if (!can(role, 'manage_wallets')) return { ok: false, text: notAllowedText(outer, role) };
  const file = await outer.api.getFile(fileId);
  if (!file.file_path || (file.file_size ?? 0) > MAX_IMPORT_BYTES) return { ok: false, text: outer.t('import-too-large') };
  const res = await fetch(`${config.bot.apiRoot}/file/bot${config.bot.token}/${file.file_path}`);
  if (!res.ok) return { ok: false, text: outer.t('import-download-failed') };
  try {
    const csv = decodeCsv(new Uint8Array(await res.arrayBuffer()));
    const info = inspectCsv(csv);
    const wallets = listWallets(deps, user.id, familyId).map((w) => ({ id: w.id, label: `${displayName(w, outer.app.locale)} (${w.currency})` }));
    return { ok: true, familyId, csv, header: info.header, exportFormat: info.isExportFormat, wallets };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return { ok: false, text: importErrorText(outer, e) };
  }
}

/** A problem with the whole file (unreadable, empty, too many rows, not UTF-8) named as such, with its line; else the core's error. */
function importErrorText(ctx: BotContext, e: DomainError): string {
  const reason = e.details['reason'];
  if (e.details['field'] === 'file' && typeof reason === 'string') {
    const vars: Record<string, string | number> = { reason };
    for (const k of ['line', 'max'] as const) if (typeof e.details[k] === 'number') vars[k] = e.details[k] as number;
    return ctx.t('import-file-error', vars);
  }
  return errorText(ctx, e);
}

/** Why a row cannot be imported, in the reader's language: from the core's reason and values, never its English message. */
function rowErrorText(ctx: BotContext, e: ImportError): string {
  const values = { ...e.values };
  // A default wallet's name in the reader's language ("Cash" / "Наличные").
  if (typeof values['wallet'] === 'string') values['wallet'] = displayName({ name: values['wallet'], nameKey: String(values['walletNameKey'] ?? '') || null }, ctx.app.locale);
  return ctx.t('import-row-error', { ...values, reason: e.reason });
}

function previewText(ctx: BotContext, p: ImportPreview): string {
  const lines = [ctx.t('import-preview', { rows: p.rows, record: p.toRecord, duplicates: p.duplicates, skipped: p.skipped })];
  if (p.balanceEntries > 0) lines.push(ctx.t('import-balance-entries', { count: p.balanceEntries }));
  const money = (minor: bigint, currency: string) => formatMoney(minor, currency, ctx.app.locale);
  for (const t of p.totals) {
    const sums = { currency: t.currency, income: money(t.incomeMinor, t.currency), expenses: money(t.expenseMinor, t.currency), transfers: money(t.transferMinor, t.currency) };
    // Balance entries are shown apart from income and expenses: they are neither.
    lines.push(t.balanceEntries > 0 ? ctx.t('import-totals-balance', { ...sums, balance: money(t.balanceMinor, t.currency) }) : ctx.t('import-totals', sums));
  }
  if (p.errors.length) {
    lines.push('', ctx.t('import-bad-rows', { count: p.errors.length }));
    for (const e of p.errors.slice(0, MAX_LISTED_ERRORS)) lines.push(ctx.t('import-bad-row', { line: e.line, message: rowErrorText(ctx, e) }));
    if (p.errors.length > MAX_LISTED_ERRORS) lines.push('…');
    lines.push('', ctx.t('import-fix-and-resend'));
  }
  return lines.join('\n');
}

function columnKeyboard(header: string[], action: string): InlineKeyboard {
  const kb = new InlineKeyboard();
  header.forEach((h, i) => {
    kb.text(h.slice(0, 30) || `#${i + 1}`, `${P}:${action}:${i}`);
    if (i % 2 === 1) nextRow(kb);
  });
  return kb;
}

export async function importConversation(conversation: Convo, ctx: ConversationContext, fileId: string): Promise<void> {
  const loaded = await conversation.external((outer) => load(outer, fileId));
  if (!loaded.ok) {
    await ctx.reply(loaded.text);
    return;
  }
  // Removed from (or gone from) that family meanwhile: the next answer ends the import with a clear word; a
  // /family switch meanwhile does not move it into another family.
  askAbout(conversation, loaded.familyId);
  const t = ctx.t;
  const { header } = loaded;
  const mapping: Partial<BankMapping> = {};
  let step: 'date' | 'format' | 'amount' | 'description' | 'wallet' | 'confirm' = loaded.exportFormat ? 'confirm' : 'date';
  const pick = (a: Answer, action: string) => (a.type === 'button' && a.action === action ? a.arg : undefined);
  for (;;) {
    let answer: Answer;
    if (step === 'date') {
      answer = await ask(conversation, ctx, P, { text: t('import-ask-date'), keyboard: navRow(columnKeyboard(header, 'd'), t, P) });
      const i = pick(answer, 'd');
      if (i !== undefined && header[Number(i)] !== undefined) {
        mapping.date = header[Number(i)]!;
        step = 'format';
        continue;
      }
    } else if (step === 'format') {
      const kb = new InlineKeyboard();
      DATE_FORMATS.forEach((f, i) => {
        kb.text(f, `${P}:f:${i}`);
        if (i % 2 === 1) nextRow(kb);
      });
      answer = await ask(conversation, ctx, P, { text: t('import-ask-format'), keyboard: navRow(kb, t, P) });
      const i = pick(answer, 'f');
      if (i !== undefined && DATE_FORMATS[Number(i)]) {
        mapping.dateFormat = DATE_FORMATS[Number(i)] as DateFormat;
        step = 'amount';
        continue;
      }
    } else if (step === 'amount') {
      answer = await ask(conversation, ctx, P, { text: t('import-ask-amount'), keyboard: navRow(columnKeyboard(header, 'a'), t, P) });
      const i = pick(answer, 'a');
      if (i !== undefined && header[Number(i)] !== undefined) {
        mapping.amount = header[Number(i)]!;
        step = 'description';
        continue;
      }
    } else if (step === 'description') {
      answer = await ask(conversation, ctx, P, { text: t('import-ask-description'), keyboard: navRow(columnKeyboard(header, 'n'), t, P, { skip: true }) });
      const i = pick(answer, 'n');
      if (i !== undefined || (answer.type === 'button' && answer.action === 's')) {
        mapping.description = i !== undefined ? (header[Number(i)] ?? null) : null;
        step = 'wallet';
        continue;
      }
    } else if (step === 'wallet') {
      const kb = new InlineKeyboard();
      loaded.wallets.forEach((w, i) => {
        kb.text(w.label, `${P}:w:${w.id}`);
        if (i % 2 === 1) nextRow(kb);
      });
      answer = await ask(conversation, ctx, P, { text: t('import-ask-wallet'), keyboard: navRow(kb, t, P) });
      const id = pick(answer, 'w');
      if (id !== undefined && loaded.wallets.some((w) => String(w.id) === id)) {
        mapping.walletId = Number(id);
        step = 'confirm';
        continue;
      }
    } else {
      const bank = loaded.exportFormat ? null : (mapping as BankMapping);
      // The preview's text is made here: the conversation keeps what external returns as JSON, and the
      // totals are bigints (a won statement may pass 2^53), so they are left out of what it keeps.
      const preview = await conversation.external((outer) => {
        try {
          const full = previewImport(outer.app.deps, outer.app.user!.id, { familyId: loaded.familyId, csv: loaded.csv, mapping: bank });
          return { ok: true as const, p: { ...full, totals: [] }, text: previewText(outer, full) };
        } catch (e) {
          if (!isDomainError(e)) throw e;
          return { ok: false as const, text: importErrorText(outer, e) };
        }
      });
      if (!preview.ok) {
        await ctx.reply(preview.text);
        return;
      }
      // A conversation kept from before the text was made in the preview's call replays its own second call.
      const text = preview.text || (await conversation.external((outer) => previewText(outer, preview.p)));
      if (preview.p.errors.length > 0 || preview.p.toRecord === 0) {
        await ctx.reply(preview.p.toRecord === 0 && preview.p.errors.length === 0 ? `${text}\n\n${t('import-nothing-new')}` : text);
        return;
      }
      const kb = new InlineKeyboard().text(t('import-record', { count: preview.p.toRecord }), `${P}:ok`);
      answer = await ask(conversation, ctx, P, { text, keyboard: navRow(kb, t, P) });
      if (answer.type === 'button' && answer.action === 'ok') {
        const done = await conversation.external((outer) => {
          try {
            const r = commitImport(outer.app.deps, outer.app.user!.id, { familyId: loaded.familyId, csv: loaded.csv, mapping: bank, requestKey: requestKeyOf(outer) });
            return outer.t('import-done', { count: r.toRecord, duplicates: r.duplicates });
          } catch (e) {
            if (!isDomainError(e)) throw e;
            return importErrorText(outer, e);
          }
        });
        await ctx.reply(done);
        return;
      }
    }
    if (answer.type === 'cancel') {
      await ctx.reply(t('import-cancelled'));
      return;
    }
    await ctx.reply(t('manage-use-buttons'));
  }
}
