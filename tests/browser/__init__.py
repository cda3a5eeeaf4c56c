"""Whole journeys in headless Chromium, every page checked by axe-core (see conftest.py)."""
