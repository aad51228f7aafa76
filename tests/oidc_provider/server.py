"""Start the test identity provider: a fresh SQLite database, an RSA signing key, Mötesplats as a confidential
client (authorisation code only, consent asked every time, PKCE enforced by `urls.py`) and the test people.

    python -m tests.oidc_provider.server --port 8151 --db /tmp/provider.sqlite3 \\
        --redirect-uri http://localhost:8000/accounts/oidc/callback/ --post-logout-uri http://localhost:8000/

It then serves on 127.0.0.1:PORT until it is stopped; /openid/.well-known/openid-configuration answers when it
is ready.
"""

import argparse
import os
import sys

CLIENT_ID = "motesplats"
CLIENT_SECRET = "motesplats-test-secret"  # noqa: S105 - a test provider's client
PASSWORD = "provider-password-1"  # noqa: S105
# username: (e-mail, first name, last name, groups; "organisation:NAME" names the organisation)
PEOPLE = {
    "eva": ("Eva.Ek@stad.example", "Eva", "Ek", ["organisation:Stadsbyggnadskontoret", "motesplats-programkontoret"]),
    "rut": ("rut.ros@stad.example", "Rut", "Ros", ["organisation:Miljöförvaltningen", "motesplats-lasare"]),
    "ola": ("ola.olsson@stad.example", "Ola", "Olsson", ["organisation:Miljöförvaltningen", "motesplats-lasare",
                                                         "email-unverified"]),
}


def seed(redirect_uri: str, post_logout_uri: str) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.contrib.auth.models import Group, User
    from oidc_provider.models import Client, ResponseType, RSAKey

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    RSAKey.objects.create(key=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()).decode())
    client = Client.objects.create(name="Mötesplats", client_type="confidential", client_id=CLIENT_ID,
                                   client_secret=CLIENT_SECRET, jwt_alg="RS256", require_consent=True,
                                   reuse_consent=False)
    client.redirect_uris = [redirect_uri]
    client.post_logout_redirect_uris = [post_logout_uri]
    client.save()
    client.response_types.set([ResponseType.objects.get(value="code")])
    for username, (email, first, last, groups) in PEOPLE.items():
        user = User.objects.create_user(username, email=email, password=PASSWORD, first_name=first, last_name=last)
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--redirect-uri", required=True)
    parser.add_argument("--post-logout-uri", required=True)
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_DB"] = args.db
    if os.path.exists(args.db):
        os.remove(args.db)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    seed(args.redirect_uri, args.post_logout_uri)
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, use_threading=True)


if __name__ == "__main__":
    main(sys.argv[1:])
