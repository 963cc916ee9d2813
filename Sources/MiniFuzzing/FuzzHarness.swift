import MiniCore
import MiniHost
import MiniImaging
import MiniWXML

/// One fuzz target: a parser or decoder that untrusted bytes reach, driven the way the host
/// drives it. `run` must return for every input (any result); a trap, an out-of-bounds access
/// (under ASan) or a hang (libFuzzer's `-timeout`) is a finding.
///
/// `minimedia-fuzz NAME` runs one under libFuzzer (scripts/fuzz.sh); the test suite replays the
/// committed seeds and regressions (Fuzz/corpus/NAME, Fuzz/regressions/NAME) through the same
/// function.
public enum FuzzHarness: String, CaseIterable, Sendable {
    case bmp, gif, png, jpeg, webp, heif, pipeline, exif, tiff, wxml, binding, options, esm

    /// Runs one input; the returned summary is for tests and replays (what the input did).
    @discardableResult
    public func run(_ bytes: [UInt8]) -> String {
        switch self {
        case .bmp: return "\(ImagingFuzzing.decode(.bmp, bytes))"
        case .gif: return "\(ImagingFuzzing.decode(.gif, bytes))"
        case .png: return "\(ImagingFuzzing.decode(.png, bytes))"
        case .jpeg: return "\(ImagingFuzzing.decode(.jpeg, bytes))"
        case .webp: return "\(ImagingFuzzing.decode(.webp, bytes))"
        case .heif: return "\(ImagingFuzzing.decode(.heic, bytes))"
        case .pipeline: return "\(ImagingFuzzing.pipeline(bytes))"
        case .exif: return "\(ImagingFuzzing.exif(bytes).map { "\($0)" } ?? "none")"
        case .tiff: return "\(ImagingFuzzing.tiff(bytes))"
        case .wxml: return MarkupHarness.wxml(bytes)
        case .binding: return MarkupHarness.binding(bytes)
        case .options: return OptionsHarness.run(bytes)
        case .esm: return ModuleHarness.run(bytes)
        }
    }
}
