"""Thermal tickets (python-escpos) and A4 documents (reportlab); no Qt (a later issue)."""
