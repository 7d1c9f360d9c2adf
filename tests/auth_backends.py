"""Authentication backends for the test settings only."""

from axes.backends import AxesStandaloneBackend


class TestClientAxesBackend(AxesStandaloneBackend):
    """Axes as in production, except that the test client's ``client.login()`` (which calls
    ``authenticate`` without a request) signs in instead of raising. Every request that goes
    through a sign-in page still meets axes."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
