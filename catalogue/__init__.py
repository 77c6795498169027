"""Catalogue: awards nominations and a searchable case-study library."""
