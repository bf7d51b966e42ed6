"""Role actors (actors, client_for, api_for) live in tests/conftest.py."""
