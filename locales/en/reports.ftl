# Reports (/reports), export (/export), budgets (/budgets) — issue #11
reports-empty-month = No income or expenses in this month.
reports-chart-busy-person = You have asked for many charts just now. Try again in { $seconds } s.
reports-chart-busy-server = The server is busy drawing other charts. Try again in a few seconds.
reports-empty-trend = No income or expenses in these twelve months.
reports-by-member = By member:
reports-by-wallet = By wallet:
reports-split = spent { $spent }, received { $received }
reports-budgets-of-month = Budgets in that month:
reports-button-trend = 📈 12 months
reports-button-chart = 🖼 Chart
reports-button-this-month = ⏺ This month
reports-button-back-to-month = ◀ Back to the month
reports-trend-title = 📈 { $from } – { $to }
reports-trend-line = { $month }: +{ $income } / −{ $expenses }

export-ask-period = 📤 Export transactions as a CSV file. Which period?
export-this-month = This month
export-last-month = Last month
export-this-year = This year
export-everything = Everything
export-caption = Your transactions (CSV, UTF-8). It opens in any spreadsheet and can be imported back with /import.
export-sent-twice = You pressed twice; the file is sent once, just above.
reports-chart-sent-twice = You pressed twice; the chart is sent once, just above.

notify-goal-reached = 🎉 Goal reached: “{ $name }” — { $target } saved ({ $family }).

budgets-title = 💰 Budgets
budgets-title-month = 💰 Budgets — { $month }
budgets-empty = No budgets yet. A budget is a monthly limit for all expenses or for one category.
budgets-line = { $name }: { $spent } of { $limit } · left { $left }
budgets-days-left = { $days ->
    [0] the month is over
    [one] 1 day left
   *[other] { $days } days left
}
budgets-add = ➕ Add a budget
budgets-removed = Budget removed
budgets-change-privately = To add or change budgets, send /budgets to @{ $bot } in a private chat.
budgets-ask-scope = What should the budget cover?
budgets-ask-amount = Monthly limit for “{ $name }” in { $currency }?
budgets-created = ✅ Budget for “{ $name }” added.
budgets-changed = ✅ Budget for “{ $name }” changed.
budgets-all-covered = Every expense category already has a budget.

cmd-budgets = Budgets: monthly limits and what is left
cmd-export = Export transactions as a CSV file

