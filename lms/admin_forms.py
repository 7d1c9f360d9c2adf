"""Base forms of Manara's Wagtail admin: pages, snippets and viewsets read digits typed in
any script as ASCII digits (see :mod:`lms.digits`), in inline panels too."""

from collections.abc import Callable

from django.http import QueryDict
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.forms.models import WagtailAdminModelFormMetaclass
from wagtail.blocks.base import BlockField

from lms.digits import AsciiDigitsMixin, ascii_digits, is_number_shaped, typed_with_digits


class ManaraAdminModelFormMetaclass(WagtailAdminModelFormMetaclass):
    # The forms of inline panels (a field role's requirements) are built from this class.
    @classmethod
    def child_form(cls):
        return ManaraAdminModelForm


class ManaraAdminModelForm(
    AsciiDigitsMixin, WagtailAdminModelForm, metaclass=ManaraAdminModelFormMetaclass
):
    """The base of Manara's admin forms (snippets, viewsets): set as a model's
    ``base_form_class`` or a viewset's ``base_form_class``. The forms of its inline panels
    (a field role's requirements) read digits the same way."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            _ascii_digits_in_inline_forms(self)


class ManaraPageForm(
    AsciiDigitsMixin, WagtailAdminPageForm, metaclass=ManaraAdminModelFormMetaclass
):
    """The editor's form of every Manara page: digits typed in any script count as ASCII
    digits, in page fields (hours, months), inline panels, and the number fields of
    StreamField blocks (a quiz's pass mark, attempts, minutes). Block fields are not form
    fields of their own, so there a value is normalised when it is wholly number-shaped,
    never in prose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        streams = tuple(
            self.add_prefix(name) + "-"
            for name, field in self.fields.items()
            if isinstance(field, BlockField)
        )
        if streams:
            self.data = _with_ascii_digits(
                self.data, lambda key, value: key.startswith(streams) and is_number_shaped(value)
            )
        _ascii_digits_in_inline_forms(self)


def _ascii_digits_in_inline_forms(form) -> None:
    """Inline panels build their forms from Wagtail's own form class (Wagtail bakes
    draft-saving options into it), so their digit fields are normalised here, in the data
    the parent form and its formsets share."""
    formsets = getattr(form, "formsets", {}).values()
    keys = {
        child.add_prefix(name)
        for formset in formsets
        for child in formset.forms
        for name, field in child.fields.items()
        if typed_with_digits(field)
    }
    if not keys:
        return
    data = _with_ascii_digits(form.data, lambda key, value: key in keys)
    form.data = data
    for formset in formsets:
        formset.data = data
        for child in formset.forms:
            child.data = data


def _with_ascii_digits(data, wanted: Callable[[str, str], bool]) -> QueryDict:
    """A copy of ``data`` where each string value for which ``wanted(key, value)`` holds
    has its digits in ASCII."""
    if isinstance(data, QueryDict):
        data = data.copy()
    else:
        plain = data
        data = QueryDict(mutable=True)
        for key, value in plain.items():
            data.setlist(key, value if isinstance(value, list) else [value])
    for key, values in list(data.lists()):
        data.setlist(
            key,
            [
                ascii_digits(value) if isinstance(value, str) and wanted(key, value) else value
                for value in values
            ],
        )
    return data
