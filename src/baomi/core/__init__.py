"""The shared kernel: levels, errors, the rule registry and time. Imports no other baomi app."""
