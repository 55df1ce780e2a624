"""The read pages in real Chromium: sign-in, deep links, every page renders,
hostile upstream data stays inert, reviewers see no edit controls and are
refused, axe finds no serious or critical problem, and every page is
photographed under build/screenshots/."""
import urllib.parse

import pytest
from axe_selenium_python import Axe
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import hostile
from conftest import new_driver, save_screenshot, sign_in

P = hostile.PROJECT


def pages(console):
    """(name, url) of every read page, with demo and hostile data."""
    return [
        ('projects', console.path('projects')),
        ('overview', console.path('projects', P)),
        ('overview-filtered', console.path('projects', P, rooms_q='e', users_q='a')),
        ('overview-page2', console.path('projects', P, rooms_page='2', users_page='2')),
        ('room', console.path('projects', P, 'rooms', 'lobby')),
        ('room-slash-space', console.path('projects', P, 'rooms', 'team/alpha room')),
        ('room-hostile', console.path('projects', P, 'rooms', hostile.ROOM)),
        ('room-hostile-id', console.path('projects', P, 'rooms', 'hostile id')),
        ('user', console.path('projects', P, 'users', 'user-1')),
        ('user-filtered', console.path('projects', P, 'users', 'user-1', q='o')),
        ('user-hostile', console.path('projects', P, 'users', hostile.USER)),
        ('user-javascript-id', console.path('projects', P, 'users', hostile.USER2)),
        ('grant-unrecognised', console.path('projects', P, 'grants', 'team/alpha room', 'user-13')),
        ('grant-hostile', console.path('projects', P, 'grants', hostile.ROOM, hostile.USER)),
        ('access', console.path('projects', P, 'access')),
        ('access-can', console.path('projects', P, 'access', ask='can', user='user-13', check='storage.can_write',
                                    path='/reports/q3.csv')),
        ('access-who', console.path('projects', P, 'access', ask='who', check='admin.config')),
        ('access-who-hostile', console.path('projects', P, 'access', ask='who', check='queues.can_send',
                                            queue=hostile.IMG)),
        ('audit', console.path('projects', P, 'audit')),
        ('risks', console.path('projects', P, 'risks')),
        ('risks-hostile', console.path('projects', P, 'risks', flag='admin', room='evil')),
        ('matrix', console.path('projects', P, 'matrix')),
        ('matrix-hostile', console.path('projects', P, 'matrix', rooms_q='evil', users_q='user-')),
        ('not-found', console.path('projects', P, 'rooms', 'no such room')),
        # The editor's and admin pages (GET only), so the whole console shares one look and passes axe.
        ('editor-new', console.path('projects', P, 'grants', 'new', room='lobby')),
        ('editor-edit', console.path('projects', P, 'grants', 'team/alpha room', 'user-13', 'edit')),
        ('editor-edit-hostile', console.path('projects', P, 'grants', hostile.ROOM, hostile.USER, 'edit')),
        ('editor-delete', console.path('projects', P, 'grants', 'team/alpha room', 'user-13', 'delete')),
        ('rooms', console.path('projects', P, 'rooms')),
        ('room-edit', console.path('projects', P, 'rooms', 'lobby', 'edit')),
        ('room-edit-hostile', console.path('projects', P, 'rooms', hostile.ROOM, 'edit')),
        ('room-delete', console.path('projects', P, 'rooms', 'lobby', 'delete')),
        ('members', console.path('projects', P, 'members')),
        ('member', console.path('projects', P, 'members', 'user-1')),
        ('member-delete', console.path('projects', P, 'members', 'user-1', 'delete')),
        # Operations (GET only: the previews and forms; progress pages are in test_operations.py).
        ('offboard-hostile', console.path('projects', P, 'users', hostile.USER, 'offboard')),
        ('bulk', console.path('projects', P, 'bulk', room='lobby')),
        ('copy-hostile', console.path('projects', P, 'rooms', hostile.ROOM, 'copy')),
    ]


def page_ids():
    from conftest import Console
    return [name for name, _ in pages(Console())]


