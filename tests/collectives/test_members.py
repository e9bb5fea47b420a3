"""A collective keeps an owner: whoever changes roles or removes members, the model refuses to orphan it."""
import pytest

from app.extensions import db
from app.models.collective import LastOwner


def test_the_last_owner_can_be_neither_demoted_nor_removed(collective, owner):
    mine = collective.membership_of(owner)
    with pytest.raises(LastOwner):
        collective.set_role(mine, "editor")
    with pytest.raises(LastOwner):
        collective.remove(mine)
    db.session.commit()
    assert collective.membership_of(owner).role == "owner"


def test_an_owner_may_step_down_or_leave_once_another_is_named(collective, owner, member):
    nadia = collective.membership_of(member("Nadia", "editor"))
    collective.set_role(nadia, "owner")
    collective.set_role(collective.membership_of(owner), "viewer")
    db.session.commit()
    assert collective.membership_of(owner).role == "viewer"
    with pytest.raises(LastOwner):
        collective.remove(nadia)
    collective.remove(collective.membership_of(owner))
    db.session.commit()
    assert collective.membership_of(owner) is None and [m.role for m in collective.memberships] == ["owner"]


def test_removing_the_last_owner_from_the_page_is_refused_in_french(client, csrf, collective, owner):
    mine = collective.membership_of(owner)
    response = client.post(f"/collectifs/{collective.id}/membres/{mine.id}", data={"csrf_token": csrf, "retirer": "1"})
    assert "au moins un responsable" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.rollback()
    assert collective.membership_of(owner).role == "owner"
