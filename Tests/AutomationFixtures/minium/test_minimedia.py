"""A minium test case, written as for WeChat DevTools, run against `minimedia auto`.

The harness (scripts/minium-test.sh) writes config.json (test_port, platform "ide") beside
this file and sets MINIMEDIA_TEST_DATA to the app's data directory.
"""
import glob
import os
import shutil
import time

import minium


class MiniMediaCameraTest(minium.MiniTest):
    def test_system_info(self):
        info = self.mini.get_system_info()
        self.assertEqual(info["brand"], "MiniMedia")
        self.assertGreater(info["windowWidth"], 0)

    def test_console_logs_and_page_method(self):
        logs = []
        self.app.enable_log()
        self.app.add_observer("App.logAdded", lambda msg: logs.append(msg))
        page = self.app.relaunch("/pages/index/index")
        self.assertEqual(page.path, "/pages/index/index")
        self.assertEqual(page.call_method("add", ["three"]).result.result, 3)
        self.assertEqual(page.data["items"], ["one", "two", "three"])
        titles = page.get_elements("view.item")
        self.assertEqual([e.inner_text for e in titles], ["one", "two", "three"])
        deadline = time.time() + 10
        while time.time() < deadline and not any("index loaded" in str(m) for m in logs):
            time.sleep(0.1)
        self.assertTrue(any("index loaded" in str(m) for m in logs), logs)

    def test_custom_component(self):
        page = self.app.relaunch("/pages/index/index")
        tally = page.get_element("tally")
        self.assertEqual(tally.data["start"], 2)
        self.assertEqual(tally.call_method("add", 3).result.result, 3)
        tally.data = {"label": "x"}
        self.assertEqual(page.get_element("#tally-count").inner_text, "x 5")
        page.get_element("#bump").tap()
        self.assertTrue(page.wait_data_contains("bumped", max_timeout=10))
        self.assertEqual(page.data["bumped"], 6)

    def test_mock_choose_image(self):
        page = self.app.relaunch("/pages/index/index")
        self.app.mock_wx_method("chooseImage", result={"tempFilePaths": ["wxfile://mocked.jpg"], "errMsg": "chooseImage:ok"})
        page.get_element("#pick").tap()
        self.assertTrue(page.wait_data_contains("picked", max_timeout=10))
        self.assertEqual(page.data["picked"], ["wxfile://mocked.jpg"])
        self.app.restore_wx_method("chooseImage")

    def test_form_controls(self):
        self.app.relaunch("/pages/index/index")
        page = self.app.navigate_to("/pages/controls/controls")
        page.get_element("#name").input("typed by minium")
        self.assertEqual(page.data["name"], "typed by")  # maxlength="8"
        page.get_element("#flag").switch()
        page.get_element("#level").slide_to(35)
        kinds = [(e["kind"], e["detail"].get("value")) for e in page.data["events"]]
        self.assertEqual(kinds, [("input", "typed by"), ("switch", True), ("slide", 35)], kinds)

    def test_video_context_through_its_element(self):
        self.app.relaunch("/pages/index/index")
        page = self.app.navigate_to("/pages/video/video")
        video = page.get_element("video")
        video._send("Element.callContextMethod", {"method": "requestFullScreen", "args": [{"direction": 90}]})
        self.assertTrue(page.wait_for(lambda: page.data["fullScreen"], max_timeout=15), page.data)
        self.assertEqual(page.data["direction"], "horizontal")

    def test_take_photo(self):
        self.app.relaunch("/pages/index/index")
        page = self.app.navigate_to("/pages/camera/camera")
        self.assertEqual(page.path, "/pages/camera/camera")
        self.assertTrue(self.native.allow_camera())
        self.assertTrue(page.wait_for(lambda: page.data["ready"], max_timeout=15), page.data)
        page.get_element("button", inner_text="Take photo").tap()
        self.assertTrue(page.wait_for(lambda: page.data["photo"] != "", max_timeout=15), page.data)
        photo = page.data["photo"]
        self.assertTrue(photo.endswith(".jpg"), photo)
        # wxfile://tmp_NAME is NAME in the app's temp folder of the data directory.
        name = photo.split("/")[-1].split("_", 1)[-1]
        found = glob.glob(os.path.join(os.environ["MINIMEDIA_TEST_DATA"], "**", name), recursive=True)
        self.assertEqual(len(found), 1, found)
        with open(found[0], "rb") as f:
            self.assertEqual(f.read(3), b"\xff\xd8\xff")
        # The camera's context method through its element.
        camera = page.get_element("camera")
        shot = camera._send("Element.callContextMethod", {"method": "takePhoto", "args": []}).result.result
        self.assertTrue(shot["tempImagePath"].endswith(".jpg"), shot)
        # Kept for the harness to probe (the app's temp files go when it stops).
        shutil.copyfile(found[0], os.environ["MINIMEDIA_TEST_RESULT"])
