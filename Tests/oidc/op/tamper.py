"""Test-only faults at the token endpoint, switched by provider.py's control
endpoint: `signature` changes the ID token's payload after signing (so its
signature no longer matches); `expired` has the provider issue tokens that
expired an hour ago (signed properly)."""
import base64
import json

from django.conf import settings

MODE = {'value': 'none'}


def _tamper_payload(token):
    header, payload, signature = token.split('.')
    claims = json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)))
    claims['groups'] = ['grantdesk-admins']
    claims['sub'] = claims['sub'] + '-forged'
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b'=').decode()
    return '.'.join([header, forged, signature])


class TamperMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        settings.OIDC_IDTOKEN_EXPIRE = -3600 if MODE['value'] == 'expired' else 600
        response = self.get_response(request)
        if MODE['value'] == 'signature' and request.path.startswith('/openid/token'):
            body = json.loads(response.content)
            if 'id_token' in body:
                body['id_token'] = _tamper_payload(body['id_token'])
                response.content = json.dumps(body).encode()
                response['Content-Length'] = str(len(response.content))
        return response
