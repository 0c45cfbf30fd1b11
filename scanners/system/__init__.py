"""The machine around the engine: data folders, tool lookup, private temporary files,
terminal-safe text."""