def assert_inert(driver, name):
    """Nothing hostile ran or was injected into the DOM."""
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        pytest.fail(f'{name}: an alert opened: {text}')
    except NoAlertPresentException:
        pass
    assert driver.execute_script('return window.__xss') is None, f'{name}: injected script ran'
    injected = driver.execute_script("""
        const found = [];
        for (const img of document.querySelectorAll('img')) {
          if (!img.src.includes('/static/')) found.push('img ' + img.outerHTML.slice(0, 80));
        }
        for (const script of document.scripts) {
          const ours = ['/static/js/app.js', '/static/js/editor.js', '/static/js/operations.js'].some((path) => script.src.endsWith(path));
          if (!ours) found.push('script ' + script.outerHTML.slice(0, 80));
        }
        for (const el of document.querySelectorAll('*')) {
          for (const attr of el.attributes) {
            if (attr.name.startsWith('on') || attr.name === 'autofocus' || attr.name === 'style') found.push(el.tagName + ' @' + attr.name);
          }
        }
        for (const el of document.querySelectorAll('a[href], form[action]')) {
          // getAttribute, not .action: a form field named "action" shadows the property.
          const url = new URL(el.getAttribute('href') ?? el.getAttribute('action'), location.href).href;
          if (!url.startsWith(location.origin + '/')) found.push('link ' + url.slice(0, 80));
        }
        return found;
    """)
    assert injected == [], f'{name}: injected elements or attributes: {injected}'
    csp = [entry['message'] for entry in driver.get_log('browser') if 'Content Security Policy' in entry['message']]
    assert csp == [], f'{name}: CSP blocked something, so something was injected: {csp}'


def test_deep_link_survives_sign_in(fresh_driver, console):
    target = console.path('projects', P, 'grants', 'team/alpha room', 'user-13')
    fresh_driver.get(target)
    assert urllib.parse.urlparse(fresh_driver.current_url).path == '/login'
    save_screenshot(fresh_driver, console, 'login')
    sign_in(fresh_driver, console, console.reviewer, start=target)
    assert fresh_driver.current_url == target
    assert 'user-13' in fresh_driver.find_element(By.CSS_SELECTOR, '.page-header').text


