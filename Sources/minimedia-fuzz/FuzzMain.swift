import MiniFuzzing

#if canImport(Glibc)
import Glibc
#endif

// Two builds of one program:
// - scripts/fuzz.sh builds with `--sanitize=fuzzer -DMINIMEDIA_LIBFUZZER`: libFuzzer's own `main`
//   runs `minimedia-fuzz NAME [libFuzzer flags] [corpus dirs]`; LLVMFuzzerInitialize takes NAME
//   off argv before libFuzzer parses it.
// - a plain `swift build`: `minimedia-fuzz NAME FILE...` replays files through the harness.

/// The harness the C callbacks run (set once, before any input).
nonisolated(unsafe) var chosenHarness = FuzzHarness.bmp

let usage = "usage: minimedia-fuzz {\(FuzzHarness.allCases.map(\.rawValue).joined(separator: "|"))} [libFuzzer args | files]\n"

func complain(_ message: String) {
    _ = message.withCString { write(2, $0, strlen($0)) }
}

#if MINIMEDIA_LIBFUZZER
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>,
                             _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> Int32 {
    let args = argv.pointee
    guard argc.pointee >= 2, let name = args[1], let harness = FuzzHarness(rawValue: String(cString: name)) else {
        complain(usage)
        exit(2)
    }
    chosenHarness = harness
    // Drop argv[1] (argv is NULL-terminated).
    for i in 1 ..< Int(argc.pointee) { args[i] = args[i + 1] }
    argc.pointee -= 1
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size == 0 || data == nil ? [] : [UInt8](UnsafeBufferPointer(start: data, count: size))
    chosenHarness.run(bytes)
    return 0
}
#else
@main
enum FuzzReplay {
    static func main() {
        let args = CommandLine.arguments
        guard args.count >= 2, let harness = FuzzHarness(rawValue: args[1]) else {
            complain(usage)
            exit(2)
        }
        for path in args.dropFirst(2) {
            guard let bytes = read(path) else {
                complain("cannot open \(path)\n")
                exit(1)
            }
            print("\(path): \(harness.run(bytes))")
        }
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes += chunk[0 ..< n]
        }
        return bytes
    }
}
#endif
