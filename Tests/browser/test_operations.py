"""Operations in real Chromium: offboarding with its progress page (the
script polls and reloads), bulk grant without JavaScript (the page is
reloaded by hand), copying a room's grants, expiries shown with the local
time, and reviewers kept out. Partial failures and their retry are covered
by the app tests (OperationsTests), which can inject upstream faults."""
import sqlite3

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import hostile
from conftest import new_driver, save_screenshot, sign_in
from hostile import api
from test_pages import assert_inert

P = 'default'


def css(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector)


def click(driver, element):
    driver.execute_script('arguments[0].scrollIntoView({block: "center"})', element)
    element.click()


def submit(driver, selector):
    """Clicks a submit button and waits for the next page."""
    old = css(driver, 'html')
    click(driver, css(driver, selector))
    WebDriverWait(driver, 15).until(lambda d: old.id != css(d, 'html').id)


def add_people(console, *ids):
    """Users with names and emails, members of the project (as sign-up would make them)."""
    db = sqlite3.connect(console.accounts_db, timeout=10)
    with db:
        for user in ids:
            db.execute('INSERT OR IGNORE INTO user (id, email, first_name, last_name) VALUES (?, ?, ?, ?)',
                       (user, user + '@example.com', 'Op', user.title()))
            db.execute('INSERT OR IGNORE INTO member (project_id, user_id) VALUES (?, ?)', (P, user))
    db.close()


def room(console, name):
    return api(console.api_url, console.api_token, 'POST', '/rooms', {'name': name, 'if_not_exists': True})


def grant(console, room_id, user, scope):
    api(console.api_url, console.api_token, 'POST', '/room-grants',
        {'room_id': room_id, 'user_id': user, 'permissions': scope, 'email': None, 'invite_redirect_url': None})


def wait_finished(driver, reload_by_hand=False, seconds=30):
    """Waits until the progress page says the operation finished. The page's
    poller reloads it when the operation ends, so an element read just then
    is stale: that only means the next look sees the finished page."""
    def finished(d):
        try:
            state = d.find_elements(By.ID, 'operation-state')
            if state and state[0].text.startswith('Finished') and not d.find_elements(By.CSS_SELECTOR, '.operation-reload'):
                return True
            if reload_by_hand and d.find_elements(By.CSS_SELECTOR, '.operation-reload a'):
                submit(d, '.operation-reload a')
        except StaleElementReferenceException:
            pass
        return False
    WebDriverWait(driver, seconds, poll_frequency=0.2).until(finished, 'the operation did not finish')


def counts(driver):
    return {node.get_attribute('data-count'): int(node.text) for node in driver.find_elements(By.CSS_SELECTOR, '[data-count]')}


def test_offboarding_previews_every_grant_and_shows_progress(admin_driver, console):
    add_people(console, 'ops-leaver')
    rooms = [room(console, name) for name in ('ops-off-1', 'ops-off-2', 'ops-off-3')]
    for each in rooms:
        grant(console, each['id'], 'ops-leaver', {'queues': {'list': True}})
    driver = admin_driver
    driver.get(console.path('projects', P, 'users', 'ops-leaver'))
    submit(driver, 'a[href$="/offboard"]')
    text = driver.find_element(By.TAG_NAME, 'main').text
    assert 'Preview: nothing has changed yet' in text
    for name in ('ops-off-1', 'ops-off-2', 'ops-off-3'):
        assert 'in room ' + name in text
    assert 'ops-leaver@example.com' in text
    save_screenshot(driver, console, 'offboard-preview')
    click(driver, css(driver, 'input[name="remove_membership"]'))
    submit(driver, 'button[value="run"]')
    assert '/operations/' in driver.current_url
    wait_finished(driver)
    assert counts(driver)['done'] == 4
    assert driver.execute_script('return window.__xss') is None
    save_screenshot(driver, console, 'offboard-progress')
    driver.get(console.path('projects', P, 'users', 'ops-leaver'))
    assert 'ops-off-1' not in driver.find_element(By.TAG_NAME, 'main').text


