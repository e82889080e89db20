"""Pages for the IT team: the fleet of communes, onboarding, invitations."""
