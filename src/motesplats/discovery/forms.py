from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.discovery.models import VerdictStatus
from motesplats.registry.models import DataNeed, Dataset, Project


class VerdictForm(forms.Form):
    status = forms.ChoiceField(label=_("Bedömning"), choices=VerdictStatus.choices)
    project_a = forms.ModelChoiceField(queryset=Project.objects.all())
    project_b = forms.ModelChoiceField(queryset=Project.objects.all())
    need = forms.ModelChoiceField(queryset=DataNeed.objects.all(), required=False)
    dataset = forms.ModelChoiceField(queryset=Dataset.objects.all(), required=False)
