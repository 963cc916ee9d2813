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
  simulator_e2e.py BIN --extras   Tests/SimulatorE2E/extras (media generated here): toasts, loading,
                                  modals, action sheets, the previewImage gallery, openSetting's page,
                                  album drag and drop, a tone heard through WebAudio (frequency and
                                  level at an AnalyserNode on the tab's output) and silent when
                                  paused, <audio>'s controls, the speaker choice keeping the page,
                                  <video> and <live-player> frames, reload on a file change keeping
                                  permissions and the album, the dialect switch, no URL off the host
  simulator_e2e.py BIN --bench    preview fps at 640x480, capture→display latency, host CPU of
                                  the preview, page load to first render
"""
import base64, http.server, json, os, re, shutil, signal, subprocess, sys, tempfile, threading, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTIFACTS = os.path.join(ROOT, ".build", "artifacts", "simulator")
TOUR = os.path.join(ROOT, "Examples", "camera-tour")
EXTRAS = os.path.join(ROOT, "Tests", "SimulatorE2E", "extras")
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


class Serve:
    """`minimedia serve` on a free port with its own data folder."""

    def __init__(self, binary, data, extra=(), package=TOUR, app_id="e2e.camera"):
        self.proc = subprocess.Popen(
            [binary, "serve", package, "--port", "0", "--data-dir", data, "--app-id", app_id, *extra],
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


def browser(fake_webcam=False, autoplay=False):
    o = webdriver.ChromeOptions()
    extra = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] if fake_webcam else []
    # Headless, WebAudio runs with no user gesture only with this policy (the page's own clicks
    # would start it too; the test measures from the first chunk).
    extra += ["--autoplay-policy=no-user-gesture-required"] if autoplay else []
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


def components(binary, folder):
    """Examples/components-tour in the browser: a custom component's template, its slots, its
    scoped style, and a tap inside it running the component's method, which tells the page."""
    package = os.path.join(os.path.dirname(TOUR), "components-tour")
    serve = Serve(binary, os.path.join(folder, "components-data"), package=package, app_id="e2e.components")
    d = browser()
    try:
        d.get(serve.url)
        like = wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "button.like"), "the like-button component's own button is rendered")
        if not like:
            return
        check(like[0].get_attribute("data-mmc") == "/components/like-button/like-button", "the button belongs to the like-button component (data-mmc)")
        check(like[0].text.strip() == "\u2665 2", "the Number property shows the page's \"2\" (%r)" % like[0].text)
        title = d.find_elements(By.CSS_SELECTOR, "card .title")
        check(bool(title) and title[0].text == "A custom component with slots", "the card shows its title property")
        footer = d.find_elements(By.CSS_SELECTOR, "card .footer")
        check(bool(footer) and "no likes from you yet" in footer[0].text, "the named slot shows the page's footer text")
        grey = js(d, "return getComputedStyle(document.querySelector('button.like')).color")
        check(grey == "rgb(136, 136, 136)", "the component's own style reaches its button (%s)" % grey)
        like[0].click()
        wait(d, lambda: "you liked post 42 (3 likes)" in d.find_element(By.CSS_SELECTOR, "card .footer").text,
             "a tap inside the component runs its method; its triggerEvent reaches the page, which re-renders the slot")
        red = js(d, "return getComputedStyle(document.querySelector('button.like')).color")
        check(red == "rgb(238, 51, 51)", "the component's setData re-renders it with its .on style (%s)" % red)
        console = d.find_element(By.ID, "mm-console").text
        check("page got liked for post 42 now 3" in console, "the console shows the page's handler line")
        check("like-button attached" in console, "the console also shows what the page logged before the browser connected")
        d.save_screenshot(os.path.join(ARTIFACTS, "components.png"))
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

        # The Device panel's camera: another device spec reloads the app on it.
        js(d, "document.getElementById('mm-camera').closest('details').open = true")
        field = d.find_element(By.ID, "mm-camera")
        field.clear()
        field.send_keys("synthetic:320x240")
        d.find_element(By.ID, "mm-reload").click()
        wait(d, lambda: "camera synthetic:320x240" in d.find_element(By.ID, "mm-console").text, "the Device panel's camera reloads the app")
        wait(d, lambda: js(d, "const i = document.querySelector('wx-camera#cam img.mm-live'); return i && i.complete && i.naturalWidth === 320 && i.naturalHeight === 240"),
             "the preview comes from the 320x240 camera")
    finally:
        for entry in d.get_log("browser"):
            if entry.get("level") == "SEVERE":
                print("      browser: %s" % entry.get("message"))
        d.quit()
        code = serve.stop()
    check(code == 0, "minimedia serve exits cleanly on SIGINT (status %s)" % code)
    out = subprocess.run([binary, "permissions", "e2e.camera", "--data-dir", data], capture_output=True, text=True).stdout
    check("scope.camera" in out and "granted" in out, "the decision is in the same store `minimedia permissions` reads: %s" % out.strip())


