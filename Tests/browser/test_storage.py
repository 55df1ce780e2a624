"""Project storage in real Chromium: upload with progress (storage.js), the
same form without JavaScript, a file over the limit refused before sending,
download, delete with confirmation, a refused path explained; reviewers
browse only. Runs in the pages harness (scripts/browser-tests.sh, conftest.py)."""
import os
import tempfile
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import new_driver, save_screenshot, sign_in

P = 'default'


def local_file(name, content):
    folder = tempfile.mkdtemp(prefix='gd-storage-')
    path = os.path.join(folder, name)
    with open(path, 'wb') as handle:
        handle.write(content)
    return path


def upload(driver, console, folder, path):
    driver.get(console.path('projects', P, 'storage', path=folder))
    driver.find_element(By.ID, 'upload-file').send_keys(path)
    driver.find_element(By.CSS_SELECTOR, '#storage-upload button[type=submit]').click()


def fetch_text(driver, url):
    return driver.execute_async_script(
        'const done = arguments[arguments.length - 1];'
        'fetch(arguments[0]).then(r => r.text().then(t => done([r.status, t, r.headers.get("content-disposition")])));', url)


def test_upload_with_progress_then_download_and_delete(admin_driver, console):
    folder = 'browser-' + uuid.uuid4().hex[:8]
    content = os.urandom(64).hex() * 4000  # ~512 KiB of text
    path = local_file('notes.txt', content.encode())
    upload(admin_driver, console, folder, path)
    WebDriverWait(admin_driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, '#storage-entries a.storage-file'))
    assert 'notes.txt' in admin_driver.find_element(By.ID, 'storage-entries').text
    assert 'Uploaded' in admin_driver.page_source
    save_screenshot(admin_driver, console, 'storage-folder')
    link = admin_driver.find_element(By.LINK_TEXT, 'notes.txt').get_attribute('href')
    status, text, disposition = fetch_text(admin_driver, link)
    assert status == 200 and text == content and disposition.startswith('attachment')

    admin_driver.find_element(By.LINK_TEXT, 'Delete…').click()
    WebDriverWait(admin_driver, 10).until(lambda d: 'cannot be undone' in d.page_source)
    admin_driver.find_element(By.CSS_SELECTOR, 'form.confirm-form button[type=submit]').click()
    WebDriverWait(admin_driver, 10).until(lambda d: 'Deleted' in d.page_source)
    status, _, _ = fetch_text(admin_driver, link)
    assert status == 404


def test_a_file_over_the_limit_is_refused_before_sending(admin_driver, console):
    path = local_file('big.bin', b'\0' * (100 * 1024 * 1024 + 1))
    upload(admin_driver, console, '', path)
    status = WebDriverWait(admin_driver, 10).until(lambda d: d.find_element(By.ID, 'upload-status').text)
    assert 'larger than 100.0 MiB' in status and 'not uploaded' in status
    assert 'big.bin' not in admin_driver.find_element(By.TAG_NAME, 'main').text.replace(status, '')


def test_upload_without_javascript_and_a_refused_path(console):
    driver = new_driver(scripts=False)
    try:
        sign_in(driver, console, console.admin)
        folder = 'nojs-' + uuid.uuid4().hex[:8]
        upload(driver, console, folder, local_file('plain.csv', b'a,b\n1,2\n'))
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.LINK_TEXT, 'plain.csv'))
        driver.get(console.path('projects', P, 'storage'))
        driver.find_element(By.ID, 'upload-folder').send_keys('../outside')
        driver.find_element(By.ID, 'upload-file').send_keys(local_file('x.txt', b'x'))
        driver.find_element(By.CSS_SELECTOR, '#storage-upload button[type=submit]').click()
        error = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, 'storage-error'))
        assert 'Refused path' in error.text and 'Nothing was uploaded' in error.text
        driver.get(console.path('projects', P, 'storage', 'download', path='no/such/file.txt'))
        assert 'There is no file' in driver.page_source
    finally:
        driver.quit()


def test_reviewer_browses_without_upload_or_delete(reviewer_driver, admin_driver, console):
    folder = 'shared-' + uuid.uuid4().hex[:8]
    upload(admin_driver, console, folder, local_file('shared.txt', b'hello'))
    WebDriverWait(admin_driver, 20).until(lambda d: d.find_elements(By.LINK_TEXT, 'shared.txt'))
    reviewer_driver.get(console.path('projects', P, 'storage', path=folder))
    assert reviewer_driver.find_elements(By.LINK_TEXT, 'shared.txt')
    assert not reviewer_driver.find_elements(By.ID, 'storage-upload')
    assert not reviewer_driver.find_elements(By.LINK_TEXT, 'Delete…')
