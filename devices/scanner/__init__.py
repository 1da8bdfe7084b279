"""QR and barcode scanners: keyboard-wedge (told apart from typing by timing), serial, evdev."""
