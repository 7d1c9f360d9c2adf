from django import forms
from django.utils.translation import gettext_lazy as _

from lms.search import words


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the knowledge base"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if query and not words(query):
            raise forms.ValidationError(_("Type at least one word to search for."))
        return query
