"""A collective (a commune, a centre social, an association…), its members and their roles.

A map belongs to one collective; what each role may do, on the collective and on its maps, is decided in
`app/access.py`. What the model keeps itself: a collective always has an owner.
"""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint, delete, exists, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .links import SecretLink
from .map import Map, utcnow

KINDS = ("commune", "epci", "centre-social", "ccas", "association-habitants", "association", "groupement")
ROLES = ("viewer", "contributor", "editor", "owner")  # from least to most: each may do what the previous may
NAME_MAX = 120


class LastOwner(Exception):
    """The change would leave the collective without an owner."""


class StillHasMaps(Exception):
    """A collective is deleted once it has no map: each map is deleted on its own, its backup offered first."""


class Collective(db.Model):
    __tablename__ = "collectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    kind: Mapped[str] = mapped_column(String(24))  # one of KINDS
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    memberships = relationship("Membership", back_populates="collective", cascade="all, delete-orphan",
                               order_by="Membership.id")
    maps = relationship("Map", back_populates="collective", order_by="Map.name")

    @classmethod
    def found(cls, name, kind, owner):
        """A new collective whose first member, its owner, is the account that creates it."""
        collective = cls(name=name, kind=kind)
        collective.memberships.append(Membership(user=owner, role="owner"))
        db.session.add(collective)
        return collective

    @classmethod
    def of_user(cls, user, roles=ROLES):
        """The collectives an account belongs to with one of these roles, by name."""
        query = (select(cls).join(Membership).where(Membership.user_id == user.id, Membership.role.in_(roles))
                 .order_by(cls.name))
        return db.session.scalars(query).all()

    def membership_of(self, user):
        return db.session.scalar(select(Membership).where(Membership.collective_id == self.id,
                                                          Membership.user_id == user.id))

    def join(self, user, role):
        """Make the account a member with that role; someone already a member keeps the higher role."""
        membership = self.membership_of(user)
        if membership is None:
            membership = Membership(collective=self, user=user, role=role)
            db.session.add(membership)
        elif ROLES.index(role) > ROLES.index(membership.role):
            membership.role = role
        return membership

    def set_role(self, membership, role):
        """Give a member another role; the last owner keeps theirs (LastOwner)."""
        if role != "owner":
            self._keep_an_owner_besides(membership)
        membership.role = role

    def remove(self, membership):
        """Remove a member, unless they are its last owner (LastOwner)."""
        self._keep_an_owner_besides(membership)
        self.memberships.remove(membership)

    def has_maps(self):
        return db.session.scalar(select(exists().where(Map.collective_id == self.id)))

    def delete(self):
        """Delete the collective, with its memberships and invitations (their foreign keys cascade); StillHasMaps
        while a map is its. One statement that checks and deletes, so a map made meanwhile is never left without
        its collective: it stops the deletion (the map's foreign key) instead."""
        deleted = db.session.execute(
            delete(Collective).where(Collective.id == self.id, ~exists().where(Map.collective_id == self.id))
            .execution_options(synchronize_session=False))
        if deleted.rowcount != 1:
            raise StillHasMaps(self)

    def _keep_an_owner_besides(self, membership):
        """A collective is never orphaned: someone must still manage its members, links and maps."""
        if membership.role == "owner" and not any(m.role == "owner" for m in self.memberships if m is not membership):
            raise LastOwner(self)


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("collective_id", "user_id", name="uq_memberships_collective_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collective_id: Mapped[int] = mapped_column(ForeignKey("collectives.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12))  # one of ROLES

    collective = relationship("Collective", back_populates="memberships")
    user = relationship("User")


class MemberInvite(SecretLink, db.Model):
    """A link that makes whoever opens it, once logged in, a member of a collective with a role."""
    __tablename__ = "member_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    collective_id: Mapped[int] = mapped_column(ForeignKey("collectives.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    email: Mapped[str] = mapped_column(String(254), default="")  # whom it was sent to, when it was sent

    collective = relationship("Collective")

    @classmethod
    def of_collective(cls, collective_id):
        """The collective's invitations that still work, newest first."""
        return cls.live(cls.collective_id == collective_id)

    def use_up(self):
        """Void an invitation mailed to one address as its first person joins (revoked, so it stops and leaves the
        owner's list of links): the link was meant for one person, and a forwarded mail makes no second member.
        One statement, so two people opening it at once cannot both pass; False for the second. An invitation
        without an address is a link the owner shares with a group, and stays until it expires or is revoked."""
        if not self.email:
            return True
        voided = db.session.execute(
            update(MemberInvite).where(MemberInvite.id == self.id, MemberInvite.revoked_at.is_(None))
            .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
        return voided.rowcount == 1
