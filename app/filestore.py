"""The files the app keeps beside its rows (photos, receipts), in one folder shared by every worker, PHOTO_DIR, and
tied to the database transaction that adds or removes their rows.

A file is written before its row is added: if the transaction rolls back (or ends without a commit), the files it
wrote are removed. A removed row's files go only once its removal is committed. So whoever adds a file only commits
or rolls back, as for any other change. A full disk is `Full`, which each kind of file says in its own words.
"""
import errno
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db

WRITTEN, REMOVED = "stored_files_written", "stored_files_removed"  # keys of the session's `info`
FULL_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # a full disk, a full quota, a file-size limit


class Full(Exception):
    """The disk of the folder is full: no file of this transaction is left begun."""


def directory():
    """The folder of every kept file (shared by every worker): photos at its top, receipts in a folder of it."""
    return Path(current_app.config["PHOTO_DIR"])


def write_file(path, data):
    """Write a new file (never over an existing one), removed again unless the transaction commits. On any failure
    every file this transaction wrote goes at once; `Full` when the disk is full."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = db.session.info.setdefault(WRITTEN, [])
    try:
        with path.open("xb") as out:  # a file already there is not ours: it is left alone
            written.append(path)
            out.write(data)
    except OSError as error:
        _unlink(written)
        written.clear()
        if error.errno in FULL_ERRORS:
            raise Full from None
        raise


def removing(*paths):
    """These files go once the transaction that deletes their rows is committed, and stay if it rolls back."""
    db.session.info.setdefault(REMOVED, []).extend(paths)


def _unlink(paths):
    for path in paths:
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_commit")
def _commit_files(session):
    """Committed: the files written stay, the files of removed rows go."""
    session.info.pop(WRITTEN, None)
    _unlink(session.info.pop(REMOVED, []))


@event.listens_for(Session, "after_transaction_end")
def _forget_uncommitted_files(session, transaction):
    """A transaction ended without a commit (rollback, error, closed session): its new files go, removed ones stay."""
    if transaction.parent is None:
        _unlink(session.info.pop(WRITTEN, []))
        session.info.pop(REMOVED, None)
