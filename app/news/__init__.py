"""News items (actualités) of a commune's or an intercommunality's site."""
