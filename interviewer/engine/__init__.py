"""The interview session: question order, time limits, modes. No UI, no I/O beyond the journal it is given."""
