import MiniAudio
import MiniCapture
import MiniCore
import Testing

@Suite struct AudioEnvironmentTests {
    @Test func microphoneSpecsParseAndBadOnesNameTheOption() throws {
        #expect(try AudioEnvironment(microphoneSpec: "file:/tmp/a.wav").microphone == .file(path: "/tmp/a.wav"))
        #expect(throws: MediaError.self) { try AudioEnvironment(microphoneSpec: "tape:1") }
        do {
            _ = try AudioEnvironment(microphoneSpec: "tape:1")
        } catch let e as MediaError {
            #expect(e.message.hasPrefix("--microphone: 'tape:1': unknown microphone kind"))
        }
    }
}
