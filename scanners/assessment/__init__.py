"""What the findings mean: the exposure index, who can read each file, coverage, trends, advice."""
