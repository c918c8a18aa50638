"""Agent definitions: markdown with YAML front matter, model aliases, lookup order."""
