# Bot texts (bot-a): onboarding, main menu, transactions, quick entry,
# approvals, undo, help, errors, command descriptions.

## Start and onboarding

start-needed = Hi! Send /start to begin.
start-no-family = You are not in a family yet. Send /start to create one, or open an invite link from a family member.
start-welcome-back = Welcome back, { $name }!
start-joined = You joined “{ $family }” as { $role }.
start-joined-elsewhere = Quick entries and the menu now work in “{ $family }”. Your other families are still yours: /family switches.
start-already-member = You are already in “{ $family }” ({ $role }).
role-owner = owner
role-admin = admin
role-member = member
role-viewer = viewer
onboarding-welcome =
    Welcome! I keep your family's money in order: expenses, incomes, wallets, approvals.
    If a family member sent you an invite link, open it instead to join their family.
onboarding-ask-name = Let's create your family. What should we call it?
onboarding-ask-currency = “{ $family }”: which currency do you count in? Pick one or type its code (for example CHF).
onboarding-ask-balance = How much cash do you have now, in { $currency }? It becomes the opening balance of your Cash wallet. Send an amount or press Skip.
onboarding-opening-description = Opening balance
onboarding-done = Done! “{ $family }” is ready, with a Cash wallet and the usual categories.
onboarding-limit = 🔒 Members' entries above { $amount } wait for your approval; change the limit in /settings.
onboarding-cancelled = Cancelled. Send /start when you are ready.

## Questions in conversations

conv-use-text-or-buttons = Please answer with text or the buttons.
conv-use-buttons = Please choose with the buttons.
conv-reply-to-answer = ↩️ In this group I only see replies to my messages: reply to this one to answer.
conv-left = The draft was dropped.
conv-left-for-entry = That looks like an entry, so I left the open question and recorded it.
conv-not-in-family = You are no longer in this family, so this question is closed; nothing was saved.
conv-answer-repeated = “{ $text }” came twice; I took it once, as your answer. If the second one was meant, send it again.
conv-outdated-question = That question was asked before the bot was updated and is out of date, so nothing was recorded. Please start again, for example from /menu.
conv-press-repeated = You pressed twice; I took the first press only.
view-shown-twice = You pressed twice; it is shown once, just above.
conv-skip = Skip
conv-back = ‹ Back
conv-cancel = Cancel

## Main menu

menu-title = { $family }: what would you like to do?
menu-outdated = This menu is outdated; here is the current one.
menu-expense = ➖ Expense
menu-income = ➕ Income
menu-transfer = 🔁 Transfer
menu-wallets = 👛 Wallets
menu-history = 📜 History
menu-pending = ⏳ Pending ({ $count })
menu-reports = 📊 Reports
menu-settings = ⚙️ Settings

## Recording a transaction

tx-ask-amount = { $kind ->
    [income] How much came in? Amount in { $currency }, for example { $exponent ->
        [0] 1500
        [3] 1500 or 12.500
       *[other] 1500 or 12.50
    }.
    [transfer] How much do you move? Amount in { $currency }, for example { $exponent ->
        [0] 100
        [3] 100 or 12.500
       *[other] 100 or 12.50
    }.
   *[expense] How much did you spend? Amount in { $currency }, for example { $exponent ->
        [0] 1200
        [3] 12.500
       *[other] 12.50
    }.
}
tx-ask-wallet = { $kind ->
    [income] Into which wallet?
    [transfer] From which wallet?
   *[expense] From which wallet?
}
tx-ask-to-wallet = To which wallet?
tx-ask-amount-again = { $wallet } is in { $currency }. How much in { $currency }? (you wrote { $typed })
tx-ask-to-amount = How much arrived in { $wallet }, in { $currency }?
tx-ask-category = { $kind ->
    [income] Which category?
   *[expense] Which category?
}
tx-ask-description = Add a note? Send it, or press Skip.
tx-confirm = { $kind ->
    [income] Record this income?
    [transfer] Record this transfer?
   *[expense] Record this expense?
}
    { $summary }
