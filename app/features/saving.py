"""Writing a validated feature form as a new item: the item with the map's next number, the shared plot it is drawn
as and its first photo, saved together (or a resident's proposal, when their drawings wait for an editor)."""
import uuid as uuid_module

from sqlalchemy.exc import IntegrityError

from ..database import commit_keeping_loaded
from ..extensions import db
from ..models import Feature, Plot, Proposal
from ..photos import images
from ..photos import store as photos
from ..photos.images import PhotoRejected

# A new item's first photo takes a uuid derived from the item's, so that the form sent twice adds it once.
FIRST_PHOTO = uuid_module.UUID("5b0f2a52-6d0e-4a4e-9a59-6f8e2d1c0a11")


def create(map_, form, *, author):
    """The new item, committed with its plot and its photo; a refused photo raises PhotoRejected and leaves nothing.
    The same form sent again while its first sending was being saved gets the item that one made.

    The photo is cleaned before anything is written: the item's first write takes the database's write lock (its
    number), which other saves wait for until this one commits."""
    photo = images.clean_image(form.photo.data.stream) if form.photo.data else None
    try:
        feature = _written(map_, form, photo, author=author)
        commit_keeping_loaded(db.session())
    except IntegrityError:
        db.session.rollback()
        if (made := form.sent_meanwhile()) is None:  # refused for another reason: an error
            raise
        return made
    return feature


def _written(map_, form, photo, *, author):
    feature = Feature.create(map_, form.chosen_category, form.title.data, form.description.data, form.shape,
                             author=author, uuid=form.uuid.data or None, walk=form.chosen_walk,
                             properties=_properties(form))
    if form.chosen_zone is not None:  # a shared plot drawn by hand in its zone
        db.session.add(Plot(feature=feature, zone=form.chosen_zone))
    if photo is not None:
        try:
            photos.add_cleaned(feature, photo, uuid=str(uuid_module.uuid5(FIRST_PHOTO, feature.uuid)),
                               author=author, taken_at=form.photo_taken_at)
        except PhotoRejected:  # no room left on the disk for its files
            db.session.rollback()
            raise
    return feature


def propose(map_, access, form, *, author):
    """The resident's drawing, kept for an editor to validate (it is no item of the map yet), as theirs."""
    proposal = Proposal.propose(map_, access.link, form.chosen_category, form.title.data, form.description.data,
                                form.shape, author=author, contributor=access.contributor, uuid=form.uuid.data or None)
    db.session.commit()
    return proposal


def _properties(form):
    """What the form adds to the item's free properties: how precise its GPS fix was, when it had one."""
    return {"gps_accuracy_m": round(form.accuracy.data, 1)} if form.accuracy.data is not None else {}
