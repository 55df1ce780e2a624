"""Runs the test OpenID provider: `python provider.py DATA_DIR CLIENT_SECRET`.

Binds a free loopback port, prints `listening on http://127.0.0.1:PORT`
(the issuer is that URL + /openid), migrates a fresh SQLite database in
DATA_DIR and creates:
  - an RS256 signing key,
  - the confidential client `grantdesk` (authorization code, no consent),
  - users alice (group grantdesk-admins), rita (grantdesk-reviewers) and
    nobody (group other), each with the password `password-<name>`.
Serves until killed."""
import os
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main():
    data_dir, client_secret = sys.argv[1], sys.argv[2]
    holder = {}
    server = make_server('127.0.0.1', 0, lambda environ, start: holder['app'](environ, start),
                         server_class=ThreadingServer, handler_class=QuietHandler)
    site = f'http://127.0.0.1:{server.server_port}'
    os.environ['OP_DATA_DIR'] = data_dir
    os.environ['OP_SITE_URL'] = site
    os.environ['DJANGO_SETTINGS_MODULE'] = 'op.settings'
    import django
    django.setup()
    from django.core.management import call_command
    call_command('migrate', verbosity=0)
    seed(client_secret)
    from django.core.wsgi import get_wsgi_application
    holder['app'] = get_wsgi_application()
    print(f'listening on {site}', flush=True)
    server.serve_forever()


def seed(client_secret):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.contrib.auth.models import Group, User
    from oidc_provider.models import Client, ResponseType, RSAKey

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption()).decode()
    RSAKey.objects.create(key=pem)
    for name, group, email in [('alice', 'grantdesk-admins', 'alice@example.com'),
                               ('rita', 'grantdesk-reviewers', 'rita@example.com'),
                               ('nobody', 'other', 'nobody@example.com')]:
        user = User.objects.create_user(name, email=email, password=f'password-{name}', first_name=name.title())
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    client = Client.objects.create(name='GrantDesk', client_id='grantdesk', client_secret=client_secret,
                                   client_type='confidential', jwt_alg='RS256', require_consent=False,
                                   _redirect_uris='http://127.0.0.1/unset')
    client.response_types.add(ResponseType.objects.get(value='code'))


if __name__ == '__main__':
    main()
