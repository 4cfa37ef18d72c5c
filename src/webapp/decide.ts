// Approve or reject a transaction that waits: one API call, a haptic to say
// how it went, and "the books changed" so every page reloads.
import { useState } from 'preact/hooks';
import { errorText } from './components.js';
import type { Ctx, Tx } from './model.js';
import { telegram } from './telegram.js';

export type Decision = 'approve' | 'reject';

/** Whether the reader may decide on it: an approver's role, and not their own request (the core refuses both otherwise). */
export const canDecide = (ctx: Ctx, tx: Tx): boolean => tx.status === 'pending_approval' && ctx.family.can_approve && tx.created_by !== ctx.me.user_id;

export function useDecide(ctx: Ctx, done?: (tx: Tx, d: Decision) => void) {
  const [busy, setBusy] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  async function decide(tx: Tx, d: Decision): Promise<void> {
    if (busy !== null) return;
    setBusy(tx.id);
    setMessage(null);
    try {
      if (d === 'approve') await ctx.api.post(`/transactions/${tx.id}/confirm`);
      else await ctx.api.post(`/transactions/${tx.id}/reject`, { reason: null });
      telegram.notify(d === 'approve' ? 'success' : 'warning');
      setMessage(ctx.t(d === 'approve' ? 'webapp-approved' : 'webapp-rejected'));
      done?.(tx, d);
      ctx.changed();
    } catch (e) {
      telegram.notify('error');
      setMessage(errorText(ctx, e));
    } finally {
      setBusy(null);
    }
  }
  return { decide, busy, message };
}
