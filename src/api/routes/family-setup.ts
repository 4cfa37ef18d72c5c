// Starting out over REST alone (no Telegram): create a family and its wallets,
// through the same core calls and rules as the bot's onboarding and wallet
// screens (instance policy, roles, currencies, opening balance as a ledger entry),
// and archive a wallet as /wallets does (empty, nothing waiting, no goal saved in it).
import type { FastifyInstance } from 'fastify';
import { archiveWallet, createFamily, createWallet, getFamily, WALLET_TYPES, walletOfFamily, type WalletType } from '../../domain/index.js';
import { isCurrencyCode } from '../../domain/money/currency.js';
import { parseDecimalAmount } from '../../domain/money/money.js';
import { TEXT_RULES } from '../../domain/text/text.js';
import { badInput } from '../errors.js';
import type { ApiContext } from '../context.js';
import { idempotencyHeader, respondOnce } from './idempotency.js';
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

export function registerFamilySetupRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const guard = authGuard(ctx);

  app.post<{ Body: FamilyBody }>(
    '/families',
    {
      onRequest: guard,
      schema: {
        tags: ['families'],
        summary: 'Create a family: the caller becomes its owner, with a Cash wallet and the default categories',
        description:
          'Members\' transactions above the approval limit wait; the family starts with a round limit worth about US$500 in base_currency (500 USD, 500 EUR, 500000 KRW, 100000 JPY, 50000 RUB; 500 of a currency the server\'s table does not list), changed in the bot\'s /settings. ' +
          'The first family on a server makes its creator the instance owner; with INSTANCE_POLICY=invite others need the owner\'s invite (403, reason instance_policy).',
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
      return respondOnce(ctx, req, reply, user, 'POST /families', 201, () => {
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
      return respondOnce(ctx, req, reply, user, 'POST /wallets', 201, (tx) => {
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
        headers: idempotencyHeader,
        params: idParams,
        body: { type: 'object', required: ['family_id'], additionalProperties: false, properties: { family_id: integerId } },
        response: { 200: walletSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const walletId = Number(req.params.id);
      return respondOnce(ctx, req, reply, user, `POST /wallets/${walletId}/archive`, 200, () =>
        walletView(archiveWallet(ctx.core, user, { familyId: req.body.family_id, walletId })),
      );
    },
  );
}
