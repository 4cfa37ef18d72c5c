# The family's group chat (#13)
groups-welcome = Hello! I keep the family's books right here: write /e 50 coffee (or @-mention me) and the entry is recorded for whoever wrote it.
    An owner or admin of a family links this group with the button below.
groups-link-button = 🔗 Link to my family
groups-link-not-allowed = Only an owner or admin of a family can link this group. Start me in a private chat first if you have not.
groups-linked = This group is now the family «{ $family }» (linked by { $name }).
    Record: /e 50 coffee, @{ $bot } 50 coffee, or reply to me. Guided: /expense, /income, /transfer. Also: /balance, /report, /budgets, /goals, /history, /undo, /pending, /unlink.
groups-linked-short = Linked to «{ $family }»
groups-linked-elsewhere = This group is already linked to another family.
groups-family-has-group = Your family is already linked to another group. Send /unlink there first.
groups-unlinked = { $name } unlinked this group from the family. Nothing is recorded here until it is linked again.
groups-not-linked = This group is not linked to a family yet. An owner or admin can link it with the button.
groups-not-linked-short = This group is not linked to a family yet.
groups-already-member = You are already in the family «{ $family }».
groups-join-offer = You are not in the family «{ $family }» yet. Ask to join, and an owner or admin will let you in.
groups-join-ask-button = 🙋 Ask to join
groups-join-first = Join the family first: ask with the button under my message.
groups-join-waiting = Your request to join is waiting for an owner or admin.
groups-join-asked = Asked. An owner or admin will decide.
groups-join-request = { $name } asks to join the family.
groups-join-approve-button = ✅ Let in
groups-join-decline-button = ❌ Decline
groups-join-approved = ✅ { $name } joined the family (approved by { $decider }).
groups-join-declined = ❌ Declined by { $decider }.
groups-join-done = Done.
groups-join-already = Already decided.
groups-someone = someone
groups-only-admins = Only an owner or admin of the family can decide this.
groups-not-your-button = These buttons are { $name }'s.
groups-not-your-question = That question is { $name }'s: your reply is not its answer, and I recorded nothing. To add your own entry, write for example /e 50 coffee or @{ $bot } 50 coffee.
groups-private-command = /{ $command } works in a private chat: open @{ $bot } and send it there.
groups-entry-hint = I did not see an amount there. Write for example /e 50 coffee or @{ $bot } 50 coffee.
groups-sent-privately = I sent it to you in a private chat: this family keeps balances and reports out of the group.
groups-start-private-first = This family keeps balances and reports out of the group, and I cannot write to you privately yet: open @{ $bot } and press Start, then ask again.
groups-summary-title = 📌 { $month }
groups-summary-today = { $day }: { $amount }
groups-summary-month = This month: { $amount }
groups-summary-budget = Budget: { $spent } of { $limit } ({ $percent })
groups-summary-today-count = { $day }: { $count ->
    [one] { $count } expense
   *[other] { $count } expenses
}
groups-summary-month-count = This month: { $count ->
    [one] { $count } expense
   *[other] { $count } expenses
}
groups-summary-private = Amounts stay out of this group (the family's group settings).
groups-settings = Group settings of the family:
    Approval requests go to: { $approvals }
    The group sees: { $visibility }
    Pinned summary: { $pinned }
    Owners and admins change them with the buttons.
groups-settings-approvals-group = the group only
groups-settings-approvals-private = approvers' private chats
groups-settings-approvals-both = the group and approvers' private chats
groups-settings-visibility-entries = entries and approvals (balances and reports in private)
groups-settings-visibility-everything = entries, approvals, balances and reports
groups-settings-on = on
groups-settings-off = off
groups-settings-approvals-button = Approvals: { $value }
groups-settings-visibility-button = Group sees: { $value }
groups-settings-pinned-button = Pinned summary: { $value }
groups-settings-admins-only = Only an owner or admin of the family can change these.
groups-button-private = This button works in a private chat: open @{ $bot } and use it there.
