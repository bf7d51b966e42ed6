"""Priority: the transparent multi-criteria ranking of the factories to revive."""
