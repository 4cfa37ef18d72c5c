// Starting out over REST alone (no Telegram): create a family and its wallets,
// through the same core calls and rules as the bot's onboarding and wallet
// screens (instance policy, roles, currencies, opening balance as a ledger entry),
// and archive a wallet as /wallets does (empty, nothing waiting, no goal saved in it).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { archiveWallet, createFamily, createWallet, durable, getFamily, WALLET_TYPES, walletOfFamily, writeTx, type Tx, type WalletType } from '../../domain/index.js';
import { isCurrencyCode } from '../../domain/money/currency.js';
import { parseDecimalAmount } from '../../domain/money/money.js';
import { TEXT_RULES } from '../../domain/text/text.js';
import { ApiError, badInput } from '../errors.js';
import type { ApiContext } from '../context.js';
import { findStoredResponse, storeResponse, type StoredResponse } from '../store/idempotent-responses.js';
import { canonicalHash, idempotencyKeyOf } from './idempotency.js';
import { authGuard, authOf, userOf } from '../plugins/auth.js';
import { amountInput, bearerSecurity, errorResponses, idParams, integerId } from '../schemas.js';
import { familySchema, familyView, walletSchema, walletView } from '../views.js';

type FamilyBody = { name: string; base_currency: string; timezone?: string; locale?: 'en' | 'ru' };
type WalletBody = {
  family_id: number;
  name: string;
  type: WalletType;
  currency?: string;
  opening_balance?: number | string;
  credit_limit?: number | string;
  allow_negative?: boolean;
};

const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255, description: 'Makes a retry safe: the same key and body get the first answer (Idempotent-Replayed: true); the same key with another body is 422 idempotency_mismatch' } },
} as const;

/**
 * Creates at most once per Idempotency-Key (when one is sent): a retry with
 * the same key and body gets the first answer, another body 422. The key is
 * looked up again inside the write transaction (IMMEDIATE: the write lock is
 * held), so racing retries, from any process, create one row; the stored
 * answer commits with the row it answers.
 */
async function createOnce(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply, userId: number, route: string, create: (tx: Tx) => object): Promise<FastifyReply> {
  const key = idempotencyKeyOf(req);
  const requestHash = canonicalHash({ route, body: req.body });
  const stored = (): StoredResponse | undefined => {
    if (key === null) return undefined;
    const found = findStoredResponse(ctx.core.db, userId, key);
    if (found && found.requestHash !== requestHash) {
      throw new ApiError(422, 'idempotency_mismatch', 'This Idempotency-Key was already used with a different request', { field: 'Idempotency-Key' });
    }
    return found;
  };
  const first = stored();
  const outcome = first
    ? { replay: first }
    : writeTx(ctx.core, (tx) => {
        const again = stored();
        if (again) return { replay: again };
        const view = create(tx);
        if (key !== null) storeResponse(tx, userId, key, { requestHash, statusCode: 201, body: JSON.stringify(view) }, ctx.now());
        return { view };
      });
  await durable(ctx.core);
  if (outcome.replay) {
    return reply.code(outcome.replay.statusCode).header('idempotent-replayed', 'true').type('application/json; charset=utf-8').send(outcome.replay.body);
  }
  return reply.code(201).send(outcome.view);
}

