import MiniMediaTesting
import MiniCore
import Testing
@testable import MiniWXML

/// Random and mutated inputs must produce values or errors, never crashes or hangs.
@Suite("Robustness")
struct FuzzTests {
    static let alphabet: [UInt8] = Array("<>/=\"' {}[]().,:?!-+*%&|\\abcxyz019_$\n\t".utf8) + [0, 0xC3, 0xA9, 0xE2, 0x80, 0xFF]

    static func randomBytes(_ rng: inout SplitMix64, maxLength: Int) -> [UInt8] {
        let length = Int.random(in: 0...maxLength, using: &rng)
        return (0..<length).map { _ in
            Bool.random(using: &rng)
                ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
        }
    }

    static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...6, using: &rng) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(alphabet.randomElement(using: &rng)!, at: at)
            default: bytes[at] = alphabet.randomElement(using: &rng)!
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func randomBytesIntoWXML() {
        var rng = SplitMix64(seed: 0xC0FFEE)
        var parsed = 0
        for _ in 0..<3000 {
            let text = String(decoding: Self.randomBytes(&rng, maxLength: 120), as: UTF8.self)
            if let doc = try? WXMLDocument(parsing: text) {
                parsed += 1
                for c in doc.nativeComponents { _ = c.resolve(data: sampleData) }
            }
        }
        #expect(parsed > 0)
    }

    @Test func mutatedPagesIntoWXML() {
        var rng = SplitMix64(seed: 42)
        var parsed = 0
        var failed = 0
        for _ in 0..<1500 {
            let text = Self.mutate(cameraPage, &rng)
            do {
                let doc = try WXMLDocument(parsing: text)
                parsed += 1
                for c in doc.nativeComponents {
                    _ = c.resolve(data: sampleData)
                    _ = c.depends(onChangedPaths: ["position"])
                }
            } catch {
                failed += 1
                #expect(error.line >= 1 && error.column >= 1)
            }
        }
        #expect(parsed > 0 && failed > 0)
    }

    @Test func randomExpressions() {
        var rng = SplitMix64(seed: 7)
        let seeds = BindingExpressionTests.cases.map(\.source)
        var parsed = 0
        for n in 0..<4000 {
            let text =
                n % 2 == 0
                ? String(decoding: Self.randomBytes(&rng, maxLength: 40), as: UTF8.self)
                : Self.mutate(seeds.randomElement(using: &rng)!, &rng)
            do {
                let e = try BindingExpression(text)
                parsed += 1
                _ = e.evaluate(sampleData).jsString
                _ = e.evaluate(.undefined)
            } catch {
                #expect(error.position >= 0 && error.position <= text.unicodeScalars.count)
            }
            _ = try? BindingTemplate(text)
        }
        #expect(parsed > 100)
    }

    @Test func randomSetDataPaths() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<3000 {
            var data = sampleData
            let path = String(decoding: Self.randomBytes(&rng, maxLength: 16), as: UTF8.self)
            do {
                try applySetData(&data, path: path, value: 1)
            } catch let error as SetDataError {
                #expect(error.path == path)
            } catch {
                Issue.record("unexpected error type \(error)")
            }
        }
    }
}
