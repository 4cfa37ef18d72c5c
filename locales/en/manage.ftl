# Management features (bot-b): wallets, history, pending, invites, members,
# settings, /link, reports, recurring rules. Plain text (no parse mode).

manage-cancel = ✖️ Cancel
manage-cancelled = Cancelled.
manage-back = « Back
manage-back-wallets = « Wallets
manage-back-members = « Members
manage-page-older = Older ▶
manage-page-newest = ⏮ Newest
manage-stale-button = This button is out of date. Open the menu again.
manage-use-buttons = Please choose with the buttons above, or press Cancel.
manage-approve = ✅ Approve
manage-reject = ❌ Reject

manage-role = { $role ->
    [owner] Owner
    [admin] Admin
    [member] Member
   *[viewer] Viewer
}


# Transactions in lists
manage-tx-no-category = No category
manage-tx-opening-balance = Opening balance
manage-tx-archived-category = Archived category
manage-tx-former-member = Former member
manage-tx-status-reversal = ↩️ reversal
manage-tx-status = { $status ->
    [pending_approval] ⏳ waiting for approval
    [reversed] ↩️ reversed
    [withdrawn] ✋ withdrawn
    [executed] ✅ recorded
   *[rejected] ✖️ rejected
}

# Wallets
manage-wallets-title = 👛 Wallets
manage-wallets-empty = No wallets yet.
manage-wallets-line = • { $name }: { $balance }
manage-wallets-line-default = • ★ { $name }: { $balance }
manage-wallets-default-hint = ★ Your default wallet: quick entries like “50 coffee” go there. Open another wallet to change it.
manage-wallets-add = ➕ Add wallet
manage-wallet-header = 👛 { $name } ({ manage-wallet-type }, { $currency })
    Balance: { $balance }
manage-wallet-no-transactions = No transactions yet.
manage-wallet-archived = 🗄 This wallet is archived.
manage-wallet-rename = ✏️ Rename
manage-wallet-archive = 🗄 Archive
manage-wallet-make-default = ☆ Make default
manage-wallet-is-default = ★ Default wallet
manage-wallet-default-note = ★ Your default wallet for quick entries.
manage-wallet-default-set = ★ “{ $name }” is now your default wallet.
manage-wallet-default-already = ★ “{ $name }” is already your default wallet.
manage-wallet-type = { $type ->
    [cash] Cash
    [bank] Bank account
    [card] Card
    [credit] Credit card
   *[savings] Savings
}
manage-wallet-ask-name = What should the new wallet be called?
manage-wallet-ask-type = What kind of wallet is “{ $name }”?
manage-wallet-ask-currency = Which currency does “{ $name }” hold? Press one or send a code such as CHF.
manage-wallet-ask-balance = How much is in “{ $name }” now, in { $currency }? Send 0 or press Skip if it is empty.
manage-wallet-ask-balance-credit = How much does “{ $name }” show now, in { $currency }? Send a debt with a minus, like -120, or press Skip for 0.
manage-wallet-ask-limit = How far below zero may “{ $name }” go? Send the credit limit in { $currency }, or press “No limit”.
manage-wallet-no-limit = No limit
manage-wallet-created = ✅ Wallet “{ $name }” ({ $currency }) created.
manage-wallet-ask-rename = Send the new name for “{ $name }”.
manage-wallet-renamed = ✅ The wallet is now called “{ $name }”.
manage-wallet-archive-confirm = Archive “{ $name }”? It disappears from lists; its history stays.
manage-confirm-archive = 🗄 Yes, archive
manage-wallet-archived-done = 🗄 “{ $name }” is archived.
manage-wallet-has-goals = 🎯 “{ $name }” stays open: it holds the savings of { $count ->
    [one] a goal
   *[other] { $count } goals
} ({ $goals }), and a goal’s progress is its wallet’s balance.
    Move each goal to another wallet, or close it, then archive the wallet.
