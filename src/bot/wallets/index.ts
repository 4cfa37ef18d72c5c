// Wallets: /wallets (list, one wallet's transactions, add, rename, archive) and /balance.
import { conceptFeature } from '../shared/concept-feature.js';
import { showBalance } from './balance.js';
import { registerWallets, showWallets } from './wallets.js';

export { showWallets };

export const walletsFeature = conceptFeature(registerWallets, { wallets: showWallets, balance: showBalance });
