"""The portfolio: which factories to revive and which requirements to fund (pure; HiGHS)."""
