from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from motesplats.accounts import oidc, views
from motesplats.accounts.forms import EmailAuthenticationForm

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(authentication_form=EmailAuthenticationForm,
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("oidc/authenticate/", oidc.SignInView.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_callback"),
    # Explicit template names: django.contrib.admin and auth ship templates under the same registration/ names.
    path("password-reset/", views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("accounts:password_reset_complete")), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
    path("password/", auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change_form.html", success_url=reverse_lazy("accounts:password_change_done")), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_change_done.html"), name="password_change_done"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/my-data.json", views.DataExportView.as_view(), name="data_export"),
    path("profile/erase/", views.EraseAccountView.as_view(), name="erase"),
    path("api-tokens/", views.ApiTokenListView.as_view(), name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="api_token_revoke"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
]
