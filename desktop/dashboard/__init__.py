"""The Dashboard: the exposure index, its categories, the trend, what to fix first."""
