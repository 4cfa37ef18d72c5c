# The Telegram Mini App (/app): bundled into the page at build time (scripts/build-webapp.mjs).
webapp-loading = Loading…
webapp-open-in-telegram = Open this page from the bot in Telegram: send /app to the bot.
webapp-no-family = You are not in a family yet. Send /start to the bot to create one or open an invite link.
webapp-error-unknown-user = Send /start to the bot first, then open the app again.
webapp-error-stale = This session has ended. Close the app and open it again from the bot.
webapp-error-forbidden = Your role does not allow this.
webapp-error-already-decided = Someone has already decided on this one.
webapp-error-funds = Not enough money in the wallet.
webapp-error-network = No connection to the server. Check the internet and try again.
webapp-error-generic = Something went wrong on the server. Try again in a moment.
webapp-family = Family
webapp-tabs = Sections
webapp-tab-overview = Home
webapp-tab-month = Month
webapp-tab-history = History
webapp-tab-approvals = Approvals
webapp-total = Total
webapp-wallets = Wallets
webapp-wallets-empty = No wallets yet.
webapp-wallet-cash = Cash
webapp-wallet-bank = Bank account
webapp-wallet-card = Card
webapp-wallet-savings = Savings
webapp-wallet-other = Wallet
webapp-pending-count = { $count ->
    [one] One transaction waits for approval
   *[other] { $count } transactions wait for approval
}
webapp-pending-many = More than { $count } transactions wait for approval
webapp-budgets = Budgets this month
webapp-budget-total = All spending
webapp-budget-left = { $percent } spent · { $days ->
    [one] 1 day left
   *[other] { $days } days left
}
webapp-goals = Goals
webapp-goal-progress = { $percent } saved{ $deadline ->
    [none] {""}
   *[other] {" "}· by { $deadline }
}
webapp-month-nav = Month
webapp-month-previous = Previous month
webapp-month-next = Next month
webapp-month-empty = Nothing recorded this month.
webapp-month-no-expenses = No expenses this month.
webapp-currency = Currency
webapp-income = Income
webapp-expenses = Expenses
webapp-by-category = Spending by category
webapp-trend = Last 12 months
webapp-search = Search descriptions
webapp-filter-member = Anyone
webapp-filter-wallet = Any wallet
webapp-filter-category = Any category
webapp-filter-kind = Any kind
webapp-filter-clear = Clear filters
webapp-history-empty = Nothing found.
webapp-history-end = That's all.
webapp-kind-expense = Expense
webapp-kind-income = Income
webapp-kind-transfer = Transfer
webapp-kind-other = Balance entry
webapp-status-executed = Done
webapp-status-pending_approval = Waiting
webapp-status-rejected = Rejected
webapp-status-reversed = Reversed
webapp-status-withdrawn = Withdrawn
webapp-approvals-title = Waiting for approval
webapp-approvals-empty = Nothing waits for approval. 🎉
webapp-show-more = Show more
webapp-approvals-yours = Your request: an owner or admin decides.
webapp-approvals-waiting = An owner or admin decides on this.
webapp-approve = Approve
webapp-reject = Reject
webapp-approved = Approved: it is in the books now.
webapp-rejected = Rejected: nothing was recorded.
webapp-field-kind = Kind
webapp-field-category = Category
webapp-field-wallet = Wallet
webapp-field-member = By
webapp-field-date = Date
webapp-field-reason = Note
