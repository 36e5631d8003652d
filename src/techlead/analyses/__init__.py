"""Analyses over the warehouse; each returns a Result that any renderer can print."""