def make_media(folder):
    """The extras package's media, generated now (nothing is committed): two tones, two images,
    a clip and an FLV file served as an HTTP-FLV "live" stream."""
    media = os.path.join(folder, "media")
    os.makedirs(media, exist_ok=True)
    ff = ["ffmpeg", "-loglevel", "error", "-y"]
    for hz in (440, 660):
        subprocess.run(ff + ["-f", "lavfi", "-i", "sine=frequency=%d:sample_rate=44100:duration=4" % hz, os.path.join(media, "tone-%d.wav" % hz)], check=True)
    subprocess.run(ff + ["-f", "lavfi", "-i", "testsrc2=s=320x240", "-frames:v", "1", os.path.join(media, "a.png")], check=True)
    subprocess.run(ff + ["-f", "lavfi", "-i", "smptebars=s=320x240", "-frames:v", "1", os.path.join(media, "b.png")], check=True)
    subprocess.run(ff + ["-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=3", "-pix_fmt", "yuv420p", os.path.join(media, "clip.mp4")], check=True)


class LiveFLV(http.server.BaseHTTPRequestHandler):
    """/live.flv: a live HTTP-FLV stream, ffmpeg encoding testsrc in real time (-re) for as long
    as the client reads."""

    def do_GET(self):
        if self.path != "/live.flv":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "video/x-flv")
        self.end_headers()
        ff = subprocess.Popen(["ffmpeg", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=s=320x240:r=25:d=60", "-pix_fmt", "yuv420p",
                               "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-f", "flv", "-"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            while True:
                chunk = ff.stdout.read1(65536)
                if not chunk:
                    break
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            ff.kill()
            ff.wait()

    def log_message(self, *args):
        pass


class FLVServer:
    """The <live-player>'s source on 127.0.0.1."""

    def __init__(self, folder):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), LiveFLV)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def heard(d):
    return js(d, "return mmAudio.heard()") or {}


def wait_heard(d, hz, what, timeout=30, level=0.02):
    """Waits until the tab's output carries the tone `hz` (loudest bin within 12 Hz, RMS > `level`;
    silence measures 0)."""
    got = wait(d, lambda: (lambda h: h if h.get("rms", 0) > level and abs(h.get("hz", 0) - hz) < 12 else None)(heard(d)), what, timeout)
    if got:
        check(True, "%s (%.0f Hz, RMS %.3f at the tab's output)" % (what, got["hz"], got["rms"]))
    else:
        print("      heard: %s, chunks %s" % (heard(d), js(d, "return [mmAudio.chunks, mmAudio.played]")))
    return got


def wait_silent(d, what, timeout=15):
    got = wait(d, lambda: (lambda h: h if h.get("rms", 1) < 0.002 else None)(heard(d)), what, timeout)
    if got:
        check(True, "%s (RMS %.4f)" % (what, got["rms"]))
    return got


def text_of(d, css):
    els = d.find_elements(By.CSS_SELECTOR, css)
    return els[0].get_attribute("textContent") if els else None


def click(d, css):
    """Clicks the element `css` finds; a re-render between finding and clicking (the page's
    setData replaces the node) finds it again, up to five times."""
    for attempt in range(5):
        try:
            d.find_element(By.CSS_SELECTOR, css).click()
            return
        except StaleElementReferenceException:
            if attempt == 4:
                raise
            time.sleep(0.1)


