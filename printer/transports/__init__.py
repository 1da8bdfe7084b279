"""One module per printer link: network, device file, serial, USB, CUPS, files (demo).

Each class follows the ``Connection`` protocol of :mod:`printer.connections`: every call
has a timeout, and failures are raised as the typed faults of :mod:`printer.errors`.
"""
