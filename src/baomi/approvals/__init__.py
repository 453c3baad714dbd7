"""Approval requests: what they authorise, who must approve, and their single use."""