import-send-file = 📥 Send me a CSV file (or tab-separated text, .txt or .tsv: Excel’s “Unicode Text” is fine): an export of this bot, or your bank's statement (you will say which columns hold the date and the amount). You will see what would be recorded before anything is.
import-too-large = This file is too large to import (5 MB at most).
import-download-failed = I could not download the file. Please send it again.
import-file-error = { $reason ->
    [bad_csv] I cannot read this file as CSV: the quotes on line { $line } are not closed or placed properly. Nothing was recorded.
    [empty] The file has no rows under its header. Nothing was recorded.
    [too_many_rows] At most { $max } rows can be imported at once: split the file into parts. Nothing was recorded.
    [too_large] This file is too large to import (5 MB at most).
    [not_utf8] The file is not UTF-8 text, so its letters would be garbled. Save it from your spreadsheet as “CSV UTF-8” (or Excel’s “Unicode Text”) and send it again. Nothing was recorded.
   *[import_has_errors] Some rows can no longer be recorded (the books changed since the preview), so nothing was recorded. Send the file again to see which.
}
import-ask-date = Which column holds the date?
import-ask-format = How are the dates written?
import-ask-amount = Which column holds the amount? (Negative amounts are spending, positive ones income.)
import-ask-description = Which column holds the description?
import-ask-wallet = Which wallet is this statement of?
import-preview = 📥 { $rows } rows: { $record } to record, { $duplicates } already recorded (skipped), { $skipped } that moved no money (skipped).
import-totals = { $currency }: income { $income }, expenses { $expenses }, transfers { $transfers }
import-totals-balance = { $currency }: income { $income }, expenses { $expenses }, transfers { $transfers }, balance entries { $balance }
import-balance-entries = ⚖️ { $count ->
    [one] 1 of them is a balance entry
   *[other] { $count } of them are balance entries
} (opening balances and corrections): they set what the wallets hold and count as neither income nor expenses.
import-bad-rows = ⚠️ { $count } rows cannot be imported:
import-bad-row = line { $line }: { $message }
# Why a row cannot be imported, by the core's reason (src/domain/exports); $message of import-bad-row.
import-row-error = { $reason ->
    [column_count] expected { $expected } columns, found { $found }.
    [not_a_date] “{ $value }” is not a date in the format { $format }.
    [not_an_instant] “{ $value }” is not a date like 2026-03-31T12:00:00+02:00.
    [date_out_of_range] “{ $value }” is out of range: a date is from { $first } to { $last }.
    [unknown_kind] “{ $value }” is not a kind of row this app exports.
    [unknown_wallet] there is no active wallet named “{ $name }”.
    [one_wallet] a balance row names one wallet: to_wallet (money in) or from_wallet (money out).
    [no_category] a balance row has no category.
    [no_to_amount] a balance row has no to_amount.
    [currency_mismatch] the wallet is in { $walletCurrency }, the row in { $rowCurrency }.
    [unknown_category] there is no category named “{ $name }”.
    [opening_balance_exists] the wallet already has an opening balance; a second one would count that money twice. Import into a wallet without one, or leave this row out.
    [below_zero] the wallet cannot go below zero (a credit card can: give it a credit limit).
    [below_credit_limit] the balance would go below the card’s credit limit.
    [insufficient_funds] there is not enough money in { $wallet } at that date.
    [wallet_archived] the wallet is archived; restore it first.
    [empty] the amount is empty.
    [not_a_number] the amount is not a number.
    [too_many_decimals] { $exponent ->
        [0] this currency has no decimals: write a whole number.
       *[other] at most { $exponent } digits after the decimal point.
    }
    [ambiguous] the amount could be a thousand or a decimal; write 1234 or { $exponent ->
        [3] 1.234
       *[other] 1.23
    }.
    [negative] the amount must be positive.
    [zero] the amount must be more than zero.
    [too_large] the amount is too large.
    [unknown_currency] the currency is not known.
    [unsafe_characters] the text holds invisible control or text-direction characters.
    [invalid_unicode] the text is not valid Unicode.
   *[other] this row cannot be recorded.
}
import-fix-and-resend = Nothing was recorded. Fix these rows and send the file again.
import-nothing-new = Nothing new to record.
import-record = ✅ Record { $count }
import-done = ✅ Recorded { $count } transactions ({ $duplicates } duplicates skipped).
import-cancelled = Import cancelled. Nothing was recorded.
cmd-import = Import transactions from a CSV file

goals-title = 🎯 Goals
goals-empty = No goals yet. A goal is an amount to save in a wallet, with a date if you like.
goals-line = { $name }: { $saved } of { $target }
goals-monthly = { $amount } a month until { $date }
goals-add = ➕ Add a goal
goals-removed = Goal removed
goals-change-privately = To add or remove goals, send /goals to @{ $bot } in a private chat.
goals-ask-name = What are you saving for?
goals-ask-wallet = Which wallet holds the savings for “{ $name }”? Transfers and deposits into it count.
goals-ask-target = How much do you need for “{ $name }”, in { $currency }?
goals-ask-date = By when? A date like 2027-06-30, or Skip.
goals-created = ✅ Goal “{ $name }” added.
cmd-goals = Goals: savings and progress

categories-title = 🏷 Categories
categories-expenses = Expenses:
categories-incomes = Income:
categories-add = ➕ Add a category
categories-ask-kind = A category of expenses or of income?
categories-expense = ➖ Expenses
categories-income = ➕ Income
categories-ask-name = Its name?
categories-ask-emoji = Send one emoji for it (like 🛒), or Skip.
categories-ask-what = What should change in “{ $name }”?
categories-rename = ✏️ Rename
categories-emoji = 😀 Emoji
categories-archive = 🗄 Archive
categories-saved = ✅ Saved.
cmd-categories = Categories: add, rename, emoji, archive
