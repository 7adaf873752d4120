from django.urls import path

from . import views

app_name = "relations"

urlpatterns = [
    path("", views.home, name="home"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("metrics/<int:pk>/", views.metric_detail, name="metric-detail"),
]