def select(d, element_id, value):
    """Chooses `value` in a side-panel <select> (its section opened, as a user would)."""
    js(d, "const s = document.getElementById(%s); s.closest('details').open = true" % json.dumps(element_id))
    menu = Select(d.find_element(By.ID, element_id))
    try:
        menu.select_by_value(value)
    except NoSuchElementException:
        menu.select_by_visible_text(value)


def offline(serve):
    """Every served asset names no http(s) URL off 127.0.0.1 (the SVG/XHTML namespace names are
    identifiers, never fetched)."""
    found = []
    for path in ["", "simulator.js", "simulator.css"]:
        body = urllib.request.urlopen(serve.url + path, timeout=10).read().decode()
        for url in re.findall(r"(?:https?:)?//[A-Za-z0-9.-]+\\.[A-Za-z]{2,}[^\s'\"`)]*", body):
            if not re.match(r"http://www\.w3\.org/(1999/xhtml|2000/svg)$", url):
                found.append((path or "/", url))
    check(not found, "no served asset names a URL off the host (%s)" % found[:3])


def choose_speaker(d, name):
    """Picks `name` in the Device panel's Speaker and waits for the reload to render the media page again."""
    renders = js(d, "return mmStats.renders")
    select(d, "mm-speaker", name)
    wait(d, lambda: ("speaker %s —" % name) in d.find_element(By.ID, "mm-console").text, "choosing %s reloads" % name, 30)
    wait(d, lambda: js(d, "return mmStats.renders") > renders, "the reloaded app renders")
    wait(d, lambda: d.find_elements(By.ID, "play-tone-2") and d.find_element(By.ID, "mm-stack").text.strip().startswith("pages/media/media"),
         "the reload keeps the media page (%s)" % name)


