"""The second-generation resident ID card reader (居民身份证阅读器).

The kiosk uses `process.CardReaderProcess` (with `settings.ReaderSettings`): the reader
runs in a process of its own (worker.py), supervised, and a card read arrives as a
`card.IdCard` whose `values()` fill the form (kiosk.id_card_fill).

- frames.py: the reader's serial protocol (GA/T 467), requests built, answers parsed;
- text_block.py, codes.py: the card's 256-byte text block and the codes it carries;
- card.py: `IdCard`, `CardKind`, `CARD_VALUES`; faults.py: the typed faults;
- serial_reader.py, vendor_reader.py: the backends (the reader's protocol on a serial
  port; 华视's or 神思's library through ctypes); backend.py picks one;
- fake_reader.py: a fake reader on a pseudo-terminal (the tests and the demo);
- worker.py, process.py: the reader's own process and the kiosk's side of it.

Imports nothing here: each module is imported where it is needed.
"""