def test_bulk_grant_without_javascript_with_an_expiry(console):
    add_people(console, 'ops-bulk-1', 'ops-bulk-2')
    room(console, 'ops-bulk-a')
    room(console, 'ops-bulk-b')
    driver = new_driver(scripts=False)
    try:
        sign_in(driver, console, console.admin)
        driver.get(console.path('projects', P, 'bulk'))
        users = css(driver, 'textarea[name="users"]')
        users.send_keys('ops-bulk-1, ops-bulk-2@example.com')
        for name in ('ops-bulk-a', 'ops-bulk-b'):
            click(driver, css(driver, f'input[name="room"][value="{name}"]'))
        Select(css(driver, 'select[name="preset"]')).select_by_value('user_default')
        expires = css(driver, 'input[name="expires"]')
        driver.execute_script('arguments[0].value = arguments[1]', expires, '2099-01-31T17:00')
        submit(driver, 'button[value="preview"]')
        text = driver.find_element(By.TAG_NAME, 'main').text
        assert '4 items' in text, [e.text for e in driver.find_elements(By.CSS_SELECTOR, '.field-error')]
        assert 'more access' in text
        assert 'Expires 2099-01-31 17:00 UTC' in text
        save_screenshot(driver, console, 'bulk-preview')
        submit(driver, 'button[value="run"]')
        wait_finished(driver, reload_by_hand=True)
        assert counts(driver)['done'] == 4
        save_screenshot(driver, console, 'bulk-progress')
        driver.get(console.path('projects', P, 'grants', 'ops-bulk-a', 'ops-bulk-2'))
        assert 'This grant expires' in driver.page_source
        assert '2099-01-31 17:00 UTC' in driver.find_element(By.TAG_NAME, 'main').text
    finally:
        driver.quit()


def test_expiry_shows_the_local_time_with_javascript(admin_driver, console):
    driver = admin_driver
    driver.get(console.path('projects', P, 'grants', 'ops-bulk-a', 'ops-bulk-1'))
    node = css(driver, '[data-expiry-epoch]')
    WebDriverWait(driver, 5).until(lambda d: 'your local time' in node.text)
    assert '2099-01-31 17:00 UTC' in node.text


def test_copying_a_room_gives_its_grants_to_another(admin_driver, console):
    add_people(console, 'ops-copy-1', 'ops-copy-2')
    source = room(console, 'ops-copy-from')
    room(console, 'ops-copy-to')
    grant(console, source['id'], 'ops-copy-1', {'queues': {'list': True}})
    grant(console, source['id'], 'ops-copy-2', {'messaging': {}})
    driver = admin_driver
    driver.get(console.path('projects', P, 'rooms', 'ops-copy-from'))
    submit(driver, 'a[href$="/copy"]')
    Select(css(driver, 'select[name="target"]')).select_by_value('ops-copy-to')
    submit(driver, 'button[value="preview"]')
    assert '2 items' in driver.find_element(By.TAG_NAME, 'main').text
    submit(driver, 'button[value="run"]')
    wait_finished(driver)
    assert counts(driver)['done'] == 2
    driver.get(console.path('projects', P, 'rooms', 'ops-copy-to'))
    text = driver.find_element(By.TAG_NAME, 'main').text
    assert 'ops-copy-1@example.com' in text and 'ops-copy-2@example.com' in text


def test_reviewers_get_no_operation_forms(reviewer_driver, console):
    driver = reviewer_driver
    driver.get(console.path('projects', P, 'users', 'user-1'))
    assert not driver.find_elements(By.CSS_SELECTOR, 'a[href$="/offboard"]')
    for path in (('users', 'user-1', 'offboard'), ('bulk',), ('rooms', 'lobby', 'copy')):
        driver.get(console.path('projects', P, *path))
        assert 'reviewer account' in driver.page_source


def test_progress_page_of_hostile_data_is_inert(admin_driver, console):
    name = 'ops-hostile ' + hostile.IMG
    room(console, name)
    driver = admin_driver
    # The room comes pre-chosen through the query, as the room page's link does.
    driver.get(console.path('projects', P, 'bulk', room=name))
    css(driver, 'textarea[name="users"]').send_keys(hostile.USER)
    submit(driver, 'button[value="preview"]')
    assert_inert(driver, 'bulk-preview-hostile')
    submit(driver, 'button[value="run"]')
    wait_finished(driver)
    assert counts(driver)['done'] == 1
    assert_inert(driver, 'operation-hostile')
    save_screenshot(driver, console, 'operation-hostile')