tx-save = ✅ Save
tx-cancelled = Cancelled. Nothing was recorded.
tx-no-wallets = Your family has no active wallet yet.
tx-transfer-needs-two = A transfer needs two wallets; add another one under Wallets first.
tx-summary = { $kind ->
    [income] ➕ { $amount } to { $wallet }{ $details }
    [transfer] 🔁 { $amount } from { $wallet } to { $toWallet }{ $details }
   *[expense] ➖ { $amount } from { $wallet }{ $details }
}
tx-balance = { $wallet }: { $balance }
tx-pending = ⏳ This waits for approval by an owner or admin; you will be told when it is decided.

## Amounts

amount-invalid = { $reason ->
    [empty] Send the amount as a number, for example { $exponent ->
        [0] 1200
        [3] 12.500
       *[other] 12.50
    }.
    [ambiguous] Is “{ $input }” a thousand or a decimal? Write 1234 for a thousand, or { $exponent ->
        [3] 1.234
       *[other] 1.23
    } for a decimal.
    [ambiguous_thousands] Is “{ $input }” thousands or millions? Write 1.5k for one and a half thousand, or 1500k for one and a half million.
    [ambiguous_sum] Does the k or thousand in “{ $input }” cover only the last number or the whole sum? Put it on every number, for example 120k+35k (155 thousand), or write the thousands in digits: 120+35000.
    [split_amount] Is the number after the thousands in “{ $input }” part of the amount? Write the whole amount as one number, for example 2500 or 2.5k, and the note after it.
    [separate_numbers] Which number is the amount? Numbers written apart next to it can be read several ways: “1 50” may be { $exponent ->
        [0] 150, or 1 and 50
       *[other] 150, 1.50, or 1 and 50
    }. Write the amount as one number, for example { $exponent ->
        [0] “150 coffee”
       *[other] “150 coffee” or “1.50 coffee”
    }, and keep other numbers inside the words: “5 coffee x2”.
    [millions] I don't read millions from words (“{ $input }”): write the amount in digits, e.g. 2000000, or in thousands, 2000k.
    [too_many_decimals] { $exponent ->
        [0] This currency has no decimals: send a whole number.
       *[other] At most { $exponent } digits after the decimal point, please.
    }
    [negative] The amount must be positive.
    [zero] The amount must be more than zero.
    [too_large] That amount is too large.
   *[other] “{ $input }” is not an amount. Send a number such as { $exponent ->
        [0] 1200 or 1 234
        [3] 12.500 or 1 234.500
       *[other] 12.50 or 1 234,50
    }.
}
amount-wrong-currency = This question is in { $currency }, and you wrote { $named }. Send the amount in { $currency }, for example { $exponent ->
    [0] 1200
    [3] 12.500
   *[other] 12.50
}.
amount-only = Only an amount goes here, for example “{ $example }”; “{ $words }” has no place in this answer.

## Quick entry

