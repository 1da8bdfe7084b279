"""The reference central server the terminals sync with: HTTP API and staff dashboard."""
