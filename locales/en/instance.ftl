errors-instance-policy =
    This finance-bot server is private: only people its owner invited can start a family here.
    Ask the owner for an invite link, or run your own server.
