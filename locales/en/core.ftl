# Texts for what the core reports: withdrawn requests, corrections, unpaid
# recurring entries, and the names made from the defaults (name_key).
notify-withdrawn = ↩️ Withdrawn by { $actor }.
notify-withdrawn-removed = ↩️ Withdrawn: { $actor } removed the person who asked.
notify-withdrawn-left = ↩️ Withdrawn: the person who asked left the family.
notify-withdrawn-corrected = ✏️ Changed by { $actor }; the new version waits for approval.
notify-corrected = ✏️ { $actor } changed your transaction ({ $family }):
notify-recurring-unpaid = ⚠️ The recurring { $amount } on { $date } cannot be paid: { $wallet } has { $balance }.
notify-recurring-unpaid-alternatives = Wallets that can pay: { $wallets }
notify-recurring-unpaid-none = No other wallet in { $currency } can pay it.
notify-recurring-stopped = ⛔ The recurring { $kind ->
    [income] income
   *[expense] expense
  } of { $amount } due { $date } was not recorded, and the rule has stopped ({ $family }): { $why }.
notify-recurring-stopped-wallet = its wallet “{ $wallet }” is archived
notify-recurring-stopped-category = its category “{ $category }” is archived
notify-recurring-stopped-creator = { $name }, who set it up, can no longer record entries
notify-recurring-stopped-other = it can no longer be recorded
notify-recurring-stopped-again = Set it up again in /recurring if it is still needed.

default-wallet-cash = Cash
default-category-groceries = Groceries
default-category-cafes = Cafes
default-category-transport = Transport
default-category-housing = Housing
default-category-utilities = Utilities
default-category-health = Health
default-category-entertainment = Entertainment
default-category-shopping = Shopping
default-category-kids = Kids
default-category-other = Other
default-category-salary = Salary
default-category-gifts = Gifts
default-category-other-income = Other income

notify-kind-opening_balance = Opening balance
notify-kind-adjustment = Balance adjustment
