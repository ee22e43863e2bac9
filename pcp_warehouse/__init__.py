"""pcp-warehouse: Police and Crime Plan quarterly figures as a validated warehouse."""

__version__ = "0.1.0"
