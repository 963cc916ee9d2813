import Foundation
import Testing

@Suite("minimedia album and media pages, end to end")
struct MediaCommandTests {
    @Test func albumImportListExportRemove() async throws {
        let data = CLI.newDataDir()
        let imported = try await CLI.run(["album", "import", CLI.image("photo.jpg"), CLI.image("quad.png")], dataDir: data.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.lines.count == 2)
        let list = try await CLI.run(["album", "list"], dataDir: data.path)
        #expect(list.lines.count == 2)
        #expect(list.lines[0].hasPrefix("#2  image"))
        let out = TemporaryFolder()
        let exported = try await CLI.run(["album", "export", "1", out.path + "/x.jpg"], dataDir: data.path)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(FileManager.default.contents(atPath: out.path + "/x.jpg") == FileManager.default.contents(atPath: CLI.image("photo.jpg")))
        #expect(try await CLI.run(["album", "remove", "1"], dataDir: data.path).status == 0)
        #expect(try await CLI.run(["album", "list"], dataDir: data.path).lines.count == 1)
        let bad = try await CLI.run(["album", "import", CLI.image("garbage.bin")], dataDir: data.path)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("minimedia:"))
    }

    func page(_ js: String, wxml: String? = nil) throws -> TemporaryFolder {
        let dir = TemporaryFolder()
        try dir.write("p.js", js)
        if let wxml { try dir.write("p.wxml", wxml) }
        return dir
    }

    @Test func chooseCompressAndSaveFromAPage() async throws {
        let data = CLI.newDataDir()
        _ = try await CLI.run(["album", "import", CLI.image("orient_6.jpg")], dataDir: data.path)
        let dir = try page("""
            Page({
              async pick() {
                const { tempFilePaths, tempFiles } = await wx.chooseImage({ count: 1, sourceType: ['album'] })
                const info = await wx.getImageInfo({ src: tempFilePaths[0] })
                console.log('picked', tempFiles[0].size > 0, info.type, info.width, info.height, info.orientation)
                const { tempFilePath } = await wx.compressImage({ src: tempFilePaths[0], quality: 50 })
                const out = await wx.getImageInfo({ src: tempFilePath })
                console.log('compressed', out.type, out.width, out.height, out.orientation)
                wx.saveImageToPhotosAlbum({ filePath: tempFilePath, fail: e => console.log('save', e.errMsg, e.errno) })
              },
            })
            """)
        let r = try await CLI.run(["run", dir.path + "/p.js", "--consent", "deny", "--call", "pick"], dataDir: data.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines == [
            "picked true jpeg 48 64 right", "compressed jpeg 64 48 up",
            "save saveImageToPhotosAlbum:fail auth deny 103",
        ])
        let cancelled = try await CLI.run(["run", dir.path + "/p.js", "--consent", "deny", "--picker", "cancel", "--call", "pick"], dataDir: data.path)
        #expect(cancelled.status == 1)  // the page does not catch the rejection
        #expect(cancelled.stderr.contains(#"Uncaught (in promise) {"errMsg":"chooseImage:fail cancel","errno":1}"#))
    }

    @Test func cameraPhotoAndScanFromAPage() async throws {
        let dir = try page("""
            Page({
              onCameraReady(e) { console.log('initdone', e.detail.maxZoom) },
              onScan(e) { console.log('scancode', e.detail.type, e.detail.result) },
              shoot() {
                wx.createCameraContext().takePhoto({ quality: 'low', success: r => {
                  wx.getImageInfo({ src: r.tempImagePath, success: i => console.log('photo', i.type, i.width, i.height) })
                } })
              },
            })
            """, wxml: """
            <camera mode="scanCode" resolution="low" bindinitdone="onCameraReady" bindscancode="onScan"></camera>
            """)
        let r = try await CLI.run([
            "run", dir.path + "/p.js", "--consent", "allow", "--camera", "synthetic:640x480",
            "--camera-code", "QR_CODE:mini media", "--call", "shoot", "--timeout", "20",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("initdone 10"))
        #expect(r.lines.contains("scancode QR_CODE mini media"))
        #expect(r.lines.contains("photo jpeg 640 480"))
    }

    @Test func scanCodeFallsBackToTheAlbum() async throws {
        let data = CLI.newDataDir()
        // A photo of the synthetic card showing a QR code goes into the album…
        let shoot = try page("""
            Page({
              async shoot() {
                const { tempFilePaths } = await wx.chooseImage({ sourceType: ['camera'], sizeType: ['original'] })
                await wx.saveImageToPhotosAlbum({ filePath: tempFilePaths[0] })
                console.log('saved')
              },
            })
            """)
        let r1 = try await CLI.run(
            ["run", shoot.path + "/p.js", "--consent", "allow", "--camera", "synthetic:640x480",
             "--camera-code", "QR_CODE:from the album", "--call", "shoot"], dataDir: data.path)
        #expect(r1.lines == ["saved"], "\(r1.stderr)")
        // …then a camera showing no code finds nothing, and scanCode reads the album's image.
        let scan = try page("""
            Page({
              scan() { wx.scanCode({ success: r => console.log(r.scanType, r.result), fail: e => console.log(e.errMsg) }) },
              scanCameraOnly() { wx.scanCode({ onlyFromCamera: true, fail: e => console.log(e.errMsg, e.errno) }) },
            })
            """)
        let r2 = try await CLI.run(
            ["run", scan.path + "/p.js", "--consent", "allow", "--camera", "synthetic:320x240",
             "--call", "scan", "--call", "scanCameraOnly"], dataDir: data.path)
        #expect(r2.lines == ["QR_CODE from the album", "scanCode:fail cancel 1"], "\(r2.stderr)")
    }

    @Test func badDeviceOptionsAreUsageErrors() async throws {
        let r = try await CLI.run(["run", CLI.fixture("basics/page.js"), "--camera", "webcam"])
        #expect(r.status == 2)
        let p = try await CLI.run(["run", CLI.fixture("basics/page.js"), "--picker", "random"])
        #expect(p.status == 2)
        #expect(p.stderr.contains("--picker must be first, cancel or prompt"))
    }
}
