import Foundation
import Testing

/// Alipay pages through the CLI: `my.scan` over the camera (`--camera-code`), its cancel
/// failure, `my.showAuthGuide`'s notice, and no `my.authorize`.
@Suite("minimedia run --dialect my")
struct AlipayRunTests {
    static let page = """
        Page({
          scan() {
            my.scan({ scanType: ['qrCode'], success: r => console.log('scan', JSON.stringify(r)), fail: e => console.log('scan fail', JSON.stringify(e)) })
          },
          scanBar() {
            my.scan({ type: 'bar', hideAlbum: true, success: r => console.log('bar', r.code, r.barCode, r.qrCode), fail: e => console.log('bar fail', JSON.stringify(e)) })
          },
          guide() {
            my.showAuthGuide({ authType: 'CAMERA', success: r => console.log('guide', JSON.stringify(r)) })
            my.showAuthGuide({ authType: 'camera', fail: e => console.log('guide fail', JSON.stringify(e)) })
            console.log(typeof my.authorize, typeof my.scanCode, typeof wx.scan, my.canIUse('scan'), my.canIUse('authorize'))
          },
        })
        """

    @Test func scanAndAuthGuide() async throws {
        let dir = TemporaryFolder()
        try dir.write("p.js", Self.page)
        let r = try await CLI.run([
            "run", dir.path + "/p.js", "--dialect", "my", "--consent", "allow", "--camera", "synthetic:640x480",
            "--camera-code", "QR_CODE:alipay", "--call", "scan", "--call", "guide", "--timeout", "20",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let rawData = Data("alipay".utf8).base64EncodedString()
        #expect(r.lines == [
            #"scan {"code":"alipay","result":"alipay","scanType":"QR_CODE","rawData":"\#(rawData)","imageChannel":"camera","qrCode":"alipay"}"#,
            "[ui] showAuthGuide authType=CAMERA",
            "undefined undefined undefined true false",
            #"guide {"shown":true}"#,
            #"guide fail {"error":2,"errorMessage":"parameter error: parameter.authType should be one of \"BACKGROUNDER\", \"SHORTCUT\", \"MICROPHONE\", \"ADDRESSBOOK\", \"CAMERA\", \"PHOTO\", \"NOTIFICATION\", \"SELFSTARTING\", \"LBSSERVICE\", \"LBS\" instead of \"camera\";"}"#,
        ])
    }

    @Test func scanFindingNothingIsACancel() async throws {
        let dir = TemporaryFolder()
        try dir.write("p.js", Self.page)
        let r = try await CLI.run([
            "run", dir.path + "/p.js", "--dialect", "my", "--consent", "allow", "--camera", "synthetic:320x240",
            "--call", "scanBar", "--timeout", "20",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines == [#"bar fail {"error":10,"errorMessage":"user canceled"}"#])
    }

    @Test func scanDeniedCameraIsAlipaysDenial() async throws {
        let dir = TemporaryFolder()
        try dir.write("p.js", Self.page)
        let r = try await CLI.run([
            "run", dir.path + "/p.js", "--dialect", "my", "--consent", "deny", "--camera-code", "QR_CODE:x", "--call", "scan",
        ])
        #expect(r.lines == [#"scan fail {"error":2001,"errorMessage":"auth deny"}"#], "\(r.stderr)")
    }
}
