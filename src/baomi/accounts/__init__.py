"""Logins, the roles of 三员分立, authentication policy and API tokens."""
