"""The page in a real browser (headless Chromium through Selenium): type a wrong figure, see the 错误 beside
its field, fix it, download the .docx and find the golden text in it.

Needs Debian's chromium and chromium-driver (.ci/run installs them); skips where they are missing.
Set WEB_SCREENSHOTS=<folder> to keep the screenshots it takes.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("flask", reason="the web page needs Flask (pip install -e '.[web]')")
webdriver = pytest.importorskip("selenium.webdriver", reason="the browser test needs Selenium (pip install -e '.[test]')")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from helpers import EXAMPLE, GOLDEN, paragraphs  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="headless Chromium not installed (apt-get install chromium chromium-driver)")


@pytest.fixture
def server(tmp_path, monkeypatch):
    from generator.web.server import serve

    monkeypatch.chdir(tmp_path)
    started, holder = threading.Event(), {}
    thread = threading.Thread(target=serve, kwargs=dict(
        browser=False, say=lambda _: None, ready=lambda s: (holder.update(server=s), started.set())))
    thread.start()
    assert started.wait(10)
    yield f"http://127.0.0.1:{holder['server'].server_port}/"
    holder["server"].shutdown()
    thread.join(10)


@pytest.fixture
def browser(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()


def wait(driver, condition, seconds=15):
    return WebDriverWait(driver, seconds).until(lambda d: condition(d))


def summary(driver) -> str:
    return driver.find_element(By.ID, "summary").text


def retype(driver, path: str, text: str) -> None:
    field = driver.find_element(By.CSS_SELECTOR, f'[data-path="{path}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.send_keys(Keys.CONTROL, "a")  # select and delete, as a person would: the page hears each key
    field.send_keys(Keys.DELETE)
    if text:
        field.send_keys(text)


def shot(driver, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("WEB_SCREENSHOTS") or tmp_path.with_name(tmp_path.name + "-shots"))
    folder.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(folder / name))


def test_type_a_wrong_figure_see_the_error_fix_it_and_download_the_golden_draft(server, browser, tmp_path):
    browser.get(server)
    wait(browser, lambda d: summary(d).startswith("检查结果："))
    opener = browser.find_element(By.ID, "open-existing")
    opener.send_keys(str(EXAMPLE))
    ready = "检查结果：错误 0 条，警告 1 条，提示 1 条。可以下载初稿。"
    wait(browser, lambda d: summary(d) == ready)
    assert browser.find_element(By.CSS_SELECTOR, '[data-path="单位.名称"]').get_attribute("value") == "区政府办公室"
    assert "区政府办公室2023年部门预算" in browser.find_element(By.ID, "preview").text

    retype(browser, "收入.合计.本年", "1999.62")
    beside = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-field="收入.合计"] .finding.error'))
    assert beside[0].text == ("错误[BAL-01] 收入合计1999.62万元，一般公共预算＋政府性基金＋专户管理的教育收费＝1909.62万元，"
                              "相差90万元。请核对收入合计与各分项，改正后重新生成。")
    assert summary(browser).startswith("检查结果：错误 2 条")
    assert "收支应当平衡" in browser.find_element(By.CSS_SELECTOR, '[data-field="支出.合计"] .finding.error').text
    shot(browser, tmp_path, "1-finding-beside-field.png")

    retype(browser, "收入.合计.本年", "1909.62")
    wait(browser, lambda d: summary(d) == ready)
    assert browser.find_elements(By.CSS_SELECTOR, ".finding.error") == []

    retype(browser, "机关运行经费.本年", "300")  # a changed sentence is highlighted in the preview
    marked = wait(browser, lambda d: [m.text for m in d.find_elements(By.CSS_SELECTOR, "#preview mark")])
    assert any("机关运行经费" in text and "300万元" in text for text in marked), marked
    preview = browser.find_element(By.CSS_SELECTOR, "#preview mark")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", preview)
    shot(browser, tmp_path, "2-preview-highlight.png")
    retype(browser, "机关运行经费.本年", "448")
    wait(browser, lambda d: summary(d) == ready and "448万元" in d.find_element(By.ID, "preview").text)

    browser.find_element(By.ID, "download-docx").click()
    target = browser.downloads / "2023区政府办公室.docx"
    wait(browser, lambda d: target.exists() and not list(browser.downloads.glob("*.crdownload")), 30)
    time.sleep(0.2)
    expected = [line.strip() for line in (GOLDEN / "expected-2023-区政府办公室.txt").read_text(encoding="utf-8").splitlines()]
    assert paragraphs(target, keep_empty=True) == expected
    assert list(tmp_path.iterdir()) == [], "the server wrote into the folder it was started in"


def test_misspelt_keys_are_kept_and_named_and_last_year_checks_the_last_year_figures(server, browser, tmp_path):
    typo = tmp_path.with_name(tmp_path.name + "-input") / "区政府办公室.yaml"
    typo.parent.mkdir()
    typo.write_text(EXAMPLE.read_text(encoding="utf-8").replace("机关运行经费: 448", "机关运行费: 448"), encoding="utf-8")
    browser.get(server)
    wait(browser, lambda d: summary(d).startswith("检查结果："))
    browser.find_element(By.ID, "open-existing").send_keys(str(typo))
    general = wait(browser, lambda d: [e.text for e in d.find_elements(By.CSS_SELECTOR, "#general .finding.error")])
    assert "错误[INP-02] 不认识的字段“机关运行费”，是不是“机关运行经费”？" in general

    retype(browser, "机关运行经费.本年", "448")  # typed into the right box: the misspelt key is still named
    wait(browser, lambda d: "机关运行费" in d.find_element(By.ID, "general").text
         and not d.find_elements(By.CSS_SELECTOR, '[data-field="机关运行经费"] .finding'))

    browser.find_element(By.ID, "open-existing").send_keys(str(EXAMPLE))  # last year's input, for 上年 alone
    wait(browser, lambda d: summary(d) == "检查结果：错误 0 条，警告 1 条，提示 1 条。可以下载初稿。")
    browser.find_element(By.ID, "open-reference").send_keys(str(EXAMPLE.parent.parent / "2022" / "区政府办公室.yaml"))
    retype(browser, "收入.合计.上年", "500")
    beside = wait(browser, lambda d: [e.text for e in d.find_elements(
        By.CSS_SELECTOR, '[data-field="收入.合计"] .finding.error') if "[LY-01]" in e.text])
    assert beside[0] == "错误[LY-01] 上年数500万元，与上一年度文件 网页表单（上年）的本年数422.2万元不一致，相差77.8万元。请核对，两处应一致。"