manage-wallet-goal-move = ↪ Move “{ $name }”
manage-wallet-goal-close = 🗑 Close “{ $name }”
manage-wallet-goal-pick = Where should “{ $name }” be saved from now on? Its progress will be that wallet’s balance.
manage-wallet-goal-no-target = No other wallet in { $currency } to move “{ $name }” to. Add one in /wallets, or close the goal.
manage-wallet-goal-moved = ↪ “{ $goal }” is now saved in “{ $wallet }”.
manage-wallet-goal-closed = 🗑 Goal “{ $goal }” closed.

# History
manage-history-title = 🧾 Recent transactions
manage-history-open-privately = To open an entry and change it, send /history to @{ $bot } in a private chat.
manage-history-back = « History
manage-history-empty = No transactions yet.
manage-history-no-more = No older transactions.

# Pending approvals
manage-pending-empty = Nothing is waiting for approval.
manage-pending-title = ⏳ Waiting for approval: { $count }
manage-pending-more = Also waiting:
manage-pending-own = (yours: another approver decides)

# Invites
manage-invite-choose-role = Who are you inviting? Choose their role:
manage-invite-created = Invite link for a new { $role ->
        [admin] admin
        [viewer] viewer
       *[member] member
    } of “{ $family }”:
    { $link }

    Send it to the person: opening it joins the family. It works once and expires on { $expires }.

manage-invite-live-title = Links still open ({ $count }):
manage-invite-live-line = { $n }. { manage-role } · made by { $author } · expires { $expires }
manage-invite-revoke = ✖ Revoke { $n }
manage-invite-revoked = Link revoked: it no longer works.
manage-invite-already-revoked = This link was already revoked.
manage-invite-made-before = This message already made its link: it is above. For another one, send /invite again.

# Members
manage-members-title = 👥 Members ({ $count })
manage-members-line = • { $name }: { manage-role }{ $you ->
        [yes] {" "}(you)
       *[no] {""}
    }
manage-members-member = { $name }: { manage-role }
manage-members-make = Make { $role ->
        [admin] admin
        [member] member
       *[viewer] viewer
    }
manage-members-remove = 🚪 Remove from family
manage-members-remove-confirm = Remove { $name } from the family? They lose access; their transactions stay.
manage-confirm-remove = 🚪 Yes, remove
manage-members-role-changed = Role changed.
manage-members-removed = Removed from the family.
manage-members-hand-over = 👑 Hand over ownership
manage-members-hand-over-confirm = Make { $name } the owner of the family? You become an admin; only the new owner can change that.
manage-members-hand-over-yes = 👑 Yes, hand over
manage-members-handed-over = { $name } is now the owner.
manage-members-leave = 🚪 Leave the family
manage-members-leave-confirm = Leave “{ $family }”? You lose access; your transactions stay, and your requests still waiting are withdrawn.
manage-members-leave-yes = 🚪 Yes, leave
manage-members-left = You left “{ $family }”.

# Families (/family)
manage-families-title = 👪 Your families (quick entries and the menu work in the one marked ●):
manage-families-line = { $current ->
        [yes] ●
       *[no] ○
    } { $name }: { manage-role }
manage-families-switch = Work in “{ $name }”
manage-families-switched = Now working in “{ $name }”.

# Settings
manage-language-name = { $locale ->
    [ru] Русский
   *[en] English
}
manage-settings-summary = ⚙️ Settings
    Language: { $language }
    Family: { $family }
    Currency: { $currency }
    Approval needed above: { $threshold }
    Time zone: { $timezone }
    Family's language: { $familyLanguage }
