// createBot(deps): the grammY adapter, wired in order. The order matters:
//  1. in-flight counter and sequentialize (per chat) come first: two updates of
//     one chat must never race on the stored conversation state;
//  2. processed_updates dedupe, then the error boundary (everything after it is
//     covered), then ctx.app, session, i18n;
//  3. conversations (plugin, then each createConversation) before the menu,
//     so menu handlers can enter a conversation;
//  4. features, one Composer per concept folder (transactions, approvals,
//     wallets, history, reports, members, settings, recurring…), then quick
//     entry, and a fallback last.
//
// Polling is at-least-once (see runtime/polling.ts); webhook mode answers
// Telegram only after handling (or fails after 10 s so Telegram retries).
import { conversations, type ConversationData } from '@grammyjs/conversations';
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, session, webhookCallback as grammyWebhookCallback, type Transformer } from 'grammy';
import type { Config } from '../config.js';
import { durable, type CoreDeps } from '../domain/index.js';
import type { Logger } from '../logger.js';
import { initialSession, type BotContext, type ConversationContext, type SessionData } from './context.js';
import { approvalsFeature } from './approvals/index.js';
import { bindingFeature } from './binding/index.js';
import { budgetsConversations, budgetsFeature } from './budgets/index.js';
import { chatScopeKey, createGroupThrottle, createGroupGate, groupConversationPlugin, groupFeature } from './groups/index.js';
import { exportImportConversations, exportImportFeature } from './export-import/index.js';
import { goalsConversations, goalsFeature } from './goals/index.js';
import { categoriesConversations, categoriesFeature } from './categories/index.js';
import { backupConversations, backupFeature } from './backup/index.js';
import { historyFeature } from './history/index.js';
import { miniAppFeature, setMiniAppMenuButton } from './miniapp/index.js';
import { membersFeature } from './members/index.js';
import { createBasicsFeature, createMainMenu, fallbackFeature } from './menu/index.js';
import { createOnboardingFeature, onboardingConversation, ONBOARDING_CONVERSATION } from './onboarding/index.js';
import { recurringConversations, recurringFeature } from './recurring/index.js';
import { reportsFeature } from './reports/index.js';
import { answerRepeats } from './runtime/answer-repeat.js';
import { afterConversations } from './runtime/conversation-taken.js';
import { appState } from './runtime/app-state.js';
import { conversationStorage } from './runtime/outdated-question.js';
import { pressRepeats } from './runtime/press-repeat.js';
import { dedupeUpdates } from './runtime/dedupe-updates.js';
import { settingsConversations, settingsFeature } from './settings/index.js';
import { quickEntryFeature, transactionConversation, transactionsFeature, TX_CONVERSATION } from './transactions/index.js';
import { walletsConversations, walletsFeature } from './wallets/index.js';
import { setLocalizedCommands } from './runtime/commands.js';
import { conversationPlugins } from './runtime/conversation-plugins.js';
import { conversationRegistry, defineConversation } from './runtime/conversation-registry.js';
import { telegramFetch } from '../runtime/telegram-http.js';
import { tokenRefusal, webhookRefusal } from '../runtime/telegram-start.js';
import { createUpdateLedger } from './runtime/dedupe.js';
import { errorBoundary, handleBotError } from './runtime/errors.js';
import { createI18n } from './runtime/i18n.js';
import { createInFlight } from './runtime/in-flight.js';
import { startAckingPolling, type Poller } from './runtime/polling.js';
import { sqliteKeyValue } from './runtime/storage.js';
import { FlatComposer } from './runtime/flat-composer.js';

export type { BotContext } from './context.js';

/** The outbox wake-up after a write comes from the core (CoreDeps.onOutbox), not from the bot. */
export type BotDeps = {
  core: CoreDeps;
  config: Config;
  log: Logger;
  /** Telegram ended polling for good (token revoked, another poller): the process should stop. */
  onFatal?: (err: Error) => void;
};

/**
 * Stored conversation state is tied to the conversation code: bump this when a
 * conversation's questions change, and conversations in progress start over
 * instead of replaying into the wrong step (the next answer to such a question is
 * told it is out of date: runtime/outdated-question.ts).
 */
export const CONVERSATION_STATE_VERSION = 4;

