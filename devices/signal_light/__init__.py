"""The call light above the terminal (a USB HID or serial relay): blinks for a help call."""
