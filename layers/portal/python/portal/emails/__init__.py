"""Portal's emails, in English and Welsh: one template per message and language.

`render(kind, language, values)` gives the subject, text and HTML; the labels module words
account types, permissions and dates for people.
"""

from portal.emails.labels import account_type_label, date_label, permission_label, permissions_label
from portal.emails.render import CODE_PLACEHOLDER, VALUES, MissingValue, RenderedEmail, render

__all__ = [
    "CODE_PLACEHOLDER",
    "VALUES",
    "MissingValue",
    "RenderedEmail",
    "account_type_label",
    "date_label",
    "permission_label",
    "permissions_label",
    "render",
]
