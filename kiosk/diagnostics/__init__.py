"""The technician's diagnostics (issue 12): live figures of one terminal, Qt-free.

`figures` holds the model (`Figure`, `State`) and the rules that judge each figure;
`machine`, `runs`, `tls`, `cups`, `logtail`, `dead_letters` and `printer_check` gather
the facts, each bounded in time and size; `collect.TerminalDiagnostics` reads them on the
terminal's lanes and also gives the heartbeat's protocol-4 fields. The touch interface's
view-model shows the figures; nothing here imports Qt or the printer package (the
printer is reached through the objects the composition root built).
"""
