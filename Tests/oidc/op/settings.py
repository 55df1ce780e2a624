"""A throw-away OpenID provider for GrantDesk's single sign-on tests.

django-oidc-provider on Django, SQLite in OP_DATA_DIR. Started by provider.py."""
import os

BASE = os.environ['OP_DATA_DIR']
SECRET_KEY = os.environ.get('OP_SECRET_KEY', 'test-only-not-secret')
DEBUG = False
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
INSTALLED_APPS = [
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'oidc_provider',
]
MIDDLEWARE = [
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'op.tamper.TamperMiddleware',
]
ROOT_URLCONF = 'op.urls'
TEMPLATES = [{
    'BACKEND': 'django.template.backends.django.DjangoTemplates',
    'DIRS': [os.path.join(os.path.dirname(__file__), 'templates')],
    'APP_DIRS': True,
    'OPTIONS': {'context_processors': ['django.template.context_processors.request']},
}]
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.path.join(BASE, 'op.sqlite3')}}
USE_TZ = True
LOGIN_URL = '/accounts/login/'
SITE_URL = os.environ['OP_SITE_URL']
# The ID token carries the standard claims and the groups claim (scope "groups").
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
OIDC_EXTRA_SCOPE_CLAIMS = 'op.claims.GroupsScopeClaims'
OIDC_USERINFO = 'op.claims.userinfo'
PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']  # test speed only
