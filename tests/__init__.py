"""Cross-app tests: browser journeys, accessibility, the role x page matrix."""
