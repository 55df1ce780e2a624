"""Single sign-on end to end in headless Chromium, against a real OpenID
provider (django-oidc-provider, Tests/oidc/provider.py) started here on a
free loopback port, and a second `grantdesk serve` configured for it.

The provider's users: alice (group grantdesk-admins), rita
(grantdesk-reviewers), nobody (other). Its test-only control endpoint
registers the console's redirect URIs and switches token faults: a payload
changed after signing, or tokens issued already expired."""
import os
import pathlib
import queue
import re
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import hostile
from conftest import new_driver

REPO = pathlib.Path(__file__).resolve().parents[2]
P = hostile.PROJECT
SECRET = 'client-secret-' + os.urandom(8).hex()


def _start(command, pattern, env=None):
    """Starts `command` and returns it with the URL (group 1 of `pattern`) once
    a line of its output matches. A thread keeps reading the output to its end,
    so the process never blocks or fails writing to a full or closed pipe."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    found = queue.Queue()
    lines = []

    def drain():
        for line in process.stdout:
            lines.append(line)
            match = re.search(pattern, line)
            if match:
                found.put(match.group(1).rstrip('/'))
        found.put(None)

    threading.Thread(target=drain, daemon=True).start()
    url = found.get(timeout=120)
    if url is None:
        process.wait()
        raise RuntimeError(f'{command[0]} did not start:\n' + ''.join(lines))
    return process, url


def _stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Provider:
    def __init__(self, url):
        self.url = url
        self.issuer = url + '/openid'

    def control(self, **fields):
        data = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(self.url + '/test/control', data=data, timeout=10) as response:
            assert response.read() == b'ok'


@pytest.fixture(scope='module')
def provider():
    with tempfile.TemporaryDirectory() as data:
        process, url = _start([sys.executable, str(REPO / 'Tests/oidc/provider.py'), data, SECRET],
                              r'listening on (http://[0-9.:]+)')
        try:
            yield Provider(url)
        finally:
            _stop(process)


@pytest.fixture(scope='module')
def sso(provider):
    """A console offering sign-in with the provider; yields its URL."""
    binary = os.environ.get('GRANTDESK_BIN', str(REPO / '.build/debug/grantdesk'))
    api_url, api_token = os.environ['GRANTDESK_API_URL'], os.environ['GRANTDESK_API_TOKEN']
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, GRANTDESK_OIDC_CLIENT_SECRET=SECRET,
                   GRANTDESK_ADMIN_PASSWORD='local-admin-' + os.urandom(8).hex())
        process, url = _start([
            binary, 'serve', '--http', '--host', '127.0.0.1', '--port', '0', '--data-dir', data,
            '--resources', str(REPO), '--upstream', api_url, '--upstream-token', api_token,
            '--oidc-issuer', provider.issuer, '--oidc-client-id', 'grantdesk', '--oidc-name', 'Test IdP',
            '--oidc-admin-group', 'grantdesk-admins', '--oidc-reviewer-group', 'grantdesk-reviewers',
        ], r'running at (http://[0-9.:]+)', env=env)
        provider.control(client_id='grantdesk', redirect_uri=url + '/login/sso/callback',
                         post_logout_redirect_uri=url + '/login')
        try:
            yield url
        finally:
            _stop(process)


@pytest.fixture
def browser():
    driver = new_driver()
    yield driver
    driver.quit()


@pytest.fixture
def faults(provider):
    yield provider
    provider.control(tamper='none')


def wait(driver, condition, timeout=20):
    return WebDriverWait(driver, timeout).until(condition)


def sso_sign_in(driver, sso, user, start=None):
    """Opens `start`, picks "Sign in with Test IdP", signs in at the provider as `user`."""
    driver.get(start or sso + '/projects')
    wait(driver, EC.element_to_be_clickable((By.ID, 'sso-sign-in'))).click()
    wait(driver, EC.presence_of_element_located((By.ID, 'idp-username'))).send_keys(user)
    driver.find_element(By.ID, 'idp-password').send_keys('password-' + user)
    driver.find_element(By.ID, 'idp-submit').click()
    wait(driver, lambda d: d.current_url.startswith(sso) and '/login/sso' not in d.current_url
         or d.find_elements(By.CSS_SELECTOR, '.error-page'))


def text(driver):
    return driver.find_element(By.TAG_NAME, 'body').text


def test_login_page_offers_the_provider(browser, sso):
    browser.get(sso + '/login')
    button = browser.find_element(By.ID, 'sso-sign-in')
    assert button.text == 'Sign in with Test IdP'
    # Local passwords stay available without --no-local-users.
    assert browser.find_elements(By.NAME, 'password')


def test_admin_from_group_lands_on_the_deep_link(browser, sso):
    deep = sso + f'/projects/{P}/access?ask=who'
    sso_sign_in(browser, sso, 'alice', start=deep)
    assert browser.current_url == deep
    assert browser.find_element(By.CSS_SELECTOR, '.user-name').text == 'sso:alice@example.com'
    assert browser.find_element(By.CSS_SELECTOR, '.user-menu .role').text == 'admin'


def test_reviewer_from_group(browser, sso):
    sso_sign_in(browser, sso, 'rita')
    assert urllib.parse.urlparse(browser.current_url).path == '/projects'
    assert browser.find_element(By.CSS_SELECTOR, '.user-menu .role').text == 'reviewer'


def test_user_in_no_group_gets_the_no_access_page(browser, sso):
    sso_sign_in(browser, sso, 'nobody')
    assert browser.find_element(By.TAG_NAME, 'h1').text == 'You have no access to GrantDesk'
    assert 'nobody@example.com' in text(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, '.user-menu')
    # Not signed in: the console still asks for a sign-in.
    browser.get(sso + '/projects')
    assert urllib.parse.urlparse(browser.current_url).path == '/login'


def test_tampered_id_token_is_refused(browser, sso, faults):
    faults.control(tamper='signature')
    sso_sign_in(browser, sso, 'alice')
    assert 'the signature does not verify' in text(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, '.user-menu')
    browser.get(sso + '/projects')
    assert urllib.parse.urlparse(browser.current_url).path == '/login'


def test_expired_id_token_is_refused(browser, sso, faults):
    faults.control(tamper='expired')
    sso_sign_in(browser, sso, 'alice')
    assert 'it has expired (exp)' in text(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, '.user-menu')


def test_wrong_state_is_refused(browser, sso, provider):
    # Signed in at the provider (and the console) once...
    sso_sign_in(browser, sso, 'alice')
    # ...then the provider sends a valid code back with a state this browser never started.
    query = urllib.parse.urlencode({
        'response_type': 'code', 'client_id': 'grantdesk', 'redirect_uri': sso + '/login/sso/callback',
        'scope': 'openid email groups', 'state': 'forged-state', 'nonce': 'n',
        'code_challenge': 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'code_challenge_method': 'S256',
    })
    browser.get(provider.issuer + '/authorize?' + query)
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, '.error-page')))
    assert '/login/sso/callback' in browser.current_url
    assert 'does not belong to a sign-in started in this browser' in text(browser)


def test_logout_ends_the_console_and_provider_sessions(browser, sso):
    sso_sign_in(browser, sso, 'alice')
    assert browser.find_elements(By.CSS_SELECTOR, '.user-menu')
    browser.find_element(By.CSS_SELECTOR, '.logout-form button').click()
    # Through the provider's end_session_endpoint and back to the console's sign-in page.
    wait(browser, lambda d: d.current_url.startswith(sso + '/login'))
    browser.get(sso + '/projects')
    assert urllib.parse.urlparse(browser.current_url).path == '/login'
    # The provider asks for the password again: its session ended too.
    browser.find_element(By.ID, 'sso-sign-in').click()
    wait(browser, EC.presence_of_element_located((By.ID, 'idp-username')))


def test_sign_in_and_out_without_javascript(sso):
    driver = new_driver(scripts=False)
    try:
        sso_sign_in(driver, sso, 'rita')
        assert driver.find_element(By.CSS_SELECTOR, '.user-menu .role').text == 'reviewer'
        driver.find_element(By.CSS_SELECTOR, '.logout-form button').click()
        # The signed-out page moves on to the provider by itself (a meta refresh, no script).
        wait(driver, lambda d: d.current_url.startswith(sso + '/login'))
        driver.get(sso + '/projects')
        assert urllib.parse.urlparse(driver.current_url).path == '/login'
    finally:
        driver.quit()
