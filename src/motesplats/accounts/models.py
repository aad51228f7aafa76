from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORGANISER = "organiser", _("Programkontoret (arrangör)")
    MEMBER = "member", _("Projektmedlem")
    READER = "reader", _("Läsare")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True, role=Role.ORGANISER)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login account. The person behind it (name, organisation, ...) is `registry.Person`."""

    email = models.EmailField(_("e-post"), unique=True)
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.READER)
    language = models.CharField(_("språk"), max_length=5, default="sv", choices=[("sv", "Svenska"), ("en", "English")])
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("personal (admin)"), default=False)
    date_joined = models.DateTimeField(_("skapad"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("användarkonto")
        verbose_name_plural = _("användarkonton")

    def __str__(self) -> str:
        return self.email

    @property
    def is_organiser(self) -> bool:
        """The programme office (or a superuser): may do everything. `permissions.is_organiser` asks this."""
        return self.is_active and (self.role == Role.ORGANISER or self.is_superuser)

    @property
    def is_member(self) -> bool:
        """Works in a project: edits their own projects and profile."""
        return self.is_active and self.role == Role.MEMBER


class ApiToken(models.Model):
    """A personal token for scripts that call the API (`Authorization: Bearer <token>`) with the owner's rights.

    Only a SHA-256 hash of the token is stored; the token itself is shown once, when it is created.
    """

    user = models.ForeignKey(User, verbose_name=_("ägare"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("namn"), max_length=100)
    prefix = models.CharField(_("början av nyckeln"), max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("skapad"), default=timezone.now)
    last_used = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked is None



from motesplats.accounts.sessions import UserSession  # noqa: E402 - the session table is one of the app's models

__all__ = ["ApiToken", "Role", "User", "UserManager", "UserSession"]
