// Wallets: /wallets (list, one wallet's transactions, add, rename, archive) and /balance.
import { defineConversation } from '../runtime/conversation-registry.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { addWalletConversation, ADD_WALLET_CONVERSATION, renameWalletConversation, RENAME_WALLET_CONVERSATION } from './add-wallet.js';
import { showBalance } from './balance.js';
import { registerWallets, showWallets } from './wallets.js';

export { showWallets };

export const walletsConversations = [
  defineConversation(addWalletConversation, ADD_WALLET_CONVERSATION),
  defineConversation(renameWalletConversation, RENAME_WALLET_CONVERSATION),
];

export const walletsFeature = conceptFeature(registerWallets, { wallets: showWallets, balance: showBalance });
