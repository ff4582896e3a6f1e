"""What an office decided about the columns of its spreadsheets: each import reuses the office's saved choices."""
