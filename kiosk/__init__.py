"""The kiosk core: catalog, forms, validators, pre-review, tickets, store, config. No Qt."""
