"""The app's screens: launcher, loading, GM screen, errors, help and detail modals."""
