from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import Agreement, Article, Country, Meeting, Metric


def home(request):
    return render(request, "relations/home.html", {"partners": selectors.partner_list()})


def country_detail(request, code):
    country = get_object_or_404(Country.objects.partners(), code=code.upper())
    return render(request, "relations/country_detail.html", {"country": country})


def article_detail(request, pk):
    return render(request, "relations/article_detail.html", {"article": get_object_or_404(Article, pk=pk)})


def meeting_detail(request, pk):
    return render(request, "relations/record_detail.html", {"record": get_object_or_404(Meeting, pk=pk)})


def agreement_detail(request, pk):
    return render(request, "relations/record_detail.html", {"record": get_object_or_404(Agreement, pk=pk)})


def metric_detail(request, pk):
    return render(request, "relations/record_detail.html", {"record": get_object_or_404(Metric, pk=pk)})
