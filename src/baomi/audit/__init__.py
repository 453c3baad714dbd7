"""The tamper-evident audit chain: append-only, hash-chained, signed checkpoints."""
