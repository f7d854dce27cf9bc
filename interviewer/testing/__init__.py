"""Stand-ins with the real interfaces, for tests, benchmarks and demos without a network."""
