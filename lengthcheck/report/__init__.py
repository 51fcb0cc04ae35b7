"""Reports draw results; they never compute anything the properties did not."""