manage-settings-threshold-none = every amount
manage-settings-language = 🌐 Language
manage-settings-currency = 💱 Currency
manage-settings-threshold = 🔒 Approval limit
manage-settings-timezone = 🕒 Time zone
manage-settings-family-language = 👪 Family's language
manage-settings-incomes = { $on ->
    [yes] 📥 Incomes wait: on
   *[no] 📥 Incomes wait: off
}
manage-settings-incomes-changed = { $on ->
    [yes] Members' incomes now wait for approval too.
   *[no] Members' incomes are recorded at once.
}
manage-settings-choose-language = Choose your language:
manage-language-changed = ✅ Language set to English.
manage-settings-choose-family-language = The family's language is used for the messages the whole family group shares (approval and join cards, the pinned summary). Choose it:
manage-family-language-changed = ✅ The family's language is now { $language }.
manage-settings-ask-currency = The family's currency is { $currency }. Choose a new one or send its code:
manage-settings-currency-changed = ✅ The family's currency is now { $currency }.
manage-settings-ask-threshold = Members' transactions above this amount wait for approval. Send the new limit in { $currency } (0 means every amount waits):
manage-settings-threshold-changed = ✅ Approval is now needed above { $amount }.
manage-settings-threshold-none-in = { $currency }: every amount
manage-settings-ask-threshold-other = For { $currencies } add the code, like 100 { $example }.
manage-settings-threshold-no-wallet = The family has no wallet in { $named }. A limit can be set in { $currencies }.
manage-settings-ask-timezone = The family's time zone is { $timezone }. Send a new one, like Europe/Berlin:
manage-settings-timezone-changed = ✅ Time zone set to { $timezone }.

# /link
manage-link-code = Your one-time code: { $code }
    Log in on the web and open { $url }
    (or enter the code there). It works for { $minutes } minutes.
manage-link-private-only = Send /link in your private chat with me.

# Report
manage-report-title = 📊 Report for { $month }
manage-report-empty = No income or expenses this month yet.
manage-report-currency = { $currency }: income { $income }, expenses { $expenses }, balance { $net }
manage-report-expenses-by-category = Expenses by category:
manage-report-income-by-category = Income by category:
manage-report-budgets = Budgets this month:
manage-report-budget-all = All expenses
manage-report-budget-line = • { $name }: { $spent } of { $limit } ({ $percent })
manage-report-goals = Goals:
manage-report-goal-line = • { $name }: { $saved } of { $target } ({ $percent })

# Recurring
manage-recurring-title = 🔁 Recurring transactions
manage-recurring-empty = No recurring transactions yet.
manage-recurring-line = { manage-recurring-kind }: { $amount }, { $category }, { $wallet }, { manage-recurring-frequency }, next { $next }
manage-recurring-kind = { $kind ->
    [income] ➕ Income
   *[expense] ➖ Expense
}
manage-recurring-frequency = { $frequency ->
    [daily] daily
    [weekly] weekly
    [yearly] yearly
   *[monthly] monthly
}
manage-recurring-add = ➕ Add recurring
manage-recurring-stop = ⏹ Stop { $n }
manage-recurring-stopped = Stopped.
manage-recurring-ask-kind = Is it an expense or an income?
manage-recurring-ask-wallet = Which wallet?
manage-recurring-ask-amount = How much each time, in { $currency } ({ $wallet })?
manage-recurring-ask-category = Which category?
manage-recurring-no-category = No category
manage-recurring-ask-frequency = How often?
manage-recurring-ask-date = When is the first one? Press a button or send a date as YYYY-MM-DD.
manage-recurring-today = Today { $date }
manage-recurring-tomorrow = Tomorrow { $date }
manage-recurring-created = ✅ Added: { $rule }
recurring-unpaid-paid = ✅ Paid.
recurring-unpaid-skipped = ⏭ Skipped this time.
recurring-unpaid-already_paid = It was already paid.
recurring-unpaid-already_skipped = It was already skipped.
recurring-unpaid-pay-from = 💳 Pay from { $wallet }
recurring-unpaid-skip = ⏭ Skip this time
recurring-unpaid-stopped = ⏹ This recurring transaction was stopped; nothing to pay or skip.
