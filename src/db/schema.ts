// The whole SQLite schema. Money columns are INTEGER minor units; timestamps are
// INTEGER epoch milliseconds (UTC). Every foreign key has an index.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, sqliteView, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email'),
    passwordHash: text('password_hash'),
    name: text('name').notNull(),
    locale: text('locale'),
    activeFamilyId: integer('active_family_id'),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email)],
);

/** One login session; refresh tokens rotate inside it (see refresh_tokens). */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
    revokedReason: text('revoked_reason'),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').notNull().references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    rotatedAt: integer('rotated_at'),
  },
  (t) => [uniqueIndex('refresh_tokens_hash_unique').on(t.tokenHash), index('refresh_tokens_session_idx').on(t.sessionId)],
);

export const telegramIdentities = sqliteTable(
  'telegram_identities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    chatId: integer('chat_id').notNull(),
    telegramUserId: integer('telegram_user_id'),
    username: text('username'),
    firstName: text('first_name'),
    languageCode: text('language_code'),
    boundAt: integer('bound_at').notNull(),
  },
  (t) => [uniqueIndex('telegram_identities_chat_unique').on(t.chatId), index('telegram_identities_user_idx').on(t.userId)],
);

export const bindingCodes = sqliteTable(
  'binding_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    codeHash: text('code_hash').notNull(),
    chatId: integer('chat_id').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    usedBy: integer('used_by').references(() => users.id, { onDelete: 'set null' }),
    attempts: integer('attempts').notNull().default(0),
    /** The Telegram account as Telegram named it when the code was made (shown before anyone confirms). */
    username: text('username'),
    firstName: text('first_name'),
    /** A login that asked to connect this chat and waits for one of its own chats to allow it. */
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'cascade' }),
    requestedAt: integer('requested_at'),
    /** allowed | denied, from one of the requester's chats. */
    decision: text('decision', { enum: ['allowed', 'denied'] }),
    decidedAt: integer('decided_at'),
    decidedByChat: integer('decided_by_chat'),
  },
  (t) => [
    uniqueIndex('binding_codes_hash_unique').on(t.codeHash),
    index('binding_codes_chat_idx').on(t.chatId),
    index('binding_codes_used_by_idx').on(t.usedBy),
  ],
);

export const families = sqliteTable(
  'families',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    baseCurrency: text('base_currency').notNull(),
    timezone: text('timezone').notNull().default('UTC'),
    locale: text('locale').notNull().default('en'),
    /** Whether a non-approver's income waits for approval like an expense (default: it executes). */
    incomesNeedApproval: integer('incomes_need_approval', { mode: 'boolean' }).notNull().default(false),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('families_created_by_idx').on(t.createdBy)],
);

/** Approval threshold per family and currency; a currency without a row always needs approval. */
export const approvalThresholds = sqliteTable(
  'approval_thresholds',
  {
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    amountMinor: integer('amount_minor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.familyId, t.currency] })],
);

export const familyMembers = sqliteTable(
  'family_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'admin', 'member', 'viewer'] }).notNull(),
    defaultWalletId: integer('default_wallet_id'),
    joinedAt: integer('joined_at').notNull(),
  },
  (t) => [uniqueIndex('family_members_unique').on(t.familyId, t.userId), index('family_members_user_idx').on(t.userId)],
);

export const invites = sqliteTable(
  'invites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    role: text('role', { enum: ['admin', 'member', 'viewer'] }).notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    maxUses: integer('max_uses').notNull().default(1),
    uses: integer('uses').notNull().default(0),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('invites_code_unique').on(t.codeHash),
    index('invites_family_idx').on(t.familyId),
    index('invites_created_by_idx').on(t.createdBy),
  ],
);

