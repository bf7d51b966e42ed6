"""Reading and validating tabular input: digits, separators, encodings, dates, row schemas."""
