"""Result writers for the CLI: table, json, jsonl, csv."""
