"""The terminal's devices at the hardware edge, beside the ticket printer (printer/): the
second-generation ID card reader (id_card), the QR and barcode scanner (scanner) and the
call light above the terminal (signal_light).

One package per device, one transport per file, each with a fake that behaves like the
device, faults included (the tests and the demo use them). Qt-free: the touch interface
adapts them (ui/), the composition root builds them from the config (kiosk.device_hub).
"""
