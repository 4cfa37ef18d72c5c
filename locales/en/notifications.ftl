# Notifications sent by jobs (src/jobs/handlers). Plain text, no markup.

notify-approve-button = ✅ Approve
notify-reject-button = ❌ Reject

notify-approver-retired = 🔒 You can no longer decide requests in this family.

notify-kind-expense = Expense
notify-kind-income = Income
notify-kind-transfer = Transfer

notify-line-amount = { $kind }: { $amount }
notify-line-wallet = Wallet: { $wallet }
notify-line-transfer = From { $from } to { $to }
notify-line-received = Received: { $amount }
notify-line-category = Category: { $category }
notify-line-description = Note: { $description }
notify-line-reason = Reason: { $reason }

notify-approval-request = 🔔 { $requester } asks for approval ({ $family }):
notify-approval-reminder = ⏰ Reminder: { $requester } is still waiting for a decision ({ $family }):
notify-approval-digest = ⏰ Reminder: { $count ->
    [one] { $count } request is
   *[other] { $count } requests are
} waiting for your decision ({ $family }):
notify-digest-item = { $n }. { $requester } asks:
notify-digest-more = …and { $count } more: /pending lists them all.
notify-digest-approve = ✅ { $n }
notify-digest-reject = ❌ { $n }
notify-digest-decided = { $n }. { $outcome }
notify-digest-withdrawn = ✋ Withdrawn
notify-outcome-approved = ✅ Approved by { $decider }.
notify-outcome-rejected = ❌ Rejected by { $decider }.

notify-requester-approved = ✅ { $decider } approved your request:
notify-requester-rejected = ❌ { $decider } rejected your request:

notify-reversed = ↩️ { $actor } reversed your transaction ({ $family }):

notify-member-joined = 👋 { $name } joined { $family } as { $role }.
notify-member-removed = 🚪 { $actor } removed you from the family “{ $family }”.
notify-member-removed-elsewhere = Quick entries and the menu now work in your family “{ $family }”; /family switches between your families.
notify-member-removed-none = You are not in any family now. Send /start to create a new one, or open an invite link from a family member.
notify-role-owner = owner
notify-role-admin = admin
notify-role-member = member
notify-role-viewer = viewer

notify-binding-confirmed = ✅ Connected! This chat is now linked to your account, { $name }. The app and the bot share the same data.

notify-recurring-created = 🔁 Recurring entry for { $date } recorded ({ $family }):
notify-recurring-pending = ⏳ It waits for approval.
notify-recurring-caught-up = 🔁 { $count } recurring entries were recorded at once ({ $family }), each on its own day:
notify-recurring-caught-up-pending = ⏳ Those marked ⏳ wait for approval.
notify-recurring-caught-up-open = 🔎 { $date }

notify-budget-threshold = 📊 Budget “{ $budget }” has reached { $percent } ({ $period }).
notify-budget-limit = Limit: { $amount } per { $period }
notify-budget-all = All expenses
notify-budget-spent-by = Spent by { $name }
notify-period-weekly = week
notify-period-monthly = month
notify-period-yearly = year
