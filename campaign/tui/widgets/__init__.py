"""Widgets of the GM screen."""
