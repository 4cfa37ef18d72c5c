# Reports (/reports), export (/export), budgets (/budgets) — issue #11
reports-empty-month = No income or expenses in this month.
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
budgets-ask-scope = What should the budget cover?
budgets-ask-amount = Monthly limit for “{ $name }” in { $currency }?
budgets-created = ✅ Budget for “{ $name }” added.
budgets-changed = ✅ Budget for “{ $name }” changed.
budgets-all-covered = Every expense category already has a budget.

cmd-budgets = Budgets: monthly limits and what is left
cmd-export = Export transactions as a CSV file
