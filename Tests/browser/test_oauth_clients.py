"""OAuth clients in real Chromium: create shows the secret once with a copy
button and a warning, the detail page never shows it, editing validates
redirect URIs and keeps the input, deleting asks first; hostile metadata
renders inert; reviewers read only. Runs in the pages harness
(scripts/browser-tests.sh, conftest.py)."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import new_driver, save_screenshot, sign_in

P = 'default'
HOSTILE = '"><img src=x onerror=alert(1)></script><script>alert(2)</script>'


def fill(driver, name, text):
    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(text)


def submit(driver):
    driver.find_element(By.CSS_SELECTOR, 'form.admin-form button[type=submit], form.confirm-form button[type=submit]').click()


def create_client(driver, console, scope='openid email'):
    driver.get(console.path('projects', P, 'oauth-clients', 'new'))
    fill(driver, 'redirect_uris', 'https://app.example/callback\nhttp://127.0.0.1:8765/cb')
    fill(driver, 'scope', scope)
    fill(driver, 'metadata', '{"owner": %s}' % ('"' + HOSTILE.replace('"', '\\"') + '"'))
    submit(driver)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, 'client-secret'))
    return driver.find_element(By.ID, 'created-client-id').text, driver.find_element(By.ID, 'client-secret').text


def test_create_shows_the_secret_once_with_copy_and_warning(admin_driver, console):
    client_id, secret = create_client(admin_driver, console)
    assert re.fullmatch(r'[A-Za-z0-9_-]{43}', secret), secret
    assert 'will not be shown again' in admin_driver.find_element(By.CSS_SELECTOR, '.callout-warning').text
    # app.js gives the secret's <pre data-copy> a Copy button.
    buttons = admin_driver.find_elements(By.CSS_SELECTOR, '.copy-btn')
    assert buttons and buttons[0].is_displayed()
    assert admin_driver.execute_script('return window.__xss') is None
    owner = admin_driver.find_element(By.XPATH, "//dt[.='Metadata']/following-sibling::dd[1]//td[2]")
    assert owner.text == HOSTILE
    save_screenshot(admin_driver, console, 'oauth-client-created')

    admin_driver.find_element(By.PARTIAL_LINK_TEXT, 'go to the client').click()
    WebDriverWait(admin_driver, 10).until(lambda d: client_id in d.current_url)
    assert secret not in admin_driver.page_source
    assert 'cannot be shown again' in admin_driver.page_source
    admin_driver.get(console.path('projects', P, 'oauth-clients'))
    assert client_id in admin_driver.find_element(By.CSS_SELECTOR, 'table.data').text
    assert secret not in admin_driver.page_source


def test_edit_refuses_a_plain_http_redirect_and_keeps_the_input_then_saves(admin_driver, console):
    client_id, _ = create_client(admin_driver, console, scope='before')
    admin_driver.get(console.path('projects', P, 'oauth-clients', client_id, 'edit'))
    fill(admin_driver, 'redirect_uris', 'http://app.example/cb')
    fill(admin_driver, 'scope', 'after')
    submit(admin_driver)
    error = admin_driver.find_element(By.ID, 'oauth-redirect-uris-error')
    assert 'not loopback' in error.text
    assert admin_driver.find_element(By.NAME, 'redirect_uris').get_attribute('value') == 'http://app.example/cb'
    assert admin_driver.find_element(By.NAME, 'redirect_uris').get_attribute('aria-invalid') == 'true'
    save_screenshot(admin_driver, console, 'oauth-client-edit-error')
    fill(admin_driver, 'redirect_uris', 'https://app.example/cb')
    submit(admin_driver)
    WebDriverWait(admin_driver, 10).until(lambda d: d.current_url.endswith('/oauth-clients/' + client_id))
    assert 'saved' in admin_driver.find_element(By.CSS_SELECTOR, '.flash, [role=status], .callout').text
    assert 'after' in admin_driver.find_element(By.CSS_SELECTOR, 'dl.details').text


def test_delete_asks_then_deletes(admin_driver, console):
    client_id, _ = create_client(admin_driver, console)
    admin_driver.get(console.path('projects', P, 'oauth-clients', client_id))
    admin_driver.find_element(By.LINK_TEXT, 'Delete…').click()
    WebDriverWait(admin_driver, 10).until(lambda d: d.current_url.endswith('/delete'))
    assert 'cannot be undone' in admin_driver.page_source
    submit(admin_driver)
    WebDriverWait(admin_driver, 10).until(lambda d: d.current_url.endswith('/oauth-clients'))
    assert 'deleted' in admin_driver.page_source
    assert not admin_driver.find_elements(By.LINK_TEXT, client_id)


def test_reviewer_reads_the_list_without_forms(reviewer_driver, admin_driver, console):
    client_id, _ = create_client(admin_driver, console)
    reviewer_driver.get(console.path('projects', P, 'oauth-clients'))
    assert client_id in reviewer_driver.page_source
    assert not reviewer_driver.find_elements(By.LINK_TEXT, 'New OAuth client')
    reviewer_driver.get(console.path('projects', P, 'oauth-clients', client_id))
    assert not reviewer_driver.find_elements(By.LINK_TEXT, 'Edit')
    reviewer_driver.get(console.path('projects', P, 'oauth-clients', 'new'))
    assert 'reviewer account' in reviewer_driver.page_source


def test_create_works_without_javascript(console):
    driver = new_driver(scripts=False)
    try:
        sign_in(driver, console, console.admin)
        client_id, secret = create_client(driver, console)
        assert client_id and len(secret) == 43
    finally:
        driver.quit()
