"""The call light above the terminal (a USB HID or serial relay): blinks for a help call.

``follow.light_for`` says what the light shows for the terminal's help calls;
``light.SignalLight`` drives it on a thread of its own through a relay transport
(``relay.Relay``): ``hid_relay.HidRelay`` (USBRelay boards: hidraw, or pyusb through
``hid_usb``; the reports in ``hid_board``), ``serial_relay.SerialRelay`` (LCUS-1 style
boards) or ``fake.FakeRelay``, each raising the typed faults of ``faults``.
"""
