"""Comments on a feature: the thread, adding to it, and deleting a comment."""
from flask import Blueprint, abort, redirect, request, url_for

from ..access import COMMENT, access_to
from ..authorship import current_author, sign
from ..extensions import db
from ..loaders import with_comment, with_feature
from ..models import Comment
from ..rendering import render, wants_fragment
from .forms import CommentForm

bp = Blueprint("comments", __name__, url_prefix="/cartes/<int:map_id>/elements/<int:feature_id>/commentaires")

# The thread is refreshed whenever the map changes: it shows the latest comments, all of them in the history.
THREAD_SHOWN = 100


@bp.get("")
@with_feature()
def index(map_, feature):
    """The thread and the form (`?fil=1`: the thread alone, refreshed when others comment)."""
    if not wants_fragment():
        return redirect(url_for("features.show", map_id=map_.id, feature_id=feature.id))
    fragment = "comments/_thread.html" if request.args.get("fil") else "comments/_section.html"
    return _section(map_, feature, CommentForm(formdata=None, pseudonym=current_author()), fragment=fragment)


@bp.post("")
@with_feature(COMMENT)
def create(map_, feature):
    """Add a comment; the pseudonym is remembered for the person's next comments and changes."""
    form = CommentForm()
    if not form.validate_on_submit():
        return _section(map_, feature, form, status=422)
    Comment.add(feature, form.body.data, author=sign(form.pseudonym.data), **access_to(map_).writer())
    db.session.commit()
    if not wants_fragment():
        return redirect(url_for("features.show", map_id=map_.id, feature_id=feature.id), 303)
    return _section(map_, feature, CommentForm(formdata=None, pseudonym=form.pseudonym.data))


@bp.post("/<int:comment_id>/supprimer")
@with_comment()
def delete(map_, feature, comment):
    """Delete a comment for good: its writer may, and so may whoever may edit the map; the thread again."""
    access = access_to(map_)
    if not access.may_delete_comment(comment):
        abort(403)
    # The writer's own deletion is not signed: their name goes with what they wrote. An editor's is.
    comment.erase(author="" if comment.written_by(**access.writer()) else current_author())
    db.session.commit()
    if not wants_fragment():
        return redirect(url_for("features.show", map_id=map_.id, feature_id=feature.id), 303)
    return _section(map_, feature, None, fragment="comments/_thread.html")


def _section(map_, feature, form, fragment="comments/_section.html", status=200):
    return render(fragment, fragment, status=status, map=map_, feature=feature, form=form,
                  comments=Comment.of_feature(feature.id, latest=THREAD_SHOWN), total=Comment.count_of(feature.id))
