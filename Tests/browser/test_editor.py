"""The grant editor in real Chromium: create, edit and delete a grant through
the form and through the JSON tab; keys GrantDesk does not recognise survive
an edit. Runs in the pages harness (scripts/browser-tests.sh, conftest.py)."""
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import save_screenshot

P = 'default'
KNOWN_SECTIONS = {'livekit', 'queues', 'messaging', 'dataset', 'database', 'datasets', 'memory', 'sync', 'storage',
                  'containers', 'developer', 'agents', 'llm', 'admin', 'secrets', 'tunnels', 'services'}


def css(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector)


def click(driver, element):
    """Clicks after scrolling the element to the middle (clear of the sticky action bar)."""
    driver.execute_script('arguments[0].scrollIntoView({block: "center"})', element)
    element.click()


def press(driver, name, value):
    """Clicks the submit button `name=value` and waits for the next page."""
    old = css(driver, 'html')
    click(driver, css(driver, f'button[name="{name}"][value="{value}"]'))
    WebDriverWait(driver, 15).until(lambda d: old.id != css(d, 'html').id)


def field(driver, name):
    return css(driver, f'[name="{name}"]')


def set_text(driver, name, text):
    element = field(driver, name)
    driver.execute_script('arguments[0].scrollIntoView({block: "center"})', element)
    element.clear()
    element.send_keys(text)


def flash_text(driver):
    return ' '.join(e.text for e in driver.find_elements(By.CSS_SELECTOR, '.flash'))


def free_user(driver, console, room):
    """A demo user without a grant in `room`."""
    for number in range(1, 40):
        user = f'user-{number}'
        driver.get(console.path('projects', P, 'grants', room, user))
        if 'no grant' in driver.page_source.lower() or 'not found' in driver.title.lower():
            return user
    raise AssertionError('every demo user already has a grant in ' + room)


def open_json_tab(driver):
    press(driver, 'action', 'view-json')
    return json.loads(field(driver, 'json').get_attribute('value'))


def test_create_edit_delete_through_form_and_json(admin_driver, console):
    driver = admin_driver
    user = free_user(driver, console, 'lobby')

    # Create through the form, starting from a preset.
    driver.get(console.path('projects', P, 'grants', 'new', room='lobby', user=user))
    assert field(driver, 'user_id').get_attribute('value') == user
    press(driver, 'preset', 'user_default')
    click(driver, css(driver, 'input[name="r.queues.send"][value="only"]'))
    set_text(driver, 't.queues.send', 'alpha\nbeta')
    # editor.js adds a row in place; the new row's fields are numbered on.
    click(driver, css(driver, 'input[name="r.dataset.tables"][value="only"]'))
    click(driver, css(driver, '#field-dataset-tables .add-row'))
    assert field(driver, 'n.dataset.tables').get_attribute('value') == '3'
    set_text(driver, 'w.dataset.tables.2.name', 'orders')
    save_screenshot(driver, console, 'editor-new')
    press(driver, 'action', 'review')
    assert 'Adds the queues section' in driver.page_source
    assert 'orders' in driver.page_source
    assert 'This change gives more access than before' in driver.page_source
    save_screenshot(driver, console, 'editor-review-new')
    press(driver, 'action', 'confirm')
    assert driver.current_url.endswith(f'/projects/{P}/grants/lobby/{user}')
    assert 'Grant created' in flash_text(driver)

    # Edit through the form: narrowing shows no widening warning.
    driver.get(console.path('projects', P, 'grants', 'lobby', user, 'edit'))
    assert field(driver, 't.queues.send').get_attribute('value') == 'alpha\nbeta'
    set_text(driver, 't.queues.send', 'alpha')
    press(driver, 'action', 'review')
    assert 'from queues.send' in driver.page_source and 'beta' in driver.page_source
    assert 'This change gives more access than before' not in driver.page_source
    press(driver, 'action', 'confirm')
    assert 'Grant saved' in flash_text(driver)

    # Edit through the JSON tab.
    driver.get(console.path('projects', P, 'grants', 'lobby', user, 'edit'))
    scope = open_json_tab(driver)
    assert scope['queues']['send'] == ['alpha']
    scope['queues']['send'] = ['gamma']
    scope['tunnels'] = {'ports': ['8080']}
    set_text(driver, 'json', json.dumps(scope))
    save_screenshot(driver, console, 'editor-json')
    press(driver, 'action', 'review')
    assert 'tunnels' in driver.page_source
    press(driver, 'action', 'confirm')
    assert 'Grant saved' in flash_text(driver)
    driver.get(console.path('projects', P, 'grants', 'lobby', user, 'edit'))
    saved = open_json_tab(driver)
    assert saved['queues']['send'] == ['gamma']
    assert saved['tunnels'] == {'ports': ['8080']}

    # A JSON error names the path and keeps the text.
    broken = '{"queues": {"send": "not a list"}}'
    set_text(driver, 'json', broken)
    press(driver, 'action', 'review')
    assert 'queues.send: must be a list of strings' in driver.page_source
    assert field(driver, 'json').get_attribute('value') == broken
    save_screenshot(driver, console, 'editor-json-error')

    # Delete, after a confirmation page.
    driver.get(console.path('projects', P, 'grants', 'lobby', user, 'delete'))
    save_screenshot(driver, console, 'editor-delete')
    old = css(driver, 'html')
    click(driver, css(driver, 'form.confirm-form button[type=submit]'))
    WebDriverWait(driver, 15).until(lambda d: old.id != css(d, 'html').id)
    assert driver.current_url.endswith(f'/projects/{P}/rooms/lobby')
    assert 'Grant deleted' in flash_text(driver)


def test_unknown_keys_survive_an_edit(admin_driver, console):
    driver = admin_driver
    edit = console.path('projects', P, 'grants', 'team/alpha room', 'user-13', 'edit')
    driver.get(edit)
    before = open_json_tab(driver)
    unknown = {key: value for key, value in before.items() if key not in KNOWN_SECTIONS}
    assert unknown, 'the demo grant should carry unrecognised sections'
    press(driver, 'action', 'view-form')
    assert 'Kept as is' in driver.page_source
    save_screenshot(driver, console, 'editor-unknown-keys')
    # Change something through the form: switch the LLM section over.
    click(driver, field(driver, 'sec.llm'))
    press(driver, 'action', 'review')
    press(driver, 'action', 'confirm')
    assert 'Grant saved' in flash_text(driver)
    driver.get(edit)
    after = open_json_tab(driver)
    assert {key: after.get(key) for key in unknown} == unknown
    assert ('llm' in after) != ('llm' in before)
