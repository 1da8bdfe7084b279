"""Staff at the terminal (issue 12): who signs in with a PIN, what each role may do, and
the audit of every staff action. Qt-free.

- `kiosk.staff.roles`: roles, permissions and their names in both languages;
- `kiosk.staff.identity`: who signed in (`Identity`) and a sign-in's outcome (`SignIn`);
- `kiosk.staff.accounts`: the staff list downloaded from the central server, checked;
- `kiosk.staff.desk`: `StaffDesk`, the store-lane side of it all (PIN pad and its lock,
  help calls, assist, out of service, the audit and the staff.action events);
- `kiosk.staff.session` (the touch interface's flow), `reasons`, `help_view`: the
  screen's side.

Nothing is imported here: the screen's modules must not pay for the store's.
"""