/** Interactive replies retry a 429 a few times, and never wait longer than this. */
export const RETRY_LIMITS = { maxRetryAttempts: 3, maxDelaySeconds: 10 } as const;

export type FastifyWebhookHandler = ReturnType<typeof grammyWebhookCallback<BotContext, 'fastify'>>;

export type RunningBot = {
  bot: Bot<BotContext>;
  /** Long polling (BOT_MODE=polling): init, deleteWebhook, commands, then the runner. */
  startPolling(): Promise<void>;
  /** Webhook mode: init, commands, setWebhook(WEBHOOK_URL, secret). The route is mounted by the HTTP server. */
  startWebhook(): Promise<void>;
  /** Starts in the configured mode. */
  start(): Promise<void>;
  /** Stops taking updates and resolves once every update in flight is handled. The caller closes the database. */
  stop(): Promise<void>;
  /** Fastify route handler for POST <webhook path>; checks X-Telegram-Bot-Api-Secret-Token. */
  webhookCallback: FastifyWebhookHandler;
  /** The path of WEBHOOK_URL (e.g. "/telegram/webhook"), where src/app.ts mounts webhookCallback. */
  webhookPath: string | undefined;
};

export function createBot(deps: BotDeps): RunningBot {
  const { config, log, core } = deps;
  const token = config.bot.token;
  if (!token) throw new Error('BOT_TOKEN is not set');
  const bot = new Bot<BotContext>(token, { client: { apiRoot: config.bot.apiRoot, fetch: telegramFetch() } });
  // Nothing is said to a person before what it reports is on disk: with group commit a
  // write is visible only after the shared COMMIT, so every call to Telegram waits for it.
  const retry = composeTransformers(autoRetry(RETRY_LIMITS), afterCommit(core));
  bot.api.config.use(retry);
  // Outermost: a group never gets more than ~20 new messages a minute from us.
  const throttle = createGroupThrottle();
  bot.api.config.use(throttle.transformer);
  // Once started, a call Telegram refuses for the token (revoked in @BotFather) stops the process: in
  // webhook mode no getUpdates fails to tell, and every answer would be refused (polling: runtime/polling.ts).
  let refusalsStop = false;
  bot.api.config.use(async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    const refused = refusalsStop && !res.ok ? tokenRefusal(res.error_code, res.description) : undefined;
    if (refused) deps.onFatal?.(refused);
    return res;
  });

  const i18n = createI18n(config.defaults.locale);
  const ledger = createUpdateLedger(core, core.clock());
  const inFlight = createInFlight();
  const menu = createMainMenu();

  // One flat list (runtime/flat-composer.ts): an update walks past every concept's
  // handlers without a suspended frame for each one it skips.
  const app = new FlatComposer<BotContext>();
  app.use(inFlight.middleware);
  app.use(sequentialize(chatScopeKey));
  app.use(dedupeUpdates(ledger, log));
  app.use(errorBoundary(i18n, log, config.defaults.locale));
  app.use(appState({ deps: core, config, log }));
  app.use(session<SessionData, BotContext>({ initial: initialSession, storage: sqliteKeyValue<SessionData>(core), prefix: 's:', getSessionKey: chatScopeKey }));
  app.use(i18n);
  app.use(createGroupGate());
  // A button pressed twice is taken once: watch sees what the conversations consume (runtime/press-repeat.ts).
  app.use(pressRepeats());
  // The conversations' state under `c:<chat>`; a question the previous release asked is answered "out of date".
  const stored = conversationStorage<ConversationData>(core, { prefix: 'c:', version: CONVERSATION_STATE_VERSION, getStorageKey: chatScopeKey });
  app.use(
    conversations<BotContext, ConversationContext>({
      storage: stored.storage,
      plugins: (conversation) => [...conversationPlugins(i18n, retry)(conversation), groupConversationPlugin],
    }),
  );
  app.use(stored.middleware);
  // A typed answer that arrives twice is taken once: watch sees what the conversations consume (runtime/answer-repeat.ts).
  app.use(answerRepeats());
  // Every concept's conversations, before any feature: a waiting conversation
  // sees each update of its chat first (a command leaves it, see shared/ask.ts).
  // Registered only on updates that need them (runtime/conversation-registry.ts).
  app.use(
    conversationRegistry([
      defineConversation(transactionConversation, TX_CONVERSATION),
      defineConversation(onboardingConversation(menu), ONBOARDING_CONVERSATION),
      ...settingsConversations,
      ...walletsConversations,
      ...recurringConversations,
      ...backupConversations,
      ...budgetsConversations,
      ...exportImportConversations,
      ...goalsConversations,
      ...categoriesConversations,
    ]),
  );
  app.use(afterConversations);
  app.use(menu);
  app.use(groupFeature);
  app.use(createOnboardingFeature(menu));
  app.use(createBasicsFeature(menu));
  // One Composer per concept (src/bot/<concept>/index.ts); quick entry reads any
  // text, so it comes after every concept that may be waiting for a typed answer.
  app.use(transactionsFeature);
  app.use(approvalsFeature);
  app.use(bindingFeature);
  app.use(walletsFeature);
  app.use(historyFeature);
  app.use(miniAppFeature);
  app.use(reportsFeature);
  app.use(exportImportFeature);
  app.use(budgetsFeature);
  app.use(goalsFeature);
  app.use(categoriesFeature);
  app.use(backupFeature);
  app.use(membersFeature);
  app.use(settingsFeature);
  app.use(recurringFeature);
  app.use(quickEntryFeature);
  app.use(fallbackFeature);
  bot.use(app);
  // Last resort: errors thrown before the boundary (sequentialize, dedupe).
  bot.catch((err) => handleBotError(err.ctx, err.error, i18n, log, config.defaults.locale));

  const webhookCallback = grammyWebhookCallback(bot, 'fastify', {
    secretToken: config.bot.webhookSecret,
    // Telegram re-sends an update whose answer is late; processed_updates makes that harmless.
    onTimeout: 'throw',
    timeoutMilliseconds: 10_000,
  });

  let poller: Poller | undefined;
  let started: 'polling' | 'webhook' | undefined;

  const prepare = async () => {
    await bot.init();
    ledger.prune();
    await setLocalizedCommands(bot.api, i18n, config.defaults.locale, log);
    await setMiniAppMenuButton(bot.api, config, i18n.t(config.defaults.locale, 'miniapp-menu-button'), log);
  };

  const running: RunningBot = {
    bot,
    webhookCallback,
    webhookPath: config.bot.webhookUrl ? new URL(config.bot.webhookUrl).pathname : undefined,
    async startPolling() {
      if (started) throw new Error(`The bot is already started (${started})`);
      started = 'polling';
      await prepare();
      // run() does not remove a webhook (bot.start() would): without this getUpdates answers 409.
      await bot.api.deleteWebhook({ drop_pending_updates: false });
      poller = startAckingPolling(bot, log, deps.onFatal ? { onFatal: deps.onFatal } : {});
      log.info({ username: bot.botInfo.username }, 'bot polling');
    },
    async startWebhook() {
      if (started) throw new Error(`The bot is already started (${started})`);
      const url = config.bot.webhookUrl;
      if (!url) throw new Error('WEBHOOK_URL is not set');
      started = 'webhook';
      await prepare();
      try {
        await bot.api.setWebhook(url, { secret_token: config.bot.webhookSecret, drop_pending_updates: false });
      } catch (err) {
        throw webhookRefusal(url, err);
      }
      log.info({ username: bot.botInfo.username, path: running.webhookPath }, 'bot webhook set');
    },
    async start() {
      await (config.bot.mode === 'webhook' ? running.startWebhook() : running.startPolling());
      refusalsStop = true;
    },
    async stop() {
      if (poller) await poller.stop();
      await inFlight.idle();
    },
  };
  return running;
}

/** A transformer that lets a call to Telegram go out only once the core's pending writes are durable. */
function afterCommit(core: CoreDeps): Transformer {
  return async (prev, method, payload, signal) => {
    await durable(core);
    return prev(method, payload, signal);
  };
}

/** Applies `inner` first, then `outer` around it, as two `api.config.use` calls would. */
function composeTransformers(inner: Transformer, outer: Transformer): Transformer {
  return (prev, method, payload, signal) => outer((m, p, s) => inner(prev, m, p, s), method, payload, signal);
}
