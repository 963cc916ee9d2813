import Foundation
import MiniCore
import MiniPhotos
import Testing

@Suite("Album pickers")
struct PickerTests {
    static func items(_ n: Int) -> [AlbumItem] {
        (0..<n).map { i in
            AlbumItem(id: Int64(n - i), filename: "\(i).jpg", kind: .image, width: 64, height: 48, size: 100, created: 0, sourceApp: "x")
        }
    }

    @Test func first() async throws {
        #expect(try await AlbumPickers.First().pick(Self.items(5), count: 2).map(\.id) == [5, 4])
        await #expect(throws: AlbumPickers.cancelled) { try await AlbumPickers.First().pick([], count: 2) }
    }

    @Test func cancel() async throws {
        await #expect(throws: AlbumPickers.cancelled) { try await AlbumPickers.Cancel().pick(Self.items(3), count: 1) }
    }

    @Test func named() {
        #expect(AlbumPickers.named("first") is AlbumPickers.First)
        #expect(AlbumPickers.named("cancel") is AlbumPickers.Cancel)
        #expect(AlbumPickers.named("prompt") is AlbumPickers.Prompt)
        #expect(AlbumPickers.named("random") == nil)
    }

    final class Script: @unchecked Sendable {
        var answers: [String?]
        var written = ""
        init(_ answers: [String?]) { self.answers = answers }
        func next() -> String? { answers.isEmpty ? nil : answers.removeFirst() }
    }

    func prompt(_ script: Script) -> AlbumPickers.Prompt {
        AlbumPickers.Prompt(requireTTY: false, readLine: { script.next() }, write: { script.written += $0 })
    }

    @Test func promptChooses() async throws {
        let script = Script(["9", "1 3 4", "3,1"])
        let chosen = try await prompt(script).pick(Self.items(4), count: 2)
        #expect(chosen.map(\.id) == [2, 4])
        #expect(script.written.contains("Photo album (4 items, newest first):"))
        #expect(script.written.contains("  1. #4 image 64x48 100 bytes from x"))
        #expect(script.written.contains("\"9\" is not an item number between 1 and 4; try again"))
        #expect(script.written.contains("choose at most 2; try again"))
    }

    @Test("empty line and end of input cancel", arguments: [[""] as [String?], [nil], ["c"]])
    func promptCancels(_ answers: [String?]) async throws {
        await #expect(throws: AlbumPickers.cancelled) { try await prompt(Script(answers)).pick(Self.items(2), count: 1) }
    }

    @Test("no terminal: a clear failure")
    func noTerminal() async throws {
        // Test runners have no terminal on stdin.
        guard isatty(STDIN_FILENO) == 0 else { return }
        await #expect(throws: MediaError(.internalError, "no terminal to pick from the album; pass --picker first or --picker cancel")) {
            try await AlbumPickers.Prompt().pick(Self.items(2), count: 1)
        }
    }
}