export function registerFamilySetupRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const guard = authGuard(ctx);

  app.post<{ Body: FamilyBody }>(
    '/families',
    {
      onRequest: guard,
      schema: {
        tags: ['families'],
        summary: 'Create a family: the caller becomes its owner, with a Cash wallet and the default categories',
        description: 'The first family on a server makes its creator the instance owner; with INSTANCE_POLICY=invite others need the owner\'s invite (403, reason instance_policy).',
        security: bearerSecurity,
        headers: idempotencyHeader,
        body: {
          type: 'object',
          required: ['name', 'base_currency'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64 },
            base_currency: { type: 'string', minLength: 3, maxLength: 3, description: 'ISO 4217 code, e.g. USD' },
            timezone: { type: 'string', maxLength: 64, description: 'IANA time zone, default UTC' },
            locale: { type: 'string', enum: ['en', 'ru'] },
          },
        },
        response: { 201: familySchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const b = req.body;
      // Checked here so the error names the API's field (the core calls it baseCurrency).
      if (!isCurrencyCode(b.base_currency.trim().toUpperCase())) throw badInput('base_currency', `${b.base_currency} is not an ISO 4217 currency code`);
      return createOnce(ctx, req, reply, user, 'POST /families', () => {
        const family = createFamily(ctx.core, user, { name: b.name, baseCurrency: b.base_currency, timezone: b.timezone, locale: b.locale });
        return familyView(getFamily(ctx.core, user, family.id));
      });
    },
  );

  app.post<{ Body: WalletBody }>(
    '/wallets',
    {
      onRequest: guard,
      schema: {
        tags: ['families'],
        summary: 'Create a wallet in a family (owners and admins), with an optional opening balance',
        security: bearerSecurity,
        headers: idempotencyHeader,
        body: {
          type: 'object',
          required: ['family_id', 'name', 'type'],
          additionalProperties: false,
          properties: {
            family_id: integerId,
            name: { type: 'string', minLength: 1, maxLength: TEXT_RULES.walletName.max },
            type: { type: 'string', enum: [...WALLET_TYPES] },
            currency: { type: 'string', minLength: 3, maxLength: 3, description: 'ISO 4217 code; default the family\'s base currency' },
            opening_balance: { ...amountInput, description: 'what the wallet holds today, in its currency (negative for a card\'s debt, within its credit limit or with allow_negative)' },
            credit_limit: { ...amountInput, description: 'a card only: how far below zero it may go, as the bot\'s credit card asks' },
            allow_negative: { type: 'boolean' },
          },
        },
        response: { 201: walletSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const b = req.body;
      // Membership first: another family's id answers 404 before its currency is read.
      const family = getFamily(ctx.core, user, b.family_id);
      const currency = (b.currency ?? family.baseCurrency).toUpperCase();
      if (!isCurrencyCode(currency)) throw badInput('currency', `${b.currency ?? ''} is not an ISO 4217 currency code`);
      const opening = b.opening_balance === undefined ? undefined : parseDecimalAmount(b.opening_balance, currency, { field: 'opening_balance', allowNegative: true, allowZero: true });
      const creditLimit = b.credit_limit === undefined ? undefined : parseDecimalAmount(b.credit_limit, currency, { field: 'credit_limit', allowZero: true });
      return createOnce(ctx, req, reply, user, 'POST /wallets', (tx) => {
        const wallet = createWallet(ctx.core, user, {
          familyId: family.id,
          name: b.name,
          type: b.type,
          currency,
          openingBalanceMinor: opening,
          creditLimitMinor: creditLimit,
          allowNegative: b.allow_negative,
          origin: `api:${authOf(req).sessionId}`,
        });
        return walletView(walletOfFamily(tx, family.id, wallet.id));
      });
    },
  );
  app.post<{ Params: { id: string }; Body: { family_id: number } }>(
    '/wallets/:id/archive',
    {
      onRequest: guard,
      schema: {
        tags: ['families'],
        summary: 'Archive a wallet (owners and admins): it must be empty, with nothing waiting for approval and no savings goal saved in it',
        description:
          'Refusals are 409 invalid_state with a reason: wallet_not_empty, wallet_has_pending, or wallet_has_goals with `goals` (move each goal to another wallet or close it first). Archiving an archived wallet answers it unchanged.',
        security: bearerSecurity,
        params: idParams,
        body: { type: 'object', required: ['family_id'], additionalProperties: false, properties: { family_id: integerId } },
        response: { 200: walletSchema, ...errorResponses },
      },
    },
    async (req) => {
      const user = userOf(req);
      const wallet = archiveWallet(ctx.core, user, { familyId: req.body.family_id, walletId: Number(req.params.id) });
      await durable(ctx.core);
      return walletView(wallet);
    },
  );
}
