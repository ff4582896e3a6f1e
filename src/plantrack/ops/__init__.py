"""Running an installation: backups an office can restore (备份与恢复)."""
