"""Running the platform: health report, backups, structured logs."""
