"""Django admin registrations. The Django admin site is not mounted; django-filer's admin
classes reference the user admin (for autocomplete), so it must be registered."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from lms.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "name_ar", "section", "is_active"]
    search_fields = ["email", "first_name", "last_name", "name_ar"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Names", {"fields": ("name_ar", "first_name", "last_name")}),
        (
            "Volunteer",
            {
                "fields": (
                    "mobile",
                    "id_type",
                    "id_number",
                    "date_of_birth",
                    "section",
                    "preferred_language",
                    "organisation",
                    "staff_section",
                )
            },
        ),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "password1", "password2")}),)
