"""Shared fixtures for GrantDesk's browser tests (pages and editor).

scripts/browser-tests.sh starts `grantdesk serve`, creates the users and
seeds the data, then runs pytest with these environment variables:

  GRANTDESK_URL            the console, e.g. http://127.0.0.1:34141
  GRANTDESK_ADMIN          admin name:password
  GRANTDESK_REVIEWER       reviewer name:password
  GRANTDESK_ACCOUNTS_DB    the embedded accounts API's SQLite file (for seeding)
  GRANTDESK_API_URL        the embedded accounts API (if started separately)
  GRANTDESK_API_TOKEN      its bearer token
  GRANTDESK_SCREENSHOTS    where screenshots go (default build/screenshots)
  GRANTDESK_BIN            the grantdesk binary (test_oidc.py starts a second console with it)
"""
import os
import pathlib
import urllib.parse

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

# Runs before any page script: turns alert/confirm/prompt into a marker the
# tests read, so an injected script cannot hide by blocking on a dialog.
XSS_TRAP = """
window.__xss = undefined;
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = function () { window.__xss = 'called ' + name; return true; };
}
"""


def _credentials(variable, default):
    name, _, password = os.environ.get(variable, default).partition(':')
    return name, password


class Console:
    """The console under test and how to reach it."""

    def __init__(self):
        self.url = os.environ.get('GRANTDESK_URL', 'http://127.0.0.1:8443').rstrip('/')
        self.admin = _credentials('GRANTDESK_ADMIN', 'admin:admin')
        self.reviewer = _credentials('GRANTDESK_REVIEWER', 'reviewer:reviewer')
        self.accounts_db = os.environ.get('GRANTDESK_ACCOUNTS_DB')
        self.api_url = os.environ.get('GRANTDESK_API_URL')
        self.api_token = os.environ.get('GRANTDESK_API_TOKEN')
        self.screenshots = pathlib.Path(os.environ.get('GRANTDESK_SCREENSHOTS', 'build/screenshots'))
        self.screenshots.mkdir(parents=True, exist_ok=True)

    def path(self, *segments, **query):
        """A console URL from raw path segments, each percent-encoded."""
        path = '/' + '/'.join(urllib.parse.quote(segment, safe='') for segment in segments)
        if query:
            path += '?' + urllib.parse.urlencode(query)
        return self.url + path


@pytest.fixture(scope='session')
def console():
    return Console()


def new_driver(width=1366, height=900, scripts=True):
    """Headless Chromium; scripts=False is a browser with JavaScript off."""
    options = webdriver.ChromeOptions()
    for argument in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu',
                     f'--window-size={width},{height}', '--lang=en-US'):
        options.add_argument(argument)
    if not scripts:
        options.add_argument('--blink-settings=scriptEnabled=false')
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    driver = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=options)
    driver.execute_cdp_cmd('Page.addScriptToEvaluateOnNewDocument', {'source': XSS_TRAP})
    driver.set_page_load_timeout(30)
    # A form's navigation can begin after click() returns; a short implicit
    # wait lets a lookup on the next page find it instead of failing at once.
    driver.implicitly_wait(2)
    return driver


def sign_in(driver, console, credentials, start=None):
    """Opens `start` (default: the projects page), signs in on the login form it redirects to."""
    driver.get(start or console.url + '/projects')
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.NAME, 'username')))
    driver.find_element(By.NAME, 'username').send_keys(credentials[0])
    driver.find_element(By.NAME, 'password').send_keys(credentials[1])
    driver.find_element(By.CSS_SELECTOR, 'form button[type=submit], form input[type=submit]').click()
    WebDriverWait(driver, 10).until(lambda d: '/login' not in urllib.parse.urlparse(d.current_url).path)


@pytest.fixture(scope='session')
def admin_driver(console):
    driver = new_driver()
    sign_in(driver, console, console.admin)
    yield driver
    driver.quit()


@pytest.fixture(scope='session')
def reviewer_driver(console):
    driver = new_driver()
    sign_in(driver, console, console.reviewer)
    yield driver
    driver.quit()


@pytest.fixture
def fresh_driver():
    driver = new_driver()
    yield driver
    driver.quit()


def save_screenshot(driver, console, name):
    """A full-page screenshot under the screenshots folder."""
    height = driver.execute_script('return Math.min(document.documentElement.scrollHeight, 8000)')
    width = driver.execute_script('return window.innerWidth')
    if height > 2400:
        # Tall pages also get a first-screen shot, readable at a glance.
        driver.save_screenshot(str(console.screenshots / f'{name}-top.png'))
    driver.set_window_size(max(width, 360), max(height + 120, 600))
    path = console.screenshots / f'{name}.png'
    driver.save_screenshot(str(path))
    return path


def click_and_wait(driver, element, timeout=10):
    """Clicks a link or submit button and waits until the next page has
    replaced this one: a form's navigation may start after click() returns,
    and reading the page before then reads the old one, or nothing."""
    old = driver.find_element(By.TAG_NAME, 'html')
    element.click()
    WebDriverWait(driver, timeout).until(lambda d: old.id != d.find_element(By.TAG_NAME, 'html').id)
