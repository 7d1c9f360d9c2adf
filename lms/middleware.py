"""Request handling of the core: the language a page speaks, and its security headers."""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware.locale import LocaleMiddleware
from django.urls import get_urlconf
from django.utils import translation


class PreferredLanguageMiddleware(LocaleMiddleware):
    """The language is the URL's prefix; a URL without one speaks the signed-in user's
    preferred language, else the language last chosen with the switcher, else Arabic.

    The browser's Accept-Language is deliberately ignored: the office's default is Arabic,
    and a volunteer's choice is stored on the account. Runs after AuthenticationMiddleware.
    """

    def process_request(self, request):
        urlconf = getattr(request, "urlconf", get_urlconf())
        i18n_patterns_used, _prefixed_default = is_language_prefix_patterns_used(urlconf)
        language = (
            translation.get_language_from_path(request.path_info) if i18n_patterns_used else None
        )
        if not language:
            language = self.preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The API speaks JSON at unprefixed addresses: its "not found" is an answer, never a
        # redirect to a language-prefixed page.
        if request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)

    @staticmethod
    def preferred_language(request) -> str:
        supported = dict(settings.LANGUAGES)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language in supported:
            return user.preferred_language
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in supported:
            return chosen
        return settings.LANGUAGE_CODE


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header: strict on the site, looser in the Wagtail
    admin, whose own pages need inline styles and scripts. A view may set its own policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES)
            response["Content-Security-Policy"] = (
                settings.CONTENT_SECURITY_POLICY_ADMIN
                if admin
                else settings.CONTENT_SECURITY_POLICY
            )
        return response
