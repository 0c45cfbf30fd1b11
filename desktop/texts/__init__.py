"""What the interface says: translations, labels, rule names, status notes, times."""