quick-hint = To record quickly, send an amount and a note: “50 coffee”, “{ $exponent ->
    [0] 1 234
    [3] 1 234.500
   *[other] 1 234,50
} groceries”, “+3000 salary”. /menu shows everything else.
quick-minor-units = Nothing recorded: “{ $word }” are fractions of the currency’s main unit. Send the amount in the main unit, with decimals: for example “{ $digits ->
    [3] 0.500
   *[other] 0.50
} coffee”.
quick-pay-from = Pay from { $wallet }
quick-pay-already = Already recorded.
quick-change-category = 🏷 Change category
quick-change-wallet = 👛 Change wallet
quick-undo = ↩️ Undo
quick-already-changed = This transaction was already undone or changed; nothing more to do.
quick-no-other-category = There is no other category to choose.
card-decided-by-other = { $name } approved this entry, so only { $name } or another owner or admin can change it now (on the group's card or in /history). You can still ↩️ Undo it.
quick-no-other-wallet = There is no other wallet in { $currency }.
quick-category-changed = Category changed
quick-wallet-changed = Wallet changed
quick-undone-short = Undone
quick-undone = ↩️ Undone: { $summary }
quick-no-wallet-in-currency = You have no wallet in { $currency }. Add one in /wallets, or send the amount without the currency.
quick-forwarded = This is a forwarded message, so I did not record it as your entry. If the money is yours, send it as your own message.
quick-edit-not-entry = The edited message is no longer an entry, so nothing changed. Use Undo on the card to drop it.
quick-edit-not-applied = Editing this message changes nothing: only an entry’s own message corrects its entry. Send it again as a new message, or use the buttons.
quick-edit-kind-changed = An edit cannot turn an expense into an income or back. Undo the entry and send a new one.
quick-corrected = ✏️ Corrected
quick-reply-to-card = Record “{ $text }” as a new entry? To correct the entry above instead, use its card's buttons: Change category, Change wallet, Undo.
quick-reply-to-waiting = Record “{ $text }” as a new entry? The request above waits for approval: to drop it instead, use its ✋ Withdraw button.
quick-reply-to-request = Record “{ $text }” as a new entry? To decide the request above instead, use its buttons: ✅ Approve or ❌ Reject (if the request is yours, ✋ Withdraw on your card withdraws it).
quick-reply-to-digest = Record “{ $text }” as a new entry? To decide a request listed above instead, use its ✅ or ❌ button.
quick-reply-not-entry-card = That is no entry, so nothing was recorded. To correct the entry above, use its card's buttons: Change category, Change wallet, Undo.
quick-reply-not-entry-waiting = That is no entry, so nothing was recorded. The request above waits for approval: to drop it, use its ✋ Withdraw button.
quick-reply-not-entry-request = A reply does not decide the request above: use its buttons, ✅ Approve or ❌ Reject.
quick-reply-not-entry-digest = A reply does not decide a request listed above: use that request's ✅ or ❌ button.
quick-reply-record = ✅ Record
quick-reply-cancel = ✖️ Cancel
quick-reply-cancelled = Not recorded

## Approvals

approvals-approved-short = Approved
approvals-rejected-short = Rejected
approvals-approved = ✅ Approved by { $name }.
approvals-rejected = ❌ Rejected by { $name }.
approvals-already-decided = { $status ->
    [executed] This request was already approved.
    [rejected] This request was already rejected.
    [reversed] This request was approved and later reversed.
   *[other] This request was already decided.
}
approvals-own = You cannot approve or reject your own request; another owner or admin decides.
approvals-not-allowed = You are not allowed to decide this request.
approvals-no-longer-allowed = 🔒 You can no longer decide requests in this family.
approvals-insufficient-funds = Not enough money in the wallet to approve this now. The request still waits.
approvals-withdrawn = ✋ Withdrawn by the person who asked.
card-withdraw = ✋ Withdraw
card-withdrawn = ✋ You withdrew this request.
card-not-in-family = 🔒 You are no longer in the family of this entry, so its buttons do nothing.
card-withdrawn-short = Withdrawn

## Undo

undo-nothing = There is nothing of yours to undo.
undo-confirm =
    Undo your last transaction?
    { $summary }
undo-confirm-withdraw =
    Your last entry still waits for approval. Withdraw the request?
    { $summary }
undo-yes = ↩️ Yes, undo
undo-no = Keep it
undo-kept = Kept as it is.

## Help and basics

help-text =
    I keep your family's money in order.

    Quick entry, recorded at once with a card to change the category or wallet, or undo:
    “50 coffee”, “coffee 50”, “$50 coffee”, “€20 lunch”, “4500₩ coffee”, “50 usd taxi”, “1.5k rent”, “2 thousand rent” (k or thousand: ×1000; millions are written in digits), “120+35 groceries”, “+3000 salary” (+ is an income, - an expense), or a photo with such a caption. Edit your message to correct the entry.

    Commands:
help-unknown-command = I don't know this command. /help lists what I can do.
cancel-nothing = Nothing to cancel.
balance-title = Balances:
balance-line = { $wallet }: { $balance }
private-only = I work in a private chat: write to me directly.

## Errors

errors-viewer = You can view this family's finances, but your role (viewer) cannot change anything.
errors-forbidden = Your role does not allow this. Ask the family's owner or an admin.
errors-own-transaction = You cannot decide your own request.
errors-insufficient-funds = Not enough money in that wallet.
errors-insufficient-funds-detail = Not enough money in { $wallet }: it has { $balance }. { $others ->
    [none] No other wallet in { $currency } can pay it.
   *[other] These can pay: { $others }.
}
errors-correction-window = Entries can be changed for 48 hours after recording; this one is older. Ask an owner or admin, or record a new entry.
errors-decided-by-other = Someone else already approved this entry, so only an owner or admin can change it now.
errors-already-settled = { $status ->
    [withdrawn] This request was already withdrawn; nothing changed.
    [reversed] This entry was already undone; nothing changed.
    [rejected] This request was already rejected; nothing changed.
    [executed] This entry was already recorded; nothing changed.
    [pending_approval] This entry still waits for approval; nothing changed.
   *[other] This entry was already undone, withdrawn or decided; nothing changed.
}
errors-invite-invalid = This invite link is not valid. Ask for a new one.
errors-invite-expired = This invite link has expired or was taken back. Ask a family member for a new one.
errors-invite-used = This invite link has already been used. Ask for a new one.
errors-expired = This has expired. Please ask for a new one.
errors-not-found = I could not find that; it may have been removed.
# A category or wallet an answer named was archived (meanwhile, or from an old list).
errors-archived = { $entity ->
    [wallet] That wallet was archived; pick another.
   *[category] That category was archived; pick another.
}
# What an answer named is no longer the family's (removed meanwhile, or from another family).
errors-missing = { $entity ->
    [category] That category is no longer in this family; pick another.
    [wallet] That wallet is no longer in this family; pick another.
    [goal] That goal was removed meanwhile.
    [budget] That budget was removed meanwhile.
    [recurring_rule] That recurring transaction is no longer there.
   *[other] I could not find that; it may have been removed.
}
errors-invalid-state = That cannot be done any more; things have changed in the meantime.
errors-name = A name must be 1–48 characters.
errors-currency = That is not a currency code I know. Use three letters, such as USD, EUR or RUB.
errors-timezone = This is not a time zone I know, or it keeps the wrong clock part of the year (EST, IST, GMT+3 follow no one's summer time). Send your region's name, like Europe/Berlin or America/New_York.
errors-date = Send a date as YYYY-MM-DD, today or later (for example 2026-12-01).
errors-date-range = Send a date from 1970-01-01 to 9999-12-31, written YYYY-MM-DD (for example 2027-06-30).
errors-date-too-far = Send a date from today to { $last } at the latest (two years ahead), written YYYY-MM-DD.
errors-deadline = Send a date still to come, written YYYY-MM-DD (for example 2027-06-30).
errors-wallet-not-empty = Move the money out of this wallet before archiving it.
errors-wallet-has-pending = A transaction from this wallet is waiting for approval; decide it first.
errors-wallet-has-goals = This wallet holds the savings of goals ({ $goals }): move each goal to another wallet or close it in /goals first.
errors-wallet-archived = This wallet is archived: money cannot move in or out of it.
errors-owner-must-transfer = Hand over ownership to another member first.
errors-not-member = { $self ->
    [yes] You are no longer in this family.
   *[no] This person is no longer in the family: they were removed or left.
}
errors-already-owner = { $name } is already the owner of the family.
errors-rule-stopped = This recurring transaction is already stopped.
errors-not-author = Only the person who made this request can withdraw it.
errors-below-new-floor = The wallet already owes more than that limit allows; pay it down first.
errors-occurrence-handled = This occurrence was already { $outcome ->
    [paid] paid
   *[skipped] skipped
}; nothing changed.
errors-description = A note can be at most 500 characters.
errors-text-unsafe = That text holds invisible control or text-direction characters. Please type it again without them.
errors-text-invalid = That text is not valid Unicode. Please type it again.
errors-validation = Something in that is not right; please check and try again.
errors-rate-limited = Too many attempts. Please wait a little and try again.
errors-export-running = Your previous export is still being made. Try again when it has arrived.
errors-conflict = That clashes with something done at the same time. Please try again.
errors-unexpected = Sorry, something went wrong on my side. Please try again in a moment.

## Command descriptions (the "/" menu)

cmd-menu = Main menu
cmd-expense = Record an expense, step by step
cmd-income = Record an income, step by step
cmd-transfer = Move money between wallets
cmd-balance = Wallet balances
cmd-wallets = Wallets
cmd-history = Recent transactions
cmd-pending = Requests waiting for approval
cmd-reports = Reports
cmd-recurring = Recurring transactions
cmd-undo = Undo my last transaction
cmd-invite = Invite someone to the family
cmd-members = Family members
cmd-family = Your families: which one the bot works in
cmd-settings = Settings
cmd-link = Use this account on the web
cmd-help = Help
cmd-cancel = Cancel what I'm doing
cmd-start = Start
