from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import SignOutView, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Analysts sign in here (with RELATIONS_REQUIRE_LOGIN on); they need no admin access.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("relations.urls")),
]
