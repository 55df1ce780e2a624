"""A room called "..": Chromium removes a `..` path segment (even written
%2E%2E), so the console links to such a room through the query-string form of
its page. Following the link from the overview must land on that room."""
import urllib.parse

from selenium.webdriver.common.by import By

import hostile

P = hostile.PROJECT


def test_link_to_a_room_named_dot_dot_opens_that_room(admin_driver, console):
    admin_driver.get(console.path('projects', P, rooms_q='..'))
    admin_driver.find_element(By.CSS_SELECTOR, f'a[href="/projects/{P}/room?room=.."]').click()
    url = urllib.parse.urlparse(admin_driver.current_url)
    assert url.path == f'/projects/{P}/room'
    assert urllib.parse.parse_qs(url.query) == {'room': ['..']}
    assert '..' in admin_driver.find_element(By.TAG_NAME, 'h1').text
    # Its grant (user-1, queues) is listed and its own link works too.
    admin_driver.find_element(By.CSS_SELECTOR, f'a[href="/projects/{P}/grant?room=..&user_id=user-1"]').click()
    url = urllib.parse.urlparse(admin_driver.current_url)
    assert url.path == f'/projects/{P}/grant'
    assert urllib.parse.parse_qs(url.query) == {'room': ['..'], 'user_id': ['user-1']}
    assert 'user-1' in admin_driver.find_element(By.CSS_SELECTOR, '.page-header').text
