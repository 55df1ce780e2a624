"""Snapshots, drift and access review campaigns in real Chromium: an admin
takes a snapshot, a grant is changed straight through the accounts API (not
through GrantDesk) and the comparison with now names it as drift; a review
campaign is started over one room with two reviewers, a reviewer decides
with JavaScript off, the admin applies the revocation, closes the review and
reads the sign-off report. Runs in the pages harness (scripts/browser-tests.sh)."""
import json
import re
import urllib.parse
import urllib.request

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import click_and_wait, new_driver, save_screenshot, sign_in

P = 'default'


def api(console, method, path, body=None):
    """The embedded accounts API directly, bypassing the console."""
    request = urllib.request.Request(
        console.api_url + '/accounts/projects/' + P + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={'Authorization': 'Bearer ' + console.api_token, 'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b'{}')


def serious_violations(driver):
    axe = Axe(driver)
    axe.inject()
    return [v for v in axe.run()['violations'] if v['impact'] in ('serious', 'critical')]


def wait_for_text(driver, text, timeout=20):
    WebDriverWait(driver, timeout).until(lambda d: text in d.find_element(By.TAG_NAME, 'body').text)


def test_snapshot_then_a_direct_api_change_shows_as_drift(admin_driver, console):
    driver = admin_driver
    driver.get(console.path('projects', P, 'snapshots'))
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Take a snapshot now']"))
    assert re.search(r'/snapshots/\d+$', driver.current_url)
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, 'snapshot-status').text == 'complete')
    snapshot = driver.current_url.rsplit('/', 1)[1]
    assert driver.find_elements(By.CSS_SELECTOR, '#snapshot-grants tbody tr')
    assert not serious_violations(driver)
    save_screenshot(driver, console, 'snapshot')

    grant = api(console, 'GET', '/room-grants?limit=1&offset=0&order_by=room_name')['room_grants'][0]
    room, user, before = grant['room'], grant['user_id'], grant['permissions']
    wider = dict(before, admin={})
    api(console, 'PUT', '/room-grants/unused', {'room_id': room['id'], 'user_id': user, 'permissions': wider})
    try:
        driver.get(console.path('projects', P, 'snapshots', 'compare', **{'from': snapshot, 'to': 'now'}))
        summary = driver.find_element(By.ID, 'drift-summary').text
        assert '1 change not made through GrantDesk' in summary
        rows = driver.find_elements(By.CSS_SELECTOR, '#changes tbody tr')
        assert len(rows) == 1
        assert 'changed directly in MeshAgent' in rows[0].text
        assert 'widens access' in rows[0].text
        assert room['name'] in rows[0].text
        assert not serious_violations(driver)
        save_screenshot(driver, console, 'snapshot-drift')

        # "Who can?" as of the snapshot: the page says so, and keeps it in its form.
        driver.get(console.path('projects', P, 'snapshots', snapshot))
        click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, 'as of this snapshot'))
        assert 'As of snapshot #' + snapshot in driver.find_element(By.ID, 'who-as-of').text
        assert driver.find_element(By.CSS_SELECTOR, '#who input[name=snapshot]').get_attribute('value') == snapshot
    finally:
        api(console, 'PUT', '/room-grants/unused', {'room_id': room['id'], 'user_id': user, 'permissions': before})


def test_a_review_from_start_to_sign_off(admin_driver, console):
    rooms = api(console, 'GET', '/room-grants/by-room?limit=50&offset=0')['rooms']
    room = next(r['room'] for r in sorted(rooms, key=lambda r: r['count']) if r['count'] >= 2)
    admin_name, reviewer_name = console.admin[0], console.reviewer[0]

    driver = admin_driver
    driver.get(console.path('projects', P, 'reviews', 'new'))
    driver.find_element(By.ID, 'review-name').send_keys('Browser review')
    driver.find_element(By.CSS_SELECTOR, 'input[name=scope][value=rooms]').click()
    driver.find_element(By.ID, 'review-rooms').send_keys(room['name'])
    for name in (admin_name, reviewer_name):
        driver.find_element(By.CSS_SELECTOR, f'input[name=reviewer][value="{name}"]').click()
    assert not serious_violations(driver)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, '#new-review button[type=submit]'))
    review_url = driver.current_url.split('?')[0].split('#')[0]
    assert re.search(r'/reviews/\d+$', review_url)
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, 'review-status').text == 'open')

    # The reviewer, without JavaScript, decides every item of theirs: keep.
    plain = new_driver(scripts=False)
    try:
        sign_in(plain, console, console.reviewer, start=review_url)
        count = len(plain.find_elements(By.CSS_SELECTOR, 'form.decision-form'))
        assert count
        for index in range(count):
            form = plain.find_elements(By.CSS_SELECTOR, 'form.decision-form')[index]
            form.find_element(By.CSS_SELECTOR, 'input[value=keep]').click()
            click_and_wait(plain, form.find_element(By.CSS_SELECTOR, 'button[type=submit]'))
            assert 'Saved: keep' in plain.find_element(By.TAG_NAME, 'body').text
        # Each item now shows its decision (the form stays, to change one's mind while the review is open).
        assert len(plain.find_elements(By.CSS_SELECTOR, '.review-item .decision')) == count
        assert not plain.find_elements(By.PARTIAL_LINK_TEXT, 'Apply revocations')
        save_screenshot(plain, console, 'review-reviewer')
    finally:
        plain.quit()

    # The admin, also a reviewer here: revokes the first of theirs with a comment, keeps the rest.
    driver.get(review_url + '?reviewer=' + urllib.parse.quote(admin_name))
    count = len(driver.find_elements(By.CSS_SELECTOR, 'form.decision-form'))
    assert count
    for index in range(count):
        form = driver.find_elements(By.CSS_SELECTOR, 'form.decision-form')[index]
        form.find_element(By.CSS_SELECTOR, 'input[value=revoke]' if index == 0 else 'input[value=keep]').click()
        if index == 0:
            form.find_element(By.TAG_NAME, 'textarea').send_keys('no longer on the team')
        click_and_wait(driver, form.find_element(By.CSS_SELECTOR, 'button[type=submit]'))
    overall = driver.find_element(By.CSS_SELECTOR, '#review-progress progress')
    assert overall.get_attribute('value') == overall.get_attribute('max')
    assert not serious_violations(driver)
    save_screenshot(driver, console, 'review-admin')

    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, 'Apply revocations'))
    assert len(driver.find_elements(By.CSS_SELECTOR, '#revocations tbody tr')) == 1
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, '#apply-form button[type=submit]'))
    wait_for_text(driver, 'Revoked 1 grant.')
    save_screenshot(driver, console, 'review-applied')

    driver.get(review_url)
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Close and sign off']"))
    assert driver.current_url.endswith('/report')
    assert not driver.find_elements(By.ID, 'report-draft')
    rows = driver.find_elements(By.CSS_SELECTOR, '#report-items tbody tr')
    assert len(rows) == room_count(rooms, room)
    assert sum('no longer on the team' in row.text for row in rows) == 1
    assert sum('applied' in row.text for row in rows) == 1
    assert driver.find_element(By.CSS_SELECTOR, 'link[media=print]')
    assert not serious_violations(driver)
    save_screenshot(driver, console, 'review-report')


def room_count(rooms, room):
    return next(r['count'] for r in rooms if r['room']['id'] == room['id'])
