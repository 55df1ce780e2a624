"""The `groups` scope: the user's Django groups as a `groups` claim."""
from oidc_provider.lib.claims import ScopeClaims


class GroupsScopeClaims(ScopeClaims):
    info_groups = ('Groups', 'The groups you belong to.')

    def scope_groups(self):
        return {'groups': sorted(group.name for group in self.user.groups.all())}


def userinfo(claims, user):
    claims['email'] = user.email
    claims['name'] = user.get_full_name() or user.username
    claims['email_verified'] = True
    return claims
