"""Cable Reader: an offline desktop reader for archives of diplomatic cables."""

__version__ = "0.1.0"
APP_NAME = "Cable Reader"
