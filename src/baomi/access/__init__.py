"""Who may do what (the permission matrix of 三员分立) and who may know what (CLS-MAC)."""