export const wallets = sqliteTable(
  'wallets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Set when the name came from the defaults (e.g. 'default-wallet-cash'): readers see it in their language. */
    nameKey: text('name_key'),
    type: text('type', { enum: ['cash', 'bank', 'card', 'savings'] }).notNull(),
    currency: text('currency').notNull(),
    /** Cache of sum(postings.amount_minor) for this wallet (postings: a view of the transactions); updated in the same transaction. */
    balanceMinor: integer('balance_minor').notNull().default(0),
    allowNegative: integer('allow_negative', { mode: 'boolean' }).notNull().default(false),
    /** A credit card's limit: the balance may go down to -credit_limit_minor (null: not below zero unless allow_negative). */
    creditLimitMinor: integer('credit_limit_minor'),
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('wallets_family_idx').on(t.familyId)],
);

export const categories = sqliteTable(
  'categories',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['expense', 'income'] }).notNull(),
    name: text('name').notNull(),
    /** Set when the name came from the defaults (e.g. 'default-category-groceries'). */
    nameKey: text('name_key'),
    emoji: text('emoji'),
    /** Words that point quick entry at this category ("coffee", "кофе"). Space separated. */
    keywords: text('keywords').notNull().default(''),
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('categories_family_idx').on(t.familyId)],
);

export const transactions = sqliteTable(
  'transactions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    /** opening_balance and adjustment move a balance without being income or spending (reports leave them out). */
    kind: text('kind', { enum: ['expense', 'income', 'transfer', 'opening_balance', 'adjustment'] }).notNull(),
    fromWalletId: integer('from_wallet_id').references(() => wallets.id),
    toWalletId: integer('to_wallet_id').references(() => wallets.id),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /** Received amount of a transfer into a wallet of another currency. */
    toAmountMinor: integer('to_amount_minor'),
    toCurrency: text('to_currency'),
    categoryId: integer('category_id').references(() => categories.id),
    description: text('description'),
    status: text('status', { enum: ['pending_approval', 'executed', 'rejected', 'reversed', 'withdrawn'] }).notNull(),
    source: text('source').notNull().default('api'),
    /** Who entered it: `chat:<chat id>` (the bot), `api:<session id>` (a logged-in API client), `job:<name>`; null before it was recorded. */
    origin: text('origin'),
    createdBy: integer('created_by').notNull().references(() => users.id),
    approvedBy: integer('approved_by').references(() => users.id),
    decidedAt: integer('decided_at'),
    executedAt: integer('executed_at'),
    reversalOf: integer('reversal_of'),
    reversedBy: integer('reversed_by'),
    /** On a corrected copy: the entry it replaces (that entry is reversed or withdrawn in the same commit). */
    correctionOf: integer('correction_of'),
    reason: text('reason'),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    remindedAt: integer('reminded_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    // Partial: most entries (the bot's, the API's without a key) have no key, and NULLs never
    // conflict anyway; `idempotency_key = ?` and `IN (…)` imply IS NOT NULL, so lookups still use it.
    uniqueIndex('transactions_idempotency_unique').on(t.familyId, t.idempotencyKey).where(sql`${t.idempotencyKey} IS NOT NULL`),
    // Covering the month sums of reports and budget alerts (index-only scans): every column they filter, group or add.
    index('transactions_family_executed_cover_idx').on(
      t.familyId,
      t.executedAt,
      t.kind,
      t.status,
      t.currency,
      t.categoryId,
      t.reversalOf,
      t.amountMinor,
      t.createdBy,
      t.fromWalletId,
      t.toWalletId,
    ),
    // A family's entries by status, newest first (pending approvals, withdrawals of a leaver's requests, the
    // API's ?status=): every status but executed (migration 0024), so an executed entry, most of them, writes no
    // entry here. Spelled as an OR of equalities: SQLite uses a partial index only for a query whose terms imply
    // its WHERE, and `status = ?` implies one side of an OR (not `status <> 'executed'`). ?status=executed reads
    // transactions_family_id_idx, nearly every row of which it keeps.
    index('transactions_family_status_idx')
      .on(t.familyId, t.status, t.id)
      .where(sql`${t.status} = 'pending_approval' OR ${t.status} = 'rejected' OR ${t.status} = 'reversed' OR ${t.status} = 'withdrawn'`),
    // History pages: newest first within a family, keyset by id (WHERE family_id = ? AND id < ? ORDER BY id DESC).
    index('transactions_family_id_idx').on(t.familyId, t.id),
    // The approval-reminder scan reads only what still waits unreminded (a handful of rows), never the whole table.
    index('transactions_unreminded_idx')
      .on(t.id)
      .where(sql`${t.status} = 'pending_approval' AND ${t.remindedAt} IS NULL`),
    // Lookups by a reference (`= ?`) and the foreign keys' own checks. Partial where the
    // column is often NULL: an expense has no receiving wallet, approver, reversal or
    // correction, and every index entry is one more b-tree write on the hot insert.
    // A `col = ?` term implies `col IS NOT NULL`, so these still serve every lookup.
    index('transactions_from_wallet_idx').on(t.fromWalletId).where(sql`${t.fromWalletId} IS NOT NULL`),
    index('transactions_to_wallet_idx').on(t.toWalletId).where(sql`${t.toWalletId} IS NOT NULL`),
    index('transactions_category_idx').on(t.categoryId).where(sql`${t.categoryId} IS NOT NULL`),
    index('transactions_created_by_idx').on(t.createdBy),
    index('transactions_approved_by_idx').on(t.approvedBy).where(sql`${t.approvedBy} IS NOT NULL`),
    index('transactions_reversal_of_idx').on(t.reversalOf).where(sql`${t.reversalOf} IS NOT NULL`),
    index('transactions_reversed_by_idx').on(t.reversedBy).where(sql`${t.reversedBy} IS NOT NULL`),
    index('transactions_correction_of_idx').on(t.correctionOf).where(sql`${t.correctionOf} IS NOT NULL`),
  ],
);

