import MiniJS

/// Page and module sources as a package supplies them, through the ES module compiler the
/// module loader runs (`ESModuleCompiler`): any bytes must compile, be left as they are, or fail
/// with a syntax error — and a compiled module keeps every line where it was (the header is
/// one line, removed statements keep their line breaks), which this checks.
enum ModuleHarness {
    static func run(_ bytes: [UInt8]) -> String {
        do {
            guard let out = try ESModuleCompiler.compileIfModule(bytes) else { return "script" }
            let newlines = { (b: [UInt8]) in b.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
            precondition(newlines(out) == newlines(bytes), "the compiled module moved lines")
            return "module \(out.count) bytes"
        } catch {
            return "syntax error \(error.line):\(error.column)"
        }
    }
}
