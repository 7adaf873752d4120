from django.urls import path, re_path

from . import views

app_name = "relations"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("metrics/", views.metric_list, name="metric-list"),
    path("metrics/<int:pk>/", views.metric_detail, name="metric-detail"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    re_path(
        r"^export/(?P<dataset>meetings|agreements|metrics|countries|people|articles)"
        r"\.(?P<fmt>csv|json)$",
        views.export,
        name="export",
    ),
]
