"""The whole-project views in real Chromium: "who can" over every grant (with
and without JavaScript, the polled progress, a wildcard allowed and a grant
denied), the risk view's filters and the access matrix's cells and filters.
Hostile data on these pages is covered by test_pages' every-page test."""
import json
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import hostile
from conftest import new_driver, save_screenshot, sign_in
from test_pages import assert_inert

P = hostile.PROJECT
ROOM = 'wildcard images'
TAG = 'docker.io/library/python:3.12'


@pytest.fixture(scope='module', autouse=True)
def wildcard_room(console):
    """A room where user-1 may pull by wildcard and user-2 may not pull that image."""
    hostile.api(console.api_url, console.api_token, 'POST', '/rooms', {
        'name': ROOM, 'if_not_exists': True, 'permissions': {
            'user-1': {'containers': {'pull': ['docker.io/library/*'], 'run': []}},
            'user-2': {'containers': {'pull': ['registry.example.com/*'], 'run': []}},
        }})


def grant_link(room, user):
    return '/projects/' + P + '/grants/' + urllib.parse.quote(room, safe='') + '/' + urllib.parse.quote(user, safe='')


def every_grant_count(console):
    request = urllib.request.Request(
        console.api_url + '/accounts/projects/' + P + '/room-grants?limit=1&offset=0',
        headers={'Authorization': 'Bearer ' + console.api_token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())['total']


def ask_who(driver, console):
    driver.get(console.path('projects', P, 'access'))
    Select(driver.find_element(By.ID, 'who-check')).select_by_value('containers.can_pull')
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, 'who-tag'))
    driver.find_element(By.ID, 'who-tag').send_keys(TAG)


def test_who_can_answers_every_grant_with_polled_progress(admin_driver, console):
    ask_who(admin_driver, console)
    # Runs after app.js's own submit listener (registered first): keeps the token it added.
    admin_driver.execute_script("""
        document.addEventListener('submit', (event) => {
          const input = event.target.querySelector("input[name='scan']");
          if (input) sessionStorage.setItem('scanToken', input.value);
          window.__sawProgress = !!document.querySelector('.scan-status');
        });""")
    admin_driver.find_element(By.CSS_SELECTOR, '#who button[type=submit]').click()
    WebDriverWait(admin_driver, 30).until(lambda d: d.find_elements(By.ID, 'who-results'))
    assert 'scan=' not in admin_driver.current_url, 'the spent token stays out of the address'
    token = admin_driver.execute_script("return sessionStorage.getItem('scanToken')")
    assert token and len(token) == 32
    total = every_grant_count(console)
    summary = admin_driver.find_element(By.CSS_SELECTOR, '[data-grants-checked]').text
    assert summary.startswith(f'Checked all {total:,} grants of the project')
    state = admin_driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.json()).then(done, e => done(String(e)));
    """, console.path('projects', P, 'progress', scan=token))
    assert state == {'state': 'done', 'checked': total, 'total': total}

    links = [a.get_attribute('href') for a in admin_driver.find_elements(By.CSS_SELECTOR, '#who-results a')]
    assert any(link.endswith(grant_link(ROOM, 'user-1')) for link in links), 'the wildcard grant is allowed'
    assert not any(link.endswith(grant_link(ROOM, 'user-2')) for link in links), 'the other grant is denied'
    group = [g for g in admin_driver.find_elements(By.CSS_SELECTOR, '#who-results tbody.room-group')
             if ROOM in g.find_element(By.CSS_SELECTOR, 'tr.group-head').text][0]
    assert '1 allowed' in group.find_element(By.CSS_SELECTOR, 'tr.group-head').text
    assert "docker.io/library/*" in group.text
    assert_inert(admin_driver, 'who-can')
    save_screenshot(admin_driver, console, 'review-who-can')

    # The downloads are the same URL with &format=.
    json_url = admin_driver.find_element(By.CSS_SELECTOR, '#who-results a[href*="format=json"]').get_attribute('href')
    answer = admin_driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.json()).then(done, e => done(String(e)));
    """, json_url)
    # WebDriver hands objects back with sorted keys; the order itself is checked in WholeProjectViewsTests.
    assert sorted(answer) == sorted(['check', 'arguments', 'grants_checked', 'allowed'])
    assert answer['arguments'] == {'tag': TAG} and answer['grants_checked'] == total
    assert {'room': ROOM, 'user_id': 'user-1'}.items() <= next(r for r in answer['allowed'] if r['room'] == ROOM).items()


