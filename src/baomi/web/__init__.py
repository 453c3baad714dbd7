"""The web pages: thin views over operations and queries."""
