# The test identity provider is a Django project of its own (its own settings): its modules are not collected
# (--doctest-modules would import them under Mötesplats's settings). tests/browser/test_oidc_sign_in.py runs it.
collect_ignore_glob = ["*.py"]
