#!/usr/bin/env python3
"""End-to-end tests of `minimedia serve` in a real browser (Debian's chromium, headless, driven by
chromium-driver through selenium). Run by scripts/simulator-e2e.sh (`make test`); screenshots go
to .build/artifacts/simulator/.

  simulator_e2e.py BIN            the tour: permission dialog, live preview, takePhoto, album
                                  picker, input → setData, navigate to the about page and back
  simulator_e2e.py BIN --auto     `serve --auto-port`: the automation protocol over the page the
                                  browser shows (Tool.native answers its dialog, Page.setData shows
                                  in it, App.captureScreenshot is a PNG of its phone view)
  simulator_e2e.py BIN --webcam   `serve --camera browser`: chromium's fake webcam is the camera
  simulator_e2e.py BIN --bench    preview fps at 640x480, capture→display latency, host CPU of
                                  the preview, page load to first render
"""
import base64, json, os, re, shutil, signal, subprocess, sys, tempfile, time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTIFACTS = os.path.join(ROOT, ".build", "artifacts", "simulator")
TOUR = os.path.join(ROOT, "Examples", "camera-tour")
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


class Serve:
    """`minimedia serve` on a free port with its own data folder."""

    def __init__(self, binary, data, extra=()):
        self.proc = subprocess.Popen(
            [binary, "serve", TOUR, "--port", "0", "--data-dir", data, "--app-id", "e2e.camera", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        if not m:
            self.proc.kill()
            raise SystemExit("minimedia serve did not print its URL: %r %s" % (line, self.proc.stderr.read()))
        self.url = m.group(1)

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.returncode


def browser(fake_webcam=False):
    o = webdriver.ChromeOptions()
    extra = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] if fake_webcam else []
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,860", "--disable-dev-shm-usage"] + extra:
        o.add_argument(a)
    o.binary_location = shutil.which("chromium")
    return webdriver.Chrome(options=o, service=Service(shutil.which("chromedriver")))


def wait(d, fn, what, timeout=30):
    try:
        # Renders replace elements: a stale or missing one is read again on the next poll.
        return WebDriverWait(d, timeout, poll_frequency=0.1,
                             ignored_exceptions=[StaleElementReferenceException, NoSuchElementException]).until(lambda _: fn())
    except Exception:
        check(False, what + " (timed out)")
        return None


def js(d, script):
    return d.execute_script(script)


def button(d, text):
    for b in d.find_elements(By.CSS_SELECTOR, "#mm-page button"):
        if b.text.strip() == text:
            return b
    return None


def album_image(binary, data, folder):
    path = os.path.join(folder, "album-card.png")
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x240", "-frames:v", "1", path], check=True)
    subprocess.run([binary, "album", "import", path, "--data-dir", data], check=True, stdout=subprocess.DEVNULL)


class AutomationClient:
    """The DevTools automation protocol over a WebSocket (websocket-client comes with selenium)."""

    def __init__(self, url):
        import websocket
        self.ws = websocket.create_connection(url, timeout=90)
        self.next = 0
        self.events = []

    def call(self, method, params=None):
        self.next += 1
        self.ws.send(json.dumps({"id": self.next, "method": method, "params": params or {}}))
        while True:
            m = json.loads(self.ws.recv())
            if m.get("id") == self.next:
                return m
            self.events.append(m)

    def close(self):
        self.ws.close()


def image_size_and_spread(path):
    """(width, height) from ffprobe and the standard deviation of the decoded gray pixels."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                            "-of", "csv=p=0", path], capture_output=True, text=True)
    if probe.returncode != 0 or "," not in probe.stdout:
        return None, 0.0
    w, h = (int(x) for x in probe.stdout.strip().split(",")[:2])
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True).stdout
    if len(raw) != w * h:
        return (w, h), 0.0
    mean = sum(raw) / len(raw)
    return (w, h), (sum((b - mean) ** 2 for b in raw[::7]) / len(raw[::7])) ** 0.5


def automation(binary, folder):
    data = os.path.join(folder, "auto-data")
    serve = Serve(binary, data, ["--auto-port", "0"])
    line = serve.proc.stdout.readline()
    m = re.search(r"(ws://127\.0\.0\.1:\d+)", line)
    if not check(bool(m), "serve --auto-port prints the automation URL (%r)" % line.strip()):
        serve.stop()
        return
    client = AutomationClient(m.group(1))
    d = None
    try:
        r = client.call("App.captureScreenshot")
        message = r.get("error", {}).get("message", "")
        check("no browser is showing the simulator" in message, "with no browser, App.captureScreenshot fails clearly (%s)" % message)
        check(bool(client.call("Tool.getInfo").get("result", {}).get("SDKVersion")), "Tool.getInfo answers")
        # The first page is loading behind its camera's permission prompt: JS requests wait for it.
        d = browser()
        d.get(serve.url)
        wait(d, lambda: d.find_elements(By.ID, "mm-allow"), "the camera permission dialog appears in the browser")
        r = client.call("Tool.native", {"method": "authorizeAllow", "data": {}})
        check(r.get("result", {}).get("answered") == "prompt", "Tool.native authorizeAllow answers the browser's dialog (%s)" % r)
        wait(d, lambda: not d.find_elements(By.ID, "mm-allow"), "the browser's dialog closes")
        info = client.call("App.callWxMethod", {"method": "getSystemInfoSync", "args": []}).get("result", {}).get("result", {})
        check(info.get("windowWidth") == 375, "getSystemInfoSync through the protocol (windowWidth %s)" % info.get("windowWidth"))
        wait(d, lambda: "scope.camera: allowed" in d.find_element(By.ID, "mm-perms").text, "the permission store shows scope.camera allowed")
        wait(d, lambda: js(d, "return mmStats.frames") >= 3, "camera frames reach the page")
        r = client.call("Page.setData", {"data": {"note": "from minium"}})
        check("error" not in r, "Page.setData answers (%s)" % r)
        wait(d, lambda: d.find_element(By.CSS_SELECTOR, "#mm-page #echo").text == "Note: from minium", "Page.setData shows in the browser")
        r = client.call("Page.getData", {"path": "note"})
        check(r.get("result", {}).get("data") == "from minium", "Page.getData reads it back (%s)" % r.get("result"))
        began = time.time()
        r = client.call("App.captureScreenshot")
        took = time.time() - began
        shot = r.get("result", {}).get("data")
        if check(isinstance(shot, str) and len(shot) > 1000, "App.captureScreenshot returns base64 data (%s)" % (r.get("error") or "%d chars" % len(shot or ""))):
            path = os.path.join(ARTIFACTS, "auto-screenshot.png")
            with open(path, "wb") as f:
                f.write(base64.b64decode(shot))
            size, spread = image_size_and_spread(path)
            check(size == (375, 667), "the screenshot decodes to a 375x667 image (%s, %.2f s)" % (size, took))
            check(spread > 10, "the screenshot shows the page, not a blank (gray std dev %.1f)" % spread)
        # The client's end closes the simulator, as it ends `minimedia auto`.
        client.call("Tool.close")
        try:
            serve.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        check(serve.proc.returncode == 0, "Tool.close ends minimedia serve (exit %s)" % serve.proc.returncode)
    finally:
        client.close()
        if d:
            d.quit()
        if serve.proc.poll() is None:
            serve.stop()


def webcam(binary, folder):
    """`--camera browser`: chromium's fake webcam (getUserMedia) is the app's camera."""
    data = os.path.join(folder, "webcam-data")
    serve = Serve(binary, data, ["--camera", "browser"])
    d = browser(fake_webcam=True)
    try:
        d.get(serve.url)
        allow = wait(d, lambda: d.find_elements(By.ID, "mm-allow"), "webcam: the camera permission dialog appears")
        if allow:
            allow[0].click()
        wait(d, lambda: js(d, "return mmWebcam.sent") >= 5, "webcam: the browser sends its webcam's frames")
        check(js(d, "return mmWebcam.error") is None, "webcam: getUserMedia opened the fake webcam (%s)" % js(d, "return mmWebcam.error"))
        wait(d, lambda: js(d, "return mmStats.frames") >= 3, "webcam: the host's preview of the webcam reaches the page")
        take = button(d, "Take a photo")
        if take:
            take.click()
            size = wait(d, lambda: js(d, "const i = document.querySelector('image#photo img'); return i && i.complete && i.naturalWidth > 0 ? i.naturalWidth + 'x' + i.naturalHeight : null"),
                        "webcam: takePhoto's photo appears")
            check(size is not None and size.startswith("640x480"), "webcam: the photo has the webcam's size (%s)" % size)
        d.save_screenshot(os.path.join(ARTIFACTS, "webcam.png"))
        errors = [t for t in d.find_element(By.ID, "mm-console").text.splitlines() if "webcam frame" in t]
        check(not errors, "webcam: no frame was refused (%s)" % errors[:2])
    finally:
        d.quit()
        serve.stop()


def tour(binary, folder):
    data = os.path.join(folder, "data")
    album_image(binary, data, folder)
    serve = Serve(binary, data)
    d = browser()
    try:
        d.get(serve.url)
        allow = wait(d, lambda: d.find_elements(By.ID, "mm-allow"), "the camera permission dialog appears")
        d.save_screenshot(os.path.join(ARTIFACTS, "1-permission.png"))
        if allow:
            check("scope.camera" in d.find_element(By.ID, "mm-overlay").text, "the dialog names scope.camera")
            allow[0].click()
        wait(d, lambda: "scope.camera: allowed" in d.find_element(By.ID, "mm-perms").text, "the permission store shows scope.camera allowed")
        wait(d, lambda: js(d, "return mmStats.frames") >= 3, "camera frames reach the page")
        cam = d.find_element(By.CSS_SELECTOR, "wx-camera#cam")
        first = cam.screenshot_as_png
        seq1 = js(d, "return mmStats.lastSeq")
        time.sleep(0.7)
        second = cam.screenshot_as_png
        seq2 = js(d, "return mmStats.lastSeq")
        check(seq2 > seq1, "newer frames arrive (frame #%s then #%s)" % (seq1, seq2))
        check(first != second, "the preview changed between two screenshots")
        with open(os.path.join(ARTIFACTS, "2-preview-a.png"), "wb") as f:
            f.write(first)
        with open(os.path.join(ARTIFACTS, "2-preview-b.png"), "wb") as f:
            f.write(second)

        take = button(d, "Take a photo")
        check(take is not None, "the Take a photo button is rendered")
        if take:
            take.click()
            loaded = wait(d, lambda: js(d, "const i = document.querySelector('image#photo img'); return i && i.complete && i.naturalWidth > 0 ? i.naturalWidth + 'x' + i.naturalHeight : null"),
                          "the photo appears on the page")
            check(bool(loaded), "the photo is a real image the host served (%s)" % loaded)
            check("[photo] saved" in d.find_element(By.ID, "mm-console").text, "the console shows the page's [photo] line")
            check("takePhoto" in d.find_element(By.ID, "mm-api").text, "the API panel lists takePhoto")
        d.save_screenshot(os.path.join(ARTIFACTS, "3-photo.png"))

        d.find_element(By.ID, "album").click()
        cell = wait(d, lambda: d.find_elements(By.CSS_SELECTOR, ".mm-pick-item"), "the album picker opens with thumbnails")
        if cell:
            wait(d, lambda: js(d, "const i = document.querySelector('.mm-pick-item img'); return i && i.naturalWidth === 320"), "the thumbnail is the album's image")
            d.save_screenshot(os.path.join(ARTIFACTS, "4-album.png"))
            cell[0].click()
            d.find_element(By.ID, "mm-pick-done").click()
            picked = wait(d, lambda: js(d, "const i = document.querySelector('image#picked img'); return i && i.complete && i.naturalWidth > 0 ? i.naturalWidth : null"),
                          "the picked image appears on the page")
            check(picked == 320, "the picked image is the album's 320 px image (%s)" % picked)
            check("[album] picked" in d.find_element(By.ID, "mm-console").text, "chooseImage succeeded (currentTarget.dataset.source read)")

        note = d.find_element(By.CSS_SELECTOR, "input#note")
        note.click()
        note.send_keys("hello simulator")
        if not wait(d, lambda: d.find_element(By.ID, "echo").get_attribute("textContent") == "Note: hello simulator", "setData from bindinput re-renders the echo"):
            print("      echo reads %r" % d.find_element(By.ID, "echo").get_attribute("textContent"))
        wait(d, lambda: '"note": "hello simulator"' in d.find_element(By.ID, "mm-data").text, "the page-data panel shows note")
        check(js(d, "return document.querySelector('input#note').value") == "hello simulator", "the input keeps its text across renders")
        d.save_screenshot(os.path.join(ARTIFACTS, "5-input.png"))

        d.find_element(By.ID, "about").click()
        wait(d, lambda: d.find_elements(By.ID, "about-from") and d.find_element(By.ID, "about-from").get_attribute("textContent") == "Opened from: tour", "the navigator opens the about page with its query")
        check(len(d.find_elements(By.CSS_SELECTOR, "#mm-stack li")) == 2, "the stack panel lists two pages")
        d.save_screenshot(os.path.join(ARTIFACTS, "6-about.png"))
        d.find_element(By.ID, "back").click()
        wait(d, lambda: d.find_elements(By.ID, "echo"), "navigateBack returns to the camera page")
        wait(d, lambda: len(d.find_elements(By.CSS_SELECTOR, "#mm-stack li")) == 1, "the stack panel lists one page again")
        frames = js(d, "return mmStats.frames")
        wait(d, lambda: js(d, "return mmStats.frames") > frames + 2, "the camera shows frames again after coming back")
        check(not d.find_elements(By.ID, "mm-allow"), "the remembered permission is not asked again")
        d.save_screenshot(os.path.join(ARTIFACTS, "7-back.png"))
    finally:
        for entry in d.get_log("browser"):
            if entry.get("level") == "SEVERE":
                print("      browser: %s" % entry.get("message"))
        d.quit()
        code = serve.stop()
    check(code == 0, "minimedia serve exits cleanly on SIGINT (status %s)" % code)
    out = subprocess.run([binary, "permissions", "e2e.camera", "--data-dir", data], capture_output=True, text=True).stdout
    check("scope.camera" in out and "granted" in out, "the decision is in the same store `minimedia permissions` reads: %s" % out.strip())


def bench(binary, folder):
    data = os.path.join(folder, "data")
    subprocess.run([binary, "permissions", "e2e.camera", "--grant", "scope.camera", "--data-dir", data], check=True, stdout=subprocess.DEVNULL)
    serve = Serve(binary, data, ["--camera", "synthetic:640x480"])
    rows = []
    try:
        # The page runs (camera open, scanning) with no browser: the baseline CPU.
        time.sleep(2)
        c0, t0 = serve.cpu_seconds(), time.time()
        time.sleep(4)
        baseline = (serve.cpu_seconds() - c0) / (time.time() - t0)
        d = browser()
        try:
            d.get(serve.url)
            wait(d, lambda: js(d, "return mmStats.frames") >= 10, "frames arrive for the bench")
            first = js(d, "return mmStats.firstRenderMs")
            c1, t1 = serve.cpu_seconds(), time.time()
            f1 = js(d, "return mmStats.frames")
            time.sleep(6)
            f2 = js(d, "return mmStats.frames")
            elapsed = time.time() - t1
            with_preview = (serve.cpu_seconds() - c1) / elapsed
            lat = sorted(js(d, "return mmStats.latencies.slice(-120)"))
            fps = (f2 - f1) / elapsed
            median = lat[len(lat) // 2] if lat else float("nan")
            p95 = lat[int(len(lat) * 0.95)] if lat else float("nan")
            preview_cpu = max(0.0, with_preview - baseline) * 100
            rows = [
                ("preview fps in the browser, 640x480", "%.1f" % fps, ">= 25", fps >= 25),
                ("capture -> display latency, median (p95)", "%d ms (%d ms)" % (median, p95), "<= 100 ms", median <= 100),
                ("host CPU for the preview (%% of a core; page alone %.0f %%)" % (baseline * 100), "%.0f %%" % preview_cpu, "<= 30 %", preview_cpu <= 30),
                ("page load to first render", "%d ms" % first, "<= 500 ms", first is not None and first <= 500),
            ]
            d.save_screenshot(os.path.join(ARTIFACTS, "bench.png"))
        finally:
            d.quit()
    finally:
        serve.stop()
    print("\n%-58s %-18s %-10s" % ("simulator (chromium headless)", "measured", "target"))
    for name, value, target, ok in rows:
        print("%-58s %-18s %-10s %s" % (name, value, target, "" if ok else "(missed)"))


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    os.makedirs(ARTIFACTS, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="minimedia-sim-")
    try:
        if "--bench" in sys.argv:
            bench(binary, folder)
            return
        if "--auto" in sys.argv:
            automation(binary, folder)
        elif "--webcam" in sys.argv:
            webcam(binary, folder)
        else:
            tour(binary, folder)
            automation(binary, folder)
            webcam(binary, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\nscreenshots: %s" % ARTIFACTS)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("simulator e2e: all checks passed")


if __name__ == "__main__":
    main()
