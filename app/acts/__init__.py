"""Municipal acts (délibérations, arrêtés…) published online with their PDF (CGCT L2131-1)."""
