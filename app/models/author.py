"""Who makes a change, as the models are told it (`author=`): a name, which may know the account behind it."""


class Author(str):
    """The name a change is signed with (a display name, a pseudonym), and the account that signs it, if any
    (`app/authorship.py` makes them): kept beside the name (`revisions.user_id`, `photos.user_id`), so that the
    account's entries are found whatever name it displays later (`app/people/traces.py`)."""

    account_id = None

    def __new__(cls, name, account_id=None):
        made = super().__new__(cls, name)
        made.account_id = account_id
        return made


def account_of(author):
    """The account behind an author (None for a plain name: a resident's pseudonym, a command's)."""
    return getattr(author, "account_id", None)