def test_forged_post_by_reviewer_is_refused(reviewer_driver, console):
    reviewer_driver.get(console.path('projects', P, 'grants', 'team/alpha room', 'user-13'))
    status = reviewer_driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const csrf = document.querySelector('input[name=csrf]').value;
        const body = new URLSearchParams({csrf: csrf});
        fetch(arguments[0], {method: 'POST', body: body, credentials: 'same-origin', redirect: 'manual'})
          .then(r => done(r.status), e => done(String(e)));
    """, console.path('projects', P, 'grants', 'team/alpha room', 'user-13', 'delete'))
    assert status == 403
    reviewer_driver.get(console.path('projects', P, 'grants', 'team/alpha room', 'user-13'))
    assert 'user-13' in reviewer_driver.find_element(By.CSS_SELECTOR, '.page-header').text


@pytest.mark.parametrize('name', page_ids())
def test_every_page_renders_inert_accessible_and_photographed(admin_driver, console, name):
    url = dict(pages(console))[name]
    admin_driver.set_window_size(1366, 900)
    admin_driver.get(url)
    WebDriverWait(admin_driver, 10).until(lambda d: d.execute_script('return document.readyState') == 'complete')
    assert admin_driver.find_element(By.TAG_NAME, 'h1').text.strip() != ''
    if name == 'not-found':
        assert 'no' in admin_driver.find_element(By.CSS_SELECTOR, '.error-message').text.lower()
    else:
        assert admin_driver.find_elements(By.CSS_SELECTOR, '.error-page') == [], f'{name} shows an error page'
    assert_inert(admin_driver, name)
    axe = Axe(admin_driver)
    axe.inject()
    results = axe.run()
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
               for v in results['violations'] if v['impact'] in ('serious', 'critical')]
    assert serious == [], f'{name}: axe violations: {serious}'
    save_screenshot(admin_driver, console, f'admin-{name}')


@pytest.mark.parametrize('name', ['overview', 'room-hostile', 'grant-unrecognised', 'access-can', 'audit', 'risks', 'matrix'])
def test_phone_width(console, name):
    driver = new_driver(width=390, height=844)
    try:
        sign_in(driver, console, console.reviewer, start=dict(pages(console))[name])
        overflow = driver.execute_script('return document.documentElement.scrollWidth - window.innerWidth')
        assert overflow <= 1, f'{name} scrolls sideways by {overflow}px at phone width'
        assert_inert(driver, name)
        save_screenshot(driver, console, f'phone-{name}')
    finally:
        driver.quit()


EDIT_SELECTORS = [
    'a[href$="/edit"]', 'a[href$="/delete"]', 'form[action$="/delete"]', 'a[href*="/grants/new"]',
    'form[method="post"]:not(.logout-form)',
]


@pytest.mark.parametrize('name', ['overview', 'room', 'user', 'grant-unrecognised', 'grant-hostile', 'room-hostile'])
def test_reviewer_sees_no_edit_controls(reviewer_driver, admin_driver, console, name):
    url = dict(pages(console))[name]
    reviewer_driver.get(url)
    for selector in EDIT_SELECTORS:
        assert reviewer_driver.find_elements(By.CSS_SELECTOR, selector) == [], f'reviewer sees {selector} on {name}'
    save_screenshot(reviewer_driver, console, f'reviewer-{name}')
    admin_driver.get(url)
    assert any(admin_driver.find_elements(By.CSS_SELECTOR, selector) for selector in EDIT_SELECTORS), \
        f'admin sees no edit control on {name}'


def test_table_filter_and_shortcuts(admin_driver, console):
    admin_driver.get(console.path('projects', P))
    admin_driver.find_element(By.TAG_NAME, 'body').send_keys('/')
    active = admin_driver.switch_to.active_element
    assert active.get_attribute('id') == 'rooms-q'
    admin_driver.find_element(By.TAG_NAME, 'body').click()
    admin_driver.find_element(By.TAG_NAME, 'body').send_keys('g')
    admin_driver.find_element(By.TAG_NAME, 'body').send_keys('p')
    WebDriverWait(admin_driver, 5).until(lambda d: urllib.parse.urlparse(d.current_url).path == '/projects')
    admin_driver.get(console.path('projects', P, 'access', ask='who', check='admin.config'))
    rows = admin_driver.find_elements(By.CSS_SELECTOR, '#who-results tbody tr:not(.group-head)')
    assert len(rows) >= 2
    box = admin_driver.find_element(By.CSS_SELECTOR, '#who-results .table-filter input')
    first_user = rows[0].find_element(By.CSS_SELECTOR, 'td').text
    box.send_keys(first_user)
    visible = [row for row in rows if row.is_displayed()]
    assert 1 <= len(visible) < len(rows)


@pytest.mark.parametrize('name', ['overview', 'grant-hostile', 'access-can', 'audit'])
def test_dark_scheme_is_readable(console, name):
    driver = new_driver()
    try:
        driver.execute_cdp_cmd('Emulation.setEmulatedMedia',
                               {'features': [{'name': 'prefers-color-scheme', 'value': 'dark'}]})
        sign_in(driver, console, console.admin, start=dict(pages(console))[name])
        assert driver.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
        axe = Axe(driver)
        axe.inject()
        results = axe.run()
        serious = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
                   for v in results['violations'] if v['impact'] in ('serious', 'critical')]
        assert serious == [], f'{name} (dark): {serious}'
        save_screenshot(driver, console, f'dark-{name}')
    finally:
        driver.quit()


def test_choosing_a_check_shows_its_fields(admin_driver, console):
    from selenium.webdriver.support.ui import Select
    admin_driver.get(console.path('projects', P, 'access'))
    admin_driver.find_element(By.ID, 'can-user').send_keys('user-13')
    Select(admin_driver.find_element(By.ID, 'can-check')).select_by_value('storage.can_write')
    WebDriverWait(admin_driver, 10).until(lambda d: d.find_elements(By.ID, 'can-path'))
    assert admin_driver.find_element(By.ID, 'can-user').get_attribute('value') == 'user-13'
    assert admin_driver.find_elements(By.CSS_SELECTOR, '.field-error') == []
    admin_driver.find_element(By.ID, 'can-path').send_keys('/reports/q3.csv')
    admin_driver.find_element(By.CSS_SELECTOR, '#can button[type=submit]').click()
    WebDriverWait(admin_driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '.decision'))
    texts = [d.text for d in admin_driver.find_elements(By.CSS_SELECTOR, '.decision')]
    assert any('team/alpha room' in t and 'read-only' in t for t in texts), texts


def test_pages_work_without_javascript(console):
    driver = new_driver(scripts=False)
    try:
        sign_in(driver, console, console.reviewer, start=console.path('projects', P))
        assert 'js' not in (driver.find_element(By.TAG_NAME, 'html').get_attribute('class') or '')
        driver.find_element(By.ID, 'rooms-q').send_keys('alpha')
        driver.find_element(By.CSS_SELECTOR, '#rooms form button[type=submit]').click()
        WebDriverWait(driver, 10).until(lambda d: 'rooms_q=alpha' in d.current_url)
        rows = driver.find_elements(By.CSS_SELECTOR, '#rooms tbody tr')
        assert [r.find_element(By.TAG_NAME, 'a').text for r in rows] == ['team/alpha room']
        rows[0].find_element(By.TAG_NAME, 'a').click()
        WebDriverWait(driver, 10).until(lambda d: '/rooms/' in d.current_url)
        driver.find_elements(By.CSS_SELECTOR, 'td.actions a')[0].click()
        WebDriverWait(driver, 10).until(lambda d: '/grants/' in d.current_url)
        assert driver.find_elements(By.CSS_SELECTOR, '.scope-section')
    finally:
        driver.quit()

