"""Forms of the public pages (size limits on every field) and of the secretariat's triage."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gugus.cases.models import ExploitationType
from gugus.organisations.countries import country_choices
from gugus.organisations.models import Region
from gugus.portal.models import Advisory, PublicReport, PublishedIdentifier
from gugus.portal.services import LIMITS

_REGION_GROUPS: tuple = ()


def _region_groups() -> tuple:
    """Provinces, each followed by its regencies and cities, grouped for a plain <select> (kept once
    loaded: the regions are reference data)."""
    global _REGION_GROUPS
    if _REGION_GROUPS:
        return _REGION_GROUPS
    provinces = {}
    for code, name, level in Region.objects.exclude(level=Region.Level.DISTRICT).values_list("code", "name", "level"):
        if level == Region.Level.PROVINCE:
            provinces.setdefault(code, [name, []])[0] = name
            provinces[code][1].insert(0, (code, name))
        else:
            provinces.setdefault(code[:2], ["", []])[1].append((code, name))
    _REGION_GROUPS = tuple((name, tuple(options)) for _code, (name, options) in sorted(provinces.items()) if name)
    return _REGION_GROUPS


class PlainSelect(forms.Select):
    """A <select> written directly as a string: hundreds of options (regions, countries) without a
    template render per option, which is most of a page's cost otherwise."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.utils.html import escape, format_html
        from django.utils.safestring import mark_safe

        final = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        parts = []

        def option(code, label):
            mark = " selected" if str(code) == selected else ""
            return f'<option value="{escape(code)}"{mark}>{escape(label)}</option>'

        for code, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'<optgroup label="{escape(code)}">')
                parts.extend(option(c, lab) for c, lab in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(code, label))
        attributes = "".join(format_html(' {}="{}"', k, v) for k, v in final.items() if v not in (None, False))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>' + "".join(parts) + "</select>")  # noqa: S308  # nosec B308 B703 (every part built by format_html)


def region_choices():
    return [("", _("I do not know"))] + [(name, list(options)) for name, options in _region_groups()]


def destination_choices():
    language = (get_language() or "id")[:2]
    return [("", _("I do not know / not abroad"))] + [c for c in country_choices(language) if c[0] != "ID"]


def _area(limit, rows=4, **kwargs):
    return forms.CharField(
        required=False, max_length=limit, widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}), **kwargs
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What are you reporting?"), choices=PublicReport.Kind.choices,
                             widget=forms.RadioSelect)  # fmt: skip
    what_happened = forms.CharField(
        label=_("What happened?"),
        max_length=LIMITS["what_happened"],
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": LIMITS["what_happened"]}),
    )
    region = forms.ChoiceField(label=_("Where? (province or regency/city)"), required=False, widget=PlainSelect)
    destination_country = forms.ChoiceField(
        label=_("Destination country, if abroad"), required=False, widget=PlainSelect
    )
    at_risk = _area(LIMITS["at_risk"], 3, label=_("Who is at risk?"),
                    help_text=_("No names needed: for example “my cousin, 19, from Lombok”."))  # fmt: skip
    child_at_risk = forms.ChoiceField(label=_("Is a child (under 18) at risk?"), required=False,
                                      choices=PublicReport.ChildAtRisk.choices, widget=forms.RadioSelect)  # fmt: skip
    offer_text = _area(LIMITS["offer_text"], 5, label=_("Text of the job offer"),
                       help_text=_("Copy the message or the advertisement."))  # fmt: skip
    offer_link = forms.CharField(label=_("Link to the offer"), required=False, max_length=LIMITS["offer_link"])
    phones = _area(400, 2, label=_("Phone or WhatsApp numbers used"), help_text=_("One per line."))
    bank_accounts = _area(400, 2, label=_("Bank accounts used"), help_text=_("One per line: bank, then number."))
    social_accounts = _area(1000, 2, label=_("Social-media accounts or pages"),
                            help_text=_("One per line: platform and account, or the address."))  # fmt: skip
    contact = forms.CharField(
        label=_("Your contact (optional)"),
        required=False,
        max_length=LIMITS["contact"],
        help_text=_("Leave it empty to stay anonymous. If you write it, only the task force sees it."),
    )
    # A honeypot: hidden from people by the stylesheet, filled by form-filling robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()
        self.fields["destination_country"].choices = destination_choices()
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Follow-up code"), max_length=60,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))  # fmt: skip


class AddInformationForm(CodeForm):
    information = forms.CharField(
        label=_("What do you want to add?"),
        max_length=LIMITS["addition"],
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": LIMITS["addition"]}),
    )


class CheckForm(forms.Form):
    company = forms.CharField(label=_("Recruiter or company name"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone or WhatsApp number"), required=False, max_length=40)
    bank = forms.CharField(label=_("Bank (for an account number)"), required=False, max_length=40)
    account = forms.CharField(label=_("Bank account number"), required=False, max_length=40)
    platform = forms.CharField(label=_("Social-media platform"), required=False, max_length=40)
    handle = forms.CharField(label=_("Social-media account"), required=False, max_length=120)
    country = forms.ChoiceField(label=_("Destination country"), required=False, widget=PlainSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = destination_choices()


# --- the secretariat's side --------------------------------------------------------------------------


class ToCaseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.ChoiceField(label=_("Hand over to"))
    exploitation_types = forms.MultipleChoiceField(
        label=_("Exploitation types"), choices=ExploitationType.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, f"{u.name} ({u.code})") for u in units]


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=PublicReport.CloseReason.choices)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RegisterImportForm(forms.Form):
    file = forms.FileField(label=_("Register file (.xlsx or .csv)"))


class ProposeForm(forms.Form):
    case_number = forms.CharField(label=_("Case number"), max_length=64)
    kind = forms.ChoiceField(label=_("Kind"), choices=PublishedIdentifier.Kind.choices)
    label = forms.CharField(label=_("Bank or platform"), required=False, max_length=40)
    value = forms.CharField(label=_("Number or account"), max_length=120)


class AdvisoryForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    level = forms.ChoiceField(label=_("Level"), choices=Advisory.Level.choices)
    text_id = forms.CharField(label=_("Advisory (Bahasa Indonesia)"), max_length=1000, widget=forms.Textarea)
    text_en = forms.CharField(label=_("Advisory (English)"), max_length=1000, widget=forms.Textarea)
    source = forms.CharField(label=_("Source"), max_length=200)
    issued_on = forms.DateField(label=_("Issued on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = destination_choices()[1:]