/**
 * Signed balance movements: a VIEW of the executed transactions (migration 0021
 * holds its SQL; Drizzle's schema cannot say it, so it is declared `.existing()`).
 * An executed entry, or one reversed since, moves -amount_minor out of
 * from_wallet_id and +coalesce(to_amount_minor, amount_minor) into to_wallet_id;
 * a reversal (reversal_of set) the opposite; waiting, rejected and withdrawn
 * entries nothing. created_at: when the entry executed (decided_at of an
 * approved request, else created_at). It was a table until 0021, a second copy
 * of those rows written beside each entry: one more WAL page on every commit.
 * A wallet's balance (wallets.balance_minor, written by its own UPDATE in the
 * same commit, src/domain/ledger/postings.ts) is the sum of its postings: a
 * reconciliation (tests/domain/support/inspect.ts, tests/e2e/post-crash.test.ts)
 * compares the two. Read by no query of the app.
 */
export const postings = sqliteView('postings', {
  transactionId: integer('transaction_id').notNull(),
  walletId: integer('wallet_id').notNull(),
  amountMinor: integer('amount_minor').notNull(),
  createdAt: integer('created_at').notNull(),
}).existing();

/** Approval request messages sent to approvers, so every copy can be edited with the outcome. */
export const approvalMessages = sqliteTable(
  'approval_messages',
  {
    transactionId: integer('transaction_id').notNull().references(() => transactions.id, { onDelete: 'cascade' }),
    chatId: integer('chat_id').notNull(),
    messageId: integer('message_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.transactionId, t.chatId] })],
);

/**
 * The audit log, clustered by family (migration 0022; Drizzle's schema cannot
 * say all of it): the rowid `log_key` is family_id * 2^32 + id (a CHECK keeps
 * them together), so a family's events are one range of the table's own
 * b-tree. A family's log newest first (listEvents' keyset pages by id,
 * members.ts) reads that range, and an event writes one b-tree (before 0022:
 * the rowid table and event_log_family_idx, a WAL page each on every commit).
 * A rowid b-tree rather than WITHOUT ROWID keyed (family_id, id): appends fill
 * its last page, where an index-shaped b-tree splits pages in half (1.09 WAL
 * frames an event against 1.69, measured on ~150-byte events).
 * id: one more than the family's newest, allocated by the insert under the
 * write lock (events.ts recordEvent): unique within a family, growing in the
 * order its events were written, whichever process wrote them.
 * family_id 0 (events.ts NO_FAMILY): an event outside any family (sign-ins,
 * bindings, accounts; NULL before 0022). Family ids start at 1, so 0 is
 * nobody's; ids up to 2^21 - 1 keep every key an exact JavaScript number.
 * A foreign key cannot allow 0 without a fake family 0 that every query of
 * families would then have to skip, so 0022's triggers keep what
 * `REFERENCES families ON DELETE CASCADE` did: an event names an existing
 * family or 0 (event_log_family_exists, on insert and on update), and deleting
 * a family deletes its events (families_delete_event_log, its range of the key).
 * The app deletes no family today.
 */
export const eventLog = sqliteTable(
  'event_log',
  {
    /** family_id * 2^32 + id: read through familyEvents() (events.ts), never written by hand. */
    logKey: integer('log_key').primaryKey(),
    familyId: integer('family_id').notNull(),
    id: integer('id').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    payload: text('payload').notNull().default('{}'),
    createdAt: integer('created_at').notNull(),
  },
  // No index: the key serves the family's log (event_log_family_idx, dropped in 0022).
  // No index by entity: no query reads events by entity (dropped in 0014; every event costs a WAL page per index).
  // No index by actor (dropped in 0015): only an account merge looks events up by actor, once per person,
  // and scans the log for it (src/domain/auth/merge.ts); every event paid a page for that index.
);

export const accessLog = sqliteTable(
  'access_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    method: text('method').notNull(),
    endpoint: text('endpoint').notNull(),
    statusCode: integer('status_code').notNull(),
    userId: integer('user_id'),
    ipAddress: text('ip_address'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  // The retention job prunes by age. No index by user: no query reads the log by user (dropped in 0014;
  // every request's row would pay for it).
  (t) => [index('access_log_created_idx').on(t.createdAt)],
);

export const budgets = sqliteTable(
  'budgets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id').references(() => categories.id),
    period: text('period', { enum: ['weekly', 'monthly', 'yearly'] }).notNull().default('monthly'),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /** Percentages at which the family is alerted, e.g. "80,100". */
    alertAt: text('alert_at').notNull().default('80,100'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('budgets_family_idx').on(t.familyId),
    index('budgets_category_idx').on(t.categoryId),
    index('budgets_created_by_idx').on(t.createdBy),
  ],
);

/**
 * A budget's limits over time: each change of the limit (and the first one)
 * from the moment it was set. A month weighs its spending against the limit in
 * force at its end (the last one set before it ended), so October's report
 * still shows October's limit after it was raised in November.
 */
export const budgetLimits = sqliteTable(
  'budget_limits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    budgetId: integer('budget_id').notNull().references(() => budgets.id, { onDelete: 'cascade' }),
    amountMinor: integer('amount_minor').notNull(),
    /** From when this limit holds (ms). */
    effectiveAt: integer('effective_at').notNull(),
  },
  // A month's limit: the latest row of the budget before the month's end.
  (t) => [index('budget_limits_budget_idx').on(t.budgetId, t.effectiveAt)],
);

/**
 * What budgets count as spent (executed, unreversed expenses), summed per UTC
 * day of `executed_at`, per family, currency and category (0: none). Kept
 * exact by triggers on `transactions` (drizzle/0011_expense_days_triggers.sql, 0024),
 * so every ledger write keeps it in its own transaction; a month's spending is
 * its whole days here plus the partial days at its edges (the family's time
 * zone) summed from the transactions' covering index.
 * WITHOUT ROWID (migration 0024; Drizzle's schema cannot say so), keyed by
 * family, currency, day and category: each new total rewrites one row in one
 * b-tree (before: the table, its key index and a day index holding the total).
 * Every reader asks for a family's currency over a range of days, a range of
 * the key; a category's sum skips the day's other categories in it.
 */
export const expenseDays = sqliteTable(
  'expense_days',
  {
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    categoryId: integer('category_id').notNull(),
    /** floor(executed_at / 86,400,000). */
    day: integer('day').notNull(),
    spentMinor: integer('spent_minor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.familyId, t.currency, t.day, t.categoryId] })],
);

export const goals = sqliteTable(
  'goals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    targetMinor: integer('target_minor').notNull(),
    currency: text('currency').notNull(),
    walletId: integer('wallet_id').references(() => wallets.id),
    deadline: text('deadline'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    achievedAt: integer('achieved_at'),
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('goals_family_idx').on(t.familyId),
    index('goals_wallet_idx').on(t.walletId),
    index('goals_created_by_idx').on(t.createdBy),
  ],
);

/**
 * grammY sessions, conversation state and the bot's small records, such as
 * which card answers which message (key/value). The table is WITHOUT ROWID
 * (migration 0015; Drizzle's schema cannot say so): rows live in the key's
 * b-tree, so a write touches one b-tree instead of the table and its key index.
 */
export const botSessions = sqliteTable('bot_sessions', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const processedUpdates = sqliteTable(
  'processed_updates',
  {
    updateId: integer('update_id').primaryKey(),
    processedAt: integer('processed_at').notNull(),
  },
  // No index on processed_at (dropped in 0015): a claim and its finish each moved an entry in it, two more
  // WAL pages per update. Pruning walks the rows in update-id order, a bounded chunk at a time (retention.ts).
);

/**
 * What a request the app keys itself made (the bot's message or press that ends a flow: a wallet,
 * a recurring rule, a goal, a category, a budget, an invite link, a membership, a group join request,
 * an import's first transaction): written in the commit that made it, so the same
 * request handled again (an update redelivered after a crash, a double tap) finds it and makes
 * nothing more. `kind` names the table `made_id` is in. One row per thing made by the bot: no pruning.
 */
export const requestKeys = sqliteTable(
  'request_keys',
  {
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    madeId: integer('made_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] })],
);

/** Transactional outbox: written in the same transaction as the change that needs the work. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    topic: text('topic').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'processing', 'done', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lockedUntil: integer('locked_until'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    doneAt: integer('done_at'),
  },
  (t) => [index('outbox_status_next_idx').on(t.status, t.nextAttemptAt)],
);

/**
 * Side effects already performed for an outbox job (one row per recipient), so a retry skips them.
 * recipient_result_idx: the bot asks whether a message it sent to a chat was a notification
 * (`chat:<id>`/`card:<id>` with result `message:<id>`; isDeliveredNotice).
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    outboxId: integer('outbox_id').notNull().references(() => outbox.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    result: text('result'),
    deliveredAt: integer('delivered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.recipient] }), index('deliveries_recipient_result_idx').on(t.recipient, t.result)],
);

export const recurringRules = sqliteTable(
  'recurring_rules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['expense', 'income'] }).notNull(),
    walletId: integer('wallet_id').notNull().references(() => wallets.id),
    categoryId: integer('category_id').references(() => categories.id),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    description: text('description'),
    frequency: text('frequency', { enum: ['daily', 'weekly', 'monthly', 'yearly'] }).notNull(),
    /** First occurrence as a calendar date (YYYY-MM-DD) in the family's timezone. */
    startDate: text('start_date').notNull(),
    /** Next occurrence not yet created, as a calendar date (YYYY-MM-DD). */
    nextDate: text('next_date').notNull(),
    createdBy: integer('created_by').notNull().references(() => users.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** The occurrence date whose "cannot be paid" notice was sent (one notice per date). */
    unpaidNoticeDate: text('unpaid_notice_date'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('recurring_rules_family_idx').on(t.familyId),
    index('recurring_rules_wallet_idx').on(t.walletId),
    index('recurring_rules_category_idx').on(t.categoryId),
    index('recurring_rules_created_by_idx').on(t.createdBy),
    index('recurring_rules_next_idx').on(t.active, t.nextDate),
  ],
);

/** Seen HMAC signatures inside the ±30 s window, to refuse replays. */
export const hmacReplays = sqliteTable(
  'hmac_replays',
  {
    signature: text('signature').primaryKey(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('hmac_replays_expires_idx').on(t.expiresAt)],
);

/** Stored first responses for API Idempotency-Key replays. */
export const idempotentResponses = sqliteTable(
  'idempotent_responses',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    body: text('body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotent_responses_created_idx').on(t.createdAt)],
);

/**
 * One row per running process (role, host, pid), rewritten every few seconds:
 * the write is the database's health probe, and its age is what
 * `finance-bot healthcheck` and `finance-bot restore` look at.
 */
export const heartbeats = sqliteTable('heartbeats', {
  id: text('id').primaryKey(),
  role: text('role').notNull(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: integer('started_at').notNull(),
  beatAt: integer('beat_at').notNull(),
});

/** Settings of the whole instance (key → value), e.g. who its owner is. */
export const instanceSettings = sqliteTable('instance_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** A Telegram group linked to a family (#13): one group per family, one family per group. */
export const familyGroups = sqliteTable(
  'family_groups',
  {
    /** The group's chat id; changes when a group becomes a supergroup (the link follows it). */
    chatId: integer('chat_id').primaryKey(),
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    title: text('title'),
    linkedBy: integer('linked_by').references(() => users.id, { onDelete: 'set null' }),
    linkedAt: integer('linked_at').notNull(),
    /** The bot's pinned summary message in the group, edited in place. */
    summaryMessageId: integer('summary_message_id'),
    /** Its text as last sent, so an unchanged summary is not edited again. */
    summaryText: text('summary_text'),
    /** The family's day (YYYY-MM-DD) that text counts as today; past the family's midnight the jobs refresh it once. */
    summaryDay: text('summary_day'),
  },
  (t) => [uniqueIndex('family_groups_family_unique').on(t.familyId), index('family_groups_linked_by_idx').on(t.linkedBy)],
);

/** How a family uses its group (#13); a family without a row has the defaults. */
export const familyGroupSettings = sqliteTable('family_group_settings', {
  familyId: integer('family_id').primaryKey().references(() => families.id, { onDelete: 'cascade' }),
  /** Where approval requests go: the group, approvers' private chats, or both. */
  approvalsTarget: text('approvals_target', { enum: ['group', 'private', 'both'] }).notNull().default('both'),
  /** What the group may see: entries and approvals only, or also balances and reports. */
  visibility: text('visibility', { enum: ['entries', 'everything'] }).notNull().default('entries'),
  pinnedSummary: integer('pinned_summary', { mode: 'boolean' }).notNull().default(false),
  updatedAt: integer('updated_at').notNull(),
});

/** A group member who is not in the family asked to join from the group (#13). */
export const groupJoinRequests = sqliteTable(
  'group_join_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    familyId: integer('family_id').notNull().references(() => families.id, { onDelete: 'cascade' }),
    chatId: integer('chat_id').notNull(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'approved', 'declined'] }).notNull(),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: integer('decided_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('group_join_requests_family_idx').on(t.familyId, t.status),
    index('group_join_requests_user_idx').on(t.userId),
    index('group_join_requests_decided_by_idx').on(t.decidedBy),
  ],
);
