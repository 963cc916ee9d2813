import CFuzzDriver
import MiniFuzzing

#if canImport(Glibc)
import Glibc
#endif

/// `minimedia-fuzz NAME [libFuzzer flags] [corpus dirs]` fuzzes one harness (libFuzzer build);
/// `minimedia-fuzz NAME FILE...` replays files through it (any build).
@main
enum FuzzMain {
    /// The harness libFuzzer's C callback runs (set once, before the driver starts).
    nonisolated(unsafe) static var harness = FuzzHarness.bmp

    static func main() {
        let usage = "usage: minimedia-fuzz {\(FuzzHarness.allCases.map(\.rawValue).joined(separator: "|"))} "
            + "[libFuzzer args | files]\n"
        guard CommandLine.arguments.count >= 2, let chosen = FuzzHarness(rawValue: CommandLine.arguments[1]) else {
            complain(usage)
            exit(2)
        }
        harness = chosen
        // libFuzzer sees argv without the harness name.
        let args = [CommandLine.arguments[0]] + CommandLine.arguments.dropFirst(2)
        var cArgs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        var argc = Int32(args.count)
        let status = cArgs.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var argv = buffer.baseAddress
            return minimedia_run_fuzzer(&argc, &argv) { data, size in
                let bytes = size == 0 || data == nil ? [] : [UInt8](UnsafeBufferPointer(start: data, count: size))
                FuzzMain.harness.run(bytes)
                return 0
            }
        }
        if status != -1 { exit(status) }
        // No libFuzzer linked: replay the files given.
        for path in args.dropFirst() {
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

    static func complain(_ message: String) {
        _ = message.withCString { write(2, $0, strlen($0)) }
    }
}
