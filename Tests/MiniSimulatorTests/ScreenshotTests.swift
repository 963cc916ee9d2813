import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStorage
import Testing

@testable import MiniSimulator

/// `App.captureScreenshot`'s host side without a browser: the request goes to the newest
/// connected browser, its answer must be a PNG (read back for its size), and a missing browser,
/// a silent one or a broken answer fail with a reason. The drawing itself is tested in
/// chromium by scripts/simulator-e2e.sh.
@Suite struct ScreenshotTests {
    /// A PNG made by ffmpeg (`random`: noise, so it does not compress: a large message).
    static func png(_ dir: TemporaryDirectory, _ name: String, size: String, random: Bool = false) throws -> [UInt8] {
        let path = dir.file(name).path
        let source = random ? "nullsrc=s=\(size),geq=random(1)*255:128:128" : "testsrc2=s=\(size)"
        try MediaTools.ffmpeg(["-f", "lavfi", "-i", source, "-frames:v", "1", "-y", path])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The id of the newest `capture` request the client got, once it is newer than `after`.
    static func captureID(_ client: SimulatorClient, _ seen: Outbox, after: Int = 0) async -> Int? {
        let end = Date().addingTimeInterval(30)
        while Date() < end {
            for t in client.take().texts { seen.append(t) }
            let ids = seen.all.filter { $0.contains(#""type":"capture""#) }.compactMap { HostValue(json: $0)?["id"]?.numberValue.map { Int($0) } }
            if let id = ids.last, id > after { return id }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    static func message(_ error: any Error) -> String { (error as? SimulatorError)?.message ?? "\(error)" }

    @Test(.enabled(if: MediaTools.hasFFmpeg)) func theBrowsersPNGComesBackCheckedAndFailuresSaySo() async throws {
        let dir = TemporaryDirectory("sim-shot")
        defer { dir.remove() }
        var options = SimulatorOptions(path: try SimulatorSessionTests.package(dir))
        options.dataDirectory = dir.file("data")
        let sim = try Simulator(options)

        // No browser: a clear error at once.
        do {
            _ = try await sim.captureScreenshot(timeout: 30)
            Issue.record("a screenshot without a browser")
        } catch {
            #expect(Self.message(error) == "no browser is showing the simulator: open its URL (minimedia serve prints it) first")
        }

        let older = sim.connect()
        let client = sim.connect()
        let seen = Outbox()
        let small = try Self.png(dir, "small.png", size: "360x640")
        let shot = Task { try await sim.captureScreenshot(timeout: 60) }
        let id = try #require(await Self.captureID(client, seen))
        #expect(!older.take().texts.contains { $0.contains(#""type":"capture""#) })
        #expect(sim.received(#"{"type":"captured","id":1.5}"#) == "captured: id must be an integer")
        #expect(sim.received(#"{"type":"captured","id":\#(id + 50),"data":"\#(Data(small).base64EncodedString())"}"#) == "captured: no screenshot \(id + 50) is waiting")
        #expect(sim.received(#"{"type":"captured","id":\#(id)}"#) == "captured: needs data or error")
        #expect(sim.received(#"{"type":"captured","id":\#(id),"data":"\#(Data(small).base64EncodedString())"}"#) == nil)
        let got = try await shot.value
        #expect((got.width, got.height) == (360, 640))
        #expect(got.png == small)
        #expect(got.base64 == Data(small).base64EncodedString())

        // A large answer (over the 1 MiB of other messages) is taken too.
        let big = try Self.png(dir, "big.png", size: "1024x1024", random: true)
        #expect(big.count > 1 << 20)
        let bigShot = Task { try await sim.captureScreenshot(timeout: 60) }
        let bigID = try #require(await Self.captureID(client, seen, after: id))
        #expect(sim.received(#"{"type":"captured","id":\#(bigID),"data":"\#(Data(big).base64EncodedString())"}"#) == nil)
        #expect(try await bigShot.value.width == 1024)

        // Not a PNG: the request fails, and the browser is told why.
        let jpegText = Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0, count: 64)).base64EncodedString()
        let bad = Task { try await sim.captureScreenshot(timeout: 60) }
        let badID = try #require(await Self.captureID(client, seen, after: bigID))
        #expect(sim.received(#"{"type":"captured","id":\#(badID),"data":"\#(jpegText)"}"#) == "captured: data must be a base64 PNG")
        await #expect(throws: SimulatorError.self) { try await bad.value }

        // The browser could not draw: its reason.
        let failing = Task { try await sim.captureScreenshot(timeout: 60) }
        let failID = try #require(await Self.captureID(client, seen, after: badID))
        #expect(sim.received(#"{"type":"captured","id":\#(failID),"error":"tainted canvas"}"#) == nil)
        do {
            _ = try await failing.value
            Issue.record("a failed drawing answered")
        } catch {
            #expect(Self.message(error) == "the browser could not draw the view: tainted canvas")
        }

        // A browser that never answers: the timeout's error.
        do {
            _ = try await sim.captureScreenshot(timeout: 0.3)
            Issue.record("a silent browser answered")
        } catch {
            #expect(Self.message(error) == "the browser did not send the screenshot within 1 s")
        }
        sim.disconnect(client)
        sim.disconnect(older)
    }

    @Test func answersFromOutsideTheBrowserTakeWaitingPromptsOrWaitForTheirKind() async throws {
        let out = Outbox()
        let user = BrowserUser(send: out.append)
        let app = try AppID("sim.give")
        let allow: @Sendable (UserPrompt) -> UserResponse? = { p in if case .consent = p { .consent(true) } else { nil } }
        let deny: @Sendable (UserPrompt) -> UserResponse? = { p in if case .consent = p { .consent(false) } else { nil } }

        // A waiting prompt takes it; its dialog closes in the browser.
        let asked = Task { try await user.consent(app: app, scope: .camera, dialect: .wx) }
        let message = try #require(await out.wait(for: #""kind":"consent""#))
        let id = try #require(BrowserUserTests.promptID(message))
        #expect(user.pendingPrompts.count == 1)
        #expect(user.give(allow))
        #expect(try await asked.value == true)
        #expect(await out.wait(for: #"{"type":"promptClosed","id":\#(id)}"#) != nil)
        #expect(user.pendingPrompts.isEmpty)
        #expect(user.answer(id: id, ["allow": false]) == "no prompt \(id) is waiting")

        // Given early: kept for the next prompt it answers, which never reaches the browser.
        #expect(user.give(deny) == false)
        let before = out.all.count
        #expect(try await user.consent(app: app, scope: .record, dialect: .wx) == false)
        #expect(out.all.count == before)
        // Used once: the next prompt goes to the browser again.
        let third = Task { try await user.consent(app: app, scope: .camera, dialect: .wx) }
        let next = try #require(await out.wait(for: #""id":\#(id + 1),"#))
        #expect(next.contains(#""kind":"consent""#))
        #expect(user.answer(id: id + 1, ["allow": true]) == nil)
        #expect(try await third.value == true)
    }
}
