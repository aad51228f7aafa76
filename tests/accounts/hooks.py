"""Stand-ins for another app's GDPR hooks (used by test_accounts)."""

CALLS: list = []


def export(user, person):
    return {"seminars": ["Höstseminariet"]}


def erase(user, person):
    CALLS.append(("erase", person.pk))


def fail(user, person):
    raise RuntimeError("the other app failed")