def extras(binary, folder):
    pkg = os.path.join(folder, "extras")
    shutil.copytree(EXTRAS, pkg)
    make_media(pkg)
    flv = FLVServer(pkg)
    data = os.path.join(folder, "extras-data")
    subprocess.run([binary, "album", "import", os.path.join(pkg, "media", "clip.mp4"), "--data-dir", data], check=True, stdout=subprocess.DEVNULL)
    serve = Serve(binary, data, ["--allow-domain", "http://127.0.0.1:%d" % flv.port, "--query", "live=http://127.0.0.1:%d/live.flv" % flv.port],
                  package=pkg, app_id="e2e.extras")
    d = browser(autoplay=True)
    shot = lambda name: d.save_screenshot(os.path.join(ARTIFACTS, "extras-" + name + ".png"))
    try:
        d.get(serve.url)
        wait(d, lambda: text_of(d, "#dialect") == "api: wx", "extras: the page renders")
        offline(serve)
        resources = js(d, "return performance.getEntriesByType('resource').map((e) => e.name)")
        foreign = [r for r in resources if not r.startswith(serve.url) and not r.startswith(serve.url.replace("http", "ws", 1))]
        check(not foreign, "the browser loaded nothing from elsewhere (%d resources; %s)" % (len(resources), foreign[:3]))

        # The common components: switch (and wx:if on its value), slider, icon, scroll-view, rpx.
        click(d, "switch#toggle input")
        wait(d, lambda: text_of(d, "#toggle-state") == "on", "the switch's change reaches the page (detail.value true)")
        wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "icon#ok-icon") and d.find_element(By.CSS_SELECTOR, "icon#ok-icon").text == "✔", "wx:if shows the success icon")
        d.find_element(By.CSS_SELECTOR, "slider#level input").send_keys(Keys.ARROW_RIGHT)
        wait(d, lambda: text_of(d, "#level-value") == "level 35", "the slider's change reaches the page (30 + one step)")
        check(js(d, "const l = document.querySelector('scroll-view#list'); return l.scrollHeight > l.clientHeight + 50 && getComputedStyle(l).overflowY === 'auto'"),
              "scroll-view scrolls its six items")
        memo = d.find_element(By.CSS_SELECTOR, "textarea#memo")
        memo.click()
        memo.send_keys("two\nlines")
        wait(d, lambda: text_of(d, "#memo-echo") == "memo: two\nlines", "a textarea's input reaches the page")
        width = js(d, "return document.querySelector('#half').getBoundingClientRect().width")
        check(abs(width - 187.5) < 0.6, "375rpx is half the 375 px device (%.1f px)" % width)

        # The album picker shows videos too (a clip imported before the run).
        click(d, "#pick-media")
        cells = wait(d, lambda: d.find_elements(By.CSS_SELECTOR, ".mm-pick-item"), "chooseMedia opens the album picker")
        if cells:
            wait(d, lambda: js(d, "const v = document.querySelector('.mm-pick-item video'); return v && v.readyState >= 1 && v.videoWidth === 320"), "the picker's video cell loads the album's clip")
            shot("pick-video")
            js(d, "document.querySelector('.mm-pick-item video').parentElement.click()")
            click(d, "#mm-pick-done")
        wait(d, lambda: text_of(d, "#pick-result") == "pick: video", "the picked video reaches the page")

        # Toast and loading.
        click(d, "#toast")
        wait(d, lambda: d.find_element(By.ID, "mm-toast").is_displayed() and d.find_element(By.ID, "mm-toast").text == "✔ Saved", "showToast shows ✔ Saved")
        shot("toast")
        click(d, "#loading")
        wait(d, lambda: d.find_element(By.ID, "mm-toast").text == "⏳ Working" and d.find_element(By.ID, "mm-toast").get_attribute("data-kind") == "loading", "showLoading shows ⏳ Working")
        wait(d, lambda: not d.find_element(By.ID, "mm-toast").is_displayed(), "hideLoading hides it")

        # Modal and action sheet: answered by clicking.
        click(d, "#modal")
        dialog = wait(d, lambda: d.find_elements(By.CSS_SELECTOR, ".mm-dialog[data-prompt=modal]"), "showModal opens a dialog")
        if dialog:
            check("Delete the note?" in dialog[0].text and "It cannot be undone." in dialog[0].text, "the modal shows its title and content")
            shot("modal")
            click(d, "#mm-modal-confirm")
        wait(d, lambda: text_of(d, "#modal-result") == "modal: confirmed", "the modal's confirm reaches the page")
        click(d, "#sheet")
        items = wait(d, lambda: d.find_elements(By.CSS_SELECTOR, ".mm-sheet .mm-sheet-item"), "showActionSheet opens a sheet")
        if items:
            check([i.text for i in items] == ["Red", "Green", "Blue"], "the sheet lists its items (%s)" % [i.text for i in items])
            shot("sheet")
            items[1].click()
        wait(d, lambda: text_of(d, "#sheet-result") == "sheet: picked 1", "the tapped item's index reaches the page")

        # previewImage: open, next, close.
        click(d, "#preview")
        wait(d, lambda: js(d, "const i = document.querySelector('#mm-preview img'); return i && i.complete && i.naturalWidth === 320"), "previewImage opens the gallery on the first image")
        first = js(d, "return document.querySelector('#mm-preview img').src")
        check(text_of(d, "#mm-preview-count") == "1 / 2", "the gallery counts 1 / 2")
        click(d, "#mm-preview-next")
        wait(d, lambda: text_of(d, "#mm-preview-count") == "2 / 2" and js(d, "const i = document.querySelector('#mm-preview img'); return i.complete && i.naturalWidth === 320 && i.src") not in (None, False, first),
             "› shows the second image")
        shot("preview")
        click(d, "#mm-preview")
        wait(d, lambda: not d.find_elements(By.ID, "mm-preview"), "a tap closes the gallery")

        # previewMedia: a video plays in the gallery, › shows the image.
        click(d, "#preview-media")
        if wait(d, lambda: js(d, "const v = document.querySelector('#mm-preview video'); return v && v.readyState >= 2 && v.videoWidth === 320"), "previewMedia plays the video in the gallery"):
            check(text_of(d, "#mm-preview-count") == "1 / 2", "the media gallery counts 1 / 2")
            click(d, "#mm-preview-next")
            wait(d, lambda: js(d, "const i = document.querySelector('#mm-preview img'); return i && i.complete && i.naturalWidth === 320"), "› shows the image source")
        js(d, "const p = document.getElementById('mm-preview'); if (p) p.click()")
        wait(d, lambda: not d.find_elements(By.ID, "mm-preview"), "the media gallery closes")

        # A permission asked, then changed on openSetting's page.
        click(d, "#record")
        allow = wait(d, lambda: d.find_elements(By.ID, "mm-allow"), "authorize(scope.record) asks")
        if allow:
            allow[0].click()
        wait(d, lambda: text_of(d, "#record-result") == "record: allowed", "the answer reaches the page")
        wait(d, lambda: "scope.record: allowed" in d.find_element(By.ID, "mm-perms").text, "the permission store shows scope.record allowed")
        # The Device panel's microphone: a file of a 660 Hz tone. A recording made from it plays
        # back at 660 Hz in the tab (the synthetic microphone would be 1 kHz).
        js(d, "document.getElementById('mm-microphone').closest('details').open = true")
        mic = d.find_element(By.ID, "mm-microphone")
        mic.clear()
        mic.send_keys("file:" + os.path.join(pkg, "media", "tone-660.wav"))
        renders = js(d, "return mmStats.renders")
        click(d, "#mm-reload")
        wait(d, lambda: "microphone file:" in d.find_element(By.ID, "mm-console").text, "the Device panel's microphone reloads the app")
        wait(d, lambda: js(d, "return mmStats.renders") > renders and d.find_elements(By.ID, "record-voice"), "the reloaded app renders")
        click(d, "#record-voice")
        if wait(d, lambda: text_of(d, "#voice-result") == "voice: recorded", "RecorderManager records from the chosen microphone"):
            # (quieter than the file: the recorder's level, and the loop's gap in the analyser's window)
            wait_heard(d, 660, "the recording plays back the microphone's 660 Hz", level=0.005)
        else:
            print("      page says %r" % text_of(d, "#voice-result"))
        click(d, "#stop-voice")
        wait_silent(d, "stopping the playback silences the tab")

        click(d, "#settings")
        box = wait(d, lambda: [l for l in d.find_elements(By.CSS_SELECTOR, ".mm-dialog[data-prompt=settings] label") if "scope.record" in l.text], "openSetting shows the settings page")
        if box:
            shot("settings")
            box[0].find_element(By.TAG_NAME, "input").click()
            click(d, "#mm-settings-done")
        wait(d, lambda: text_of(d, "#settings-result") == "settings: record false", "openSetting's success has the new authSetting")
        wait(d, lambda: "scope.record: denied" in d.find_element(By.ID, "mm-perms").text, "the permission store shows scope.record denied")
        out = subprocess.run([binary, "permissions", "e2e.extras", "--data-dir", data], capture_output=True, text=True).stdout
        check(re.search(r"scope\.record\s+denied", out) is not None, "the change is in the store `minimedia permissions` reads: %s" % " ".join(out.split()))

        # Album import by drag and drop (a drop event with a real File, as a drag delivers it).
        png = base64.b64encode(open(os.path.join(pkg, "media", "b.png"), "rb").read()).decode()
        js(d, """const bytes = Uint8Array.from(atob(%s), (c) => c.charCodeAt(0))
                 const t = new DataTransfer(); t.items.add(new File([bytes], 'bars.png', { type: 'image/png' }))
                 const target = document.getElementById('mm-album-drop')
                 target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: t }))
                 target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: t }))""" % json.dumps(png))
        wait(d, lambda: js(d, "const i = document.querySelector('#mm-album img'); return i && i.complete && i.naturalWidth === 320"), "a dropped image joins the album")

        # A tone through InnerAudioContext is heard at the tab's output, and pausing silences it.
        click(d, "#play-tone")
        wait_heard(d, 440, "InnerAudioContext's 440 Hz tone is heard")
        shot("tone")
        click(d, "#pause-tone")
        wait_silent(d, "pausing it makes the tab silent")

        # <audio>'s controls, drawn from the host's element and driving it.
        wait(d, lambda: text_of(d, "wx-audio#song .mm-audio-name") == "Six sixty" and text_of(d, "wx-audio#song .mm-audio-author") == "MiniMedia",
             "<audio> shows its name and author")
        wait(d, lambda: text_of(d, "wx-audio#song .mm-audio-time") == "00:00 / 00:04", "<audio> shows 00:00 / its duration")
        check("url(" in js(d, "return document.querySelector('wx-audio#song .mm-audio-poster').style.backgroundImage"), "<audio> shows its poster")
        shot("audio-paused")
        click(d, "wx-audio#song .mm-audio-button")
        wait(d, lambda: js(d, "return document.querySelector('wx-audio#song .mm-audio').dataset.paused") == "false", "the play button plays the host's <audio>")
        wait(d, lambda: text_of(d, "#audio-event") == "audio: play", "the page gets bindplay")
        wait_heard(d, 660, "the <audio>'s 660 Hz tone is heard")
        wait(d, lambda: (text_of(d, "wx-audio#song .mm-audio-time") or "").startswith(("00:01", "00:02", "00:03")), "the current time advances")
        shot("audio-playing")
        click(d, "wx-audio#song .mm-audio-button")
        wait(d, lambda: text_of(d, "#audio-event") == "audio: pause", "the pause button pauses it (bindpause)")
        wait_silent(d, "the paused <audio> is silent")

        # Editing a package file reloads the app; the permission store and the album stay.
        wxml = os.path.join(pkg, "pages", "index", "index.wxml")
        with open(wxml) as f:
            body = f.read()
        with open(wxml, "w") as f:
            f.write(body.replace("version 1", "version 2"))
        wait(d, lambda: text_of(d, "#edited") == "version 2", "editing the package reloads the page")
        check("a package file changed" in d.find_element(By.ID, "mm-console").text, "the console says why it reloaded")
        check("the app stopped" not in d.find_element(By.ID, "mm-console").text, "the reload is not reported as a crash of the old app")
        wait(d, lambda: "scope.record: denied" in d.find_element(By.ID, "mm-perms").text, "the permissions survive the reload")
        check(len(d.find_elements(By.CSS_SELECTOR, "#mm-album img")) == 1, "the album survives the reload")

        # The dialect switch reloads the app in the new dialect.
        select(d, "mm-dialect", "swan")
        click(d, "#mm-reload")
        if not wait(d, lambda: text_of(d, "#dialect") == "api: swan", "the dialect switch reloads the app as swan"):
            print("      the page shows %r" % text_of(d, "#dialect"))

        # <video> and <live-player> show what the host decodes.
        click(d, "#media")
        wait(d, lambda: len(d.find_elements(By.CSS_SELECTOR, "#mm-stack li")) == 2, "the media page opens")
        for tag, what in [("wx-video#clip", "<video>"), ("live-player#live", "<live-player>")]:
            if wait(d, lambda: js(d, "const i = document.querySelector('%s img.mm-live'); return i && i.complete && i.naturalWidth === 320" % tag), "%s shows decoded 320 px frames" % what, 45):
                a = d.find_element(By.CSS_SELECTOR, tag).screenshot_as_png
                time.sleep(0.6)
                b = d.find_element(By.CSS_SELECTOR, tag).screenshot_as_png
                check(a != b, "%s's picture changes between two screenshots" % what)
        shot("media")

        # The speaker choice: muted keeps the page and the browser gets no sound; back to the browser.
        # (A tap is for the page on screen: wait for the reloaded app's first render before tapping.)
        choose_speaker(d, "muted")
        chunks = js(d, "return mmAudio.chunks")
        click(d, "#play-tone-2")
        time.sleep(2)
        check(js(d, "return mmAudio.chunks") == chunks and heard(d).get("rms", 1) < 0.002, "muted: nothing reaches the tab while the tone plays")
        choose_speaker(d, "browser")
        click(d, "#play-tone-2")
        wait_heard(d, 440, "browser: the tone is heard again")
    finally:
        for entry in d.get_log("browser"):
            if entry.get("level") == "SEVERE":
                print("      browser: %s" % entry.get("message"))
        d.quit()
        serve.stop()
        flv.stop()


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
        elif "--extras" in sys.argv:
            extras(binary, folder)
        elif "--components" in sys.argv:
            components(binary, folder)
        else:
            tour(binary, folder)
            automation(binary, folder)
            webcam(binary, folder)
            extras(binary, folder)
            components(binary, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\nscreenshots: %s" % ARTIFACTS)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("simulator e2e: all checks passed")


if __name__ == "__main__":
    main()
