"""Page URLs. The web app arrives with the web issue; for now there are none."""

urlpatterns: list = []
