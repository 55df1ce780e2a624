"""Participant tokens in real Chromium: the grant page's token preview and the inspector verifying a
token the embedded accounts API minted (refusing a wrong secret and a changed payload), without the
secret ever coming back in the page. Runs in the pages harness (scripts/browser-tests.sh, conftest.py):
the token comes from the embedded API's `POST …/rooms/{room}/connect`, the project key from its database."""
import base64
import json
import sqlite3
import urllib.parse
import urllib.request
import uuid

from selenium.webdriver.common.by import By

from conftest import click_and_wait, save_screenshot

P = 'default'


def api(console, method, path, body=None):
    request = urllib.request.Request(
        console.api_url + path, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={'Authorization': f'Bearer {console.api_token}', 'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b'null')


def minted_token(console):
    """A room with a risky grant for the API's caller, joined: the token and the project key's secret."""
    name = f'token-room-{uuid.uuid4().hex[:8]}'
    room = api(console, 'POST', f'/accounts/projects/{P}/rooms', {'name': name, 'if_not_exists': False})
    api(console, 'POST', f'/accounts/projects/{P}/room-grants',
        {'room_id': room['id'], 'user_id': 'local-admin', 'permissions': {'admin': {}, 'queues': {'send': ['jobs']}},
         'email': None, 'invite_redirect_url': None})
    jwt = api(console, 'POST', f'/accounts/projects/{P}/rooms/{urllib.parse.quote(name, safe="")}/connect', {})['jwt']
    with sqlite3.connect(f'file:{console.accounts_db}?mode=ro', uri=True) as db:
        (secret,) = db.execute('SELECT secret FROM project_key WHERE project_id = ?', (P,)).fetchone()
    return jwt, secret


def inspect(driver, console, token, secret=''):
    driver.get(console.path('tokens', 'inspect'))
    driver.find_element(By.ID, 'token-text').send_keys(token)
    if secret:
        driver.find_element(By.ID, 'token-secret').send_keys(secret)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, 'main form button[type=submit]'))
    return driver.find_element(By.TAG_NAME, 'main').text


def test_grant_page_shows_the_token_api_grant_beside_the_stored_scope(admin_driver, console):
    admin_driver.get(console.path('projects', P, 'grants', 'team/alpha room', 'user-13'))
    stored = admin_driver.find_element(By.CSS_SELECTOR, '[data-testid=stored-scope]').text
    token = admin_driver.find_element(By.CSS_SELECTOR, '[data-testid=token-scope]').text
    assert 'sqlite' in stored and 'sqlite' not in token
    json.loads(token)
    assert 'Not carried into the token' in admin_driver.find_element(By.ID, 'token').text
    save_screenshot(admin_driver, console, 'tokens-grant-preview')
    admin_driver.find_element(By.LINK_TEXT, 'The whole token').click()
    assert admin_driver.find_element(By.TAG_NAME, 'h1').text.startswith('Participant token of')
    assert json.loads(admin_driver.find_element(By.CSS_SELECTOR, '[data-testid=token-scope]').text) == json.loads(token)


def test_inspector_verifies_a_minted_token_and_refuses_a_wrong_secret_or_changed_payload(admin_driver, console):
    jwt, secret = minted_token(console)
    page = inspect(admin_driver, console, jwt, secret)
    assert 'Signature valid' in page
    assert 'admin@grantdesk.local' in page and 'This token carries broad access' in page
    # Nothing pasted comes back: not the secret, not the token.
    assert secret not in admin_driver.page_source and jwt not in admin_driver.page_source
    assert admin_driver.find_element(By.ID, 'token-secret').get_attribute('value') == ''
    assert admin_driver.find_element(By.ID, 'token-text').get_attribute('value') == ''
    save_screenshot(admin_driver, console, 'tokens-inspector-valid')

    assert 'Signature does not match' in inspect(admin_driver, console, jwt, secret[:-1] + ('0' if secret[-1] != '0' else '1'))

    header, payload, signature = jwt.split('.')
    claims = json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)))
    claims['name'] = 'mallory@example.com'
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip('=')
    page = inspect(admin_driver, console, f'{header}.{forged}.{signature}', secret)
    assert 'Signature does not match' in page and 'mallory@example.com' in page


def test_inspector_names_what_is_wrong_with_a_malformed_token(admin_driver, console):
    page = inspect(admin_driver, console, 'not-a-token')
    assert 'three parts' in page
    field = admin_driver.find_element(By.ID, 'token-text')
    assert field.get_attribute('aria-invalid') == 'true'
    unsigned = base64.urlsafe_b64encode(b'{"alg":"none"}').decode().rstrip('=')
    assert 'alg "none"' in inspect(admin_driver, console, f'{unsigned}.e30.')


FETCH_TEXT = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text().then(t => done([r.status, r.headers.get('content-type'), t])));
"""


def test_overview_exports_every_grant_as_csv_and_json_lines(reviewer_driver, console):
    reviewer_driver.get(console.path('projects', P))
    csv_link = reviewer_driver.find_element(By.LINK_TEXT, 'All grants CSV').get_attribute('href')
    jsonl_link = reviewer_driver.find_element(By.LINK_TEXT, 'All grants JSON lines').get_attribute('href')
    status, kind, text = reviewer_driver.execute_async_script(FETCH_TEXT, csv_link)
    assert status == 200 and kind.startswith('text/csv')
    rows = text.split('\r\n')
    assert rows[0] == '"room","user","email","label","risk flags","expires at"' and len(rows) > 50
    status, kind, text = reviewer_driver.execute_async_script(FETCH_TEXT, jsonl_link)
    assert status == 200 and kind.startswith('application/x-ndjson')
    grants = [json.loads(line) for line in text.splitlines()]
    assert any('sqlite' in g['permissions'] for g in grants)
    assert all(set(g) == {'room', 'room_id', 'user_id', 'email', 'permissions', 'expires_at'} for g in grants)


def test_room_and_grant_pages_show_when_the_room_was_last_used(admin_driver, console):
    # The demo's "sales-floor" was last joined 200 days ago, "lobby" a day ago (seeded sessions).
    admin_driver.get(console.path('projects', P, 'rooms', 'sales-floor'))
    activity = admin_driver.find_element(By.CSS_SELECTOR, '[data-testid=room-activity]').text
    assert 'idle 200 days' in activity and 'Idle room' in activity
    save_screenshot(admin_driver, console, 'tokens-idle-room')
    admin_driver.get(console.path('projects', P, 'rooms', 'lobby'))
    activity = admin_driver.find_element(By.CSS_SELECTOR, '[data-testid=room-activity]').text
    assert 'Last active' in activity and 'Idle room' not in activity
    click_and_wait(admin_driver, admin_driver.find_element(By.CSS_SELECTOR, 'table a[href*="/grants/lobby/"]'))
    assert 'Last active' in admin_driver.find_element(By.CSS_SELECTOR, '[data-testid=room-activity]').text
