"""Web glue shared by every blueprint: database session, security, i18n, errors."""
