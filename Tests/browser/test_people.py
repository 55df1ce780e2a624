"""What a person sees, in real Chromium: the editor's section switches sit
beside their labels, tables name people (id smaller and muted after the
name), the access page's user field picks by name, email or id, also
without JavaScript, and checks read in words. Runs in the pages harness
(scripts/browser-tests.sh, conftest.py)."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import new_driver, save_screenshot, sign_in

P = 'default'

# Where each section switch's knob ends and where its label's text begins, in
# CSS pixels. The knob is the input's ::after; its box comes from the computed
# style (left, width and the translateX of a checked switch).
SWITCH_GEOMETRY = """
return Array.from(document.querySelectorAll('label.section-toggle')).map(label => {
  const input = label.querySelector('input');
  const box = input.getBoundingClientRect();
  const knob = getComputedStyle(input, '::after');
  const shift = knob.transform && knob.transform !== 'none' ? new DOMMatrix(knob.transform).m41 : 0;
  const knobRight = box.left + parseFloat(knob.left || 0) + parseFloat(knob.width || 0) + shift;
  const text = Array.from(label.childNodes).find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const range = document.createRange();
  range.selectNodeContents(text);
  const letters = range.getBoundingClientRect();
  return {name: text.textContent.trim(), checked: input.checked, inputRight: box.right, knobRight: knobRight,
          textLeft: letters.left, inputTop: box.top, inputBottom: box.bottom, textTop: letters.top, textBottom: letters.bottom};
});
"""


def test_section_switch_sits_beside_its_label(admin_driver, console):
    admin_driver.get(console.path('projects', P, 'grants', 'lobby', 'user-1', 'edit'))
    switches = admin_driver.execute_script(SWITCH_GEOMETRY)
    assert len(switches) >= 10, switches
    assert any(s['checked'] for s in switches) and any(not s['checked'] for s in switches)
    for switch in switches:
        # Neither the track nor the knob (on or off) reaches the first letter.
        assert switch['inputRight'] <= switch['textLeft'], switch
        assert switch['knobRight'] <= switch['inputRight'] + 0.5, switch
        assert switch['knobRight'] < switch['textLeft'], switch
    save_screenshot(admin_driver, console, 'people-editor')


def test_editor_breadcrumb_names_the_project(admin_driver, console):
    admin_driver.get(console.path('projects', P, 'grants', 'new'))
    crumbs = [e.text for e in admin_driver.find_elements(By.CSS_SELECTOR, '.breadcrumbs li')]
    assert crumbs[:2] == ['Projects', 'Demo project'], crumbs


def test_room_table_names_people_with_the_id_muted(reviewer_driver, console):
    reviewer_driver.get(console.path('projects', P, 'rooms', 'lobby'))
    cell = next(c for c in reviewer_driver.find_elements(By.CSS_SELECTOR, 'td.primary-cell')
                if c.find_element(By.TAG_NAME, 'a').text == 'Ada Lovelace')
    assert 'ada.lovelace@example.com' in cell.text
    ident = cell.find_element(By.CSS_SELECTOR, '.sub.id')
    assert ident.text == 'user-1'
    name = cell.find_element(By.TAG_NAME, 'a')
    size = lambda e: float(e.value_of_css_property('font-size').removesuffix('px'))
    assert size(ident) < size(name)
    assert ident.value_of_css_property('color') != name.value_of_css_property('color')


def test_access_page_picks_a_person_and_says_checks_in_words(admin_driver, console):
    admin_driver.get(console.path('projects', P, 'access'))
    options = admin_driver.find_elements(By.CSS_SELECTOR, '#can-people option')
    labels = {o.get_attribute('value'): o.get_attribute('label') for o in options}
    assert labels.get('user-1') == 'Ada Lovelace <ada.lovelace@example.com>', list(labels.items())[:3]
    menu = [o.text for o in Select(admin_driver.find_element(By.ID, 'can-check')).options]
    assert 'Write to a table — dataset.can_write(table)' in menu
    user = admin_driver.find_element(By.ID, 'can-user')
    user.send_keys('ada.lovelace@example.com')
    Select(admin_driver.find_element(By.ID, 'can-check')).select_by_value('queues.list')
    WebDriverWait(admin_driver, 10).until(lambda d: 'pick=1' in d.current_url)
    admin_driver.find_element(By.CSS_SELECTOR, '#can button[type=submit]').click()
    WebDriverWait(admin_driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '.asked-about'))
    assert 'Ada Lovelace' in admin_driver.find_element(By.CSS_SELECTOR, '.asked-about').text
    assert 'List queues' in admin_driver.find_element(By.CSS_SELECTOR, '.asked-about').text
    assert admin_driver.find_element(By.ID, 'can-user').get_attribute('value') == 'user-1'
    admin_driver.find_element(By.ID, 'can').screenshot(str(console.screenshots / 'people-access-can.png'))
    save_screenshot(admin_driver, console, 'people-access')


def test_picker_works_without_javascript(console):
    driver = new_driver(scripts=False)
    try:
        sign_in(driver, console, console.reviewer, start=console.path('projects', P, 'access'))
        # Part of a name, typed into the plain field, a check chosen, a plain submit.
        driver.find_element(By.ID, 'can-user').send_keys('lovelace')
        Select(driver.find_element(By.ID, 'can-check')).select_by_value('queues.list')
        old = driver.find_element(By.TAG_NAME, 'html')
        driver.find_element(By.CSS_SELECTOR, '#can button[type=submit]').click()
        WebDriverWait(driver, 10).until(lambda d: old.id != d.find_element(By.TAG_NAME, 'html').id)
        assert 'Ada Lovelace' in driver.find_element(By.CSS_SELECTOR, '.asked-about').text
        assert driver.find_elements(By.CSS_SELECTOR, '.decision')
        # Text that matches several members asks to pick one; a pick is a plain link.
        field = driver.find_element(By.ID, 'can-user')
        field.clear()
        field.send_keys('ar')
        old = driver.find_element(By.TAG_NAME, 'html')
        driver.find_element(By.CSS_SELECTOR, '#can button[type=submit]').click()
        WebDriverWait(driver, 10).until(lambda d: old.id != d.find_element(By.TAG_NAME, 'html').id)
        assert 'Several members match' in driver.find_element(By.CSS_SELECTOR, '#can .field-error').text
        assert not driver.find_elements(By.CSS_SELECTOR, '.decision')
        driver.find_element(By.PARTIAL_LINK_TEXT, 'Margaret Hamilton').click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '.asked-about'))
        assert 'Margaret Hamilton' in driver.find_element(By.CSS_SELECTOR, '.asked-about').text
        assert driver.find_element(By.ID, 'can-user').get_attribute('value') == 'user-6'
    finally:
        driver.quit()
