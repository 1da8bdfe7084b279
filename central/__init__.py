"""The reference central server the terminals sync with (a later issue)."""