def test_who_can_without_javascript_arrives_when_done(console):
    driver = new_driver(scripts=False)
    try:
        sign_in(driver, console, console.reviewer,
                start=console.path('projects', P, 'access', ask='who', check='containers.can_pull', tag=TAG))
        results = driver.find_element(By.ID, 'who-results')
        assert f'Checked all {every_grant_count(console):,} grants' in results.text
        hrefs = [a.get_attribute('href') for a in results.find_elements(By.CSS_SELECTOR, 'a')]
        assert any(h.endswith(grant_link(ROOM, 'user-1')) for h in hrefs)
        assert not any(h.endswith(grant_link(ROOM, 'user-2')) for h in hrefs)
    finally:
        driver.quit()


def test_risk_view_filters_by_flag_most_severe_first(reviewer_driver, console):
    reviewer_driver.get(console.path('projects', P, 'risks'))
    rows = reviewer_driver.find_elements(By.CSS_SELECTOR, '#risk-results tbody tr')
    assert rows, 'the demo data has risky grants'
    levels = [r.get_attribute('class') for r in rows]
    # High-risk rows all come before medium ones.
    assert levels == sorted(levels, key=lambda c: 0 if 'risk-high' in c else 1)
    Select(reviewer_driver.find_element(By.ID, 'risk-flag')).select_by_value('unrestricted_llm')
    reviewer_driver.find_element(By.CSS_SELECTOR, '.filter-form button[type=submit]').click()
    WebDriverWait(reviewer_driver, 30).until(lambda d: 'flag=unrestricted_llm' in d.current_url)
    filtered = reviewer_driver.find_elements(By.CSS_SELECTOR, '#risk-results tbody tr')
    assert filtered and all('any LLM' in r.text for r in filtered)
    csv = reviewer_driver.find_element(By.CSS_SELECTOR, 'a[href*="format=csv"]').get_attribute('href')
    assert 'flag=unrestricted_llm' in csv
    save_screenshot(reviewer_driver, console, 'review-risks-llm')


def test_matrix_cells_link_to_grants_and_filter_without_javascript(console):
    driver = new_driver(scripts=False)
    try:
        sign_in(driver, console, console.reviewer, start=console.path('projects', P, 'matrix'))
        assert driver.find_elements(By.CSS_SELECTOR, '.legend-list li')
        driver.find_element(By.ID, 'matrix-rooms').send_keys('wildcard')
        driver.find_element(By.CSS_SELECTOR, '.filter-form button[type=submit]').click()
        WebDriverWait(driver, 10).until(lambda d: 'rooms_q=wildcard' in d.current_url)
        columns = [th.text for th in driver.find_elements(By.CSS_SELECTOR, 'th.matrix-room')]
        assert columns == [ROOM]
        cell = driver.find_element(By.CSS_SELECTOR, f'td a[href$="{grant_link(ROOM, "user-1")}"]')
        assert cell.text == 'C' and ROOM in cell.get_attribute('title')
        assert 'cell-' in cell.find_element(By.XPATH, '..').get_attribute('class')
        cell.click()
        WebDriverWait(driver, 10).until(lambda d: '/grants/' in d.current_url)
        assert 'user-1' in driver.find_element(By.CSS_SELECTOR, '.page-header').text
    finally:
        driver.quit()


def test_pages_link_into_the_views_pre_filled(reviewer_driver, console):
    reviewer_driver.get(console.path('projects', P, 'rooms', ROOM))
    matrix = reviewer_driver.find_element(By.CSS_SELECTOR, '.page-actions a[href*="/matrix"]').get_attribute('href')
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(matrix).query) == {'rooms_q': [ROOM]}
    reviewer_driver.get(console.path('projects', P, 'users', 'user-1'))
    risks = reviewer_driver.find_element(By.CSS_SELECTOR, '.page-actions a[href*="/risks"]').get_attribute('href')
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(risks).query) == {'user': ['user-1']}
    reviewer_driver.get(risks)
    rows = reviewer_driver.find_elements(By.CSS_SELECTOR, '#risk-results tbody tr')
    assert all('user-1' in r.get_attribute('innerHTML') for r in rows)
