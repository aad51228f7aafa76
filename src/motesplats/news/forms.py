from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.events.models import Event
from motesplats.registry.models import Project

from .models import Post


class PostForm(forms.ModelForm):
    publish = forms.BooleanField(label=_("Publicera"), required=False,
                                 help_text=_("Utan bock sparas nyheten som utkast som bara programkontoret ser."))
    remove_image = forms.BooleanField(label=_("Ta bort bilden"), required=False)

    class Meta:
        model = Post
        fields = ["title", "summary", "body", "image", "image_alt", "events", "projects", "comments_open"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12}),
                   "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
                   "events": forms.SelectMultiple(attrs={"size": 5}),
                   "projects": forms.SelectMultiple(attrs={"size": 5})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["events"].queryset = Event.objects.public().order_by("-starts_at")
        self.fields["projects"].queryset = Project.objects.order_by("title")
        self.fields["image"].widget = forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"})
        self.fields["publish"].initial = bool(self.instance and self.instance.published_at)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Din kommentar"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ModerationForm(forms.Form):
    action = forms.ChoiceField(label=_("Åtgärd"), choices=[("hide", _("Dölj")), ("delete", _("Ta bort")),
                                                          ("restore", _("Visa igen"))])
    reason = forms.CharField(label=_("Skäl (visas för alla)"), max_length=300, required=False)


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Varför bör kommentaren granskas?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))
