"""Prefect flows of pcp-warehouse."""
