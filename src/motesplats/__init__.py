"""Mötesplats: the meeting place of a city's smart-city programme."""

__version__ = "0.1.0"
