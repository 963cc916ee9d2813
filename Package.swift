// swift-tools-version:6.0
import PackageDescription

/// The codec libraries (FFmpeg, libheif, libwebp, libpng, giflib, TurboJPEG, libyuv, zxing-cpp)
/// and libcurl are loaded on first use through the trampolines in Sources/CLazyLibs, so a page
/// that uses no codec (or no network) does not load them. MINIMEDIA_EAGER_LINK=1 (and any
/// non-x86_64 host) links them directly instead; scripts/gen-lazy-libs.py regenerates the
/// trampolines from such a build.
#if arch(x86_64)
let eagerLink = Context.environment["MINIMEDIA_EAGER_LINK"] != nil
#else
let eagerLink = true
#endif

/// What a target that calls codec libraries links: the libraries themselves, or nothing (the
/// trampolines are linked through the CLazyLibs dependency).
func codecLinks(_ libraries: [String]) -> [LinkerSetting] {
    eagerLink ? libraries.map { .linkedLibrary($0) } : []
}
let lazyLibs: [Target.Dependency] = eagerLink ? [] : ["CLazyLibs"]

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "MiniMedia",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "minimedia", targets: ["minimedia"]),
        .executable(name: "minimedia-serve", targets: ["minimedia-serve"]),
        .library(name: "MiniApp", targets: ["MiniApp"]),
        .library(name: "MiniHost", targets: ["MiniHost"]),
        .library(name: "MiniJS", targets: ["MiniJS"]),
        .library(name: "MiniPhotos", targets: ["MiniPhotos"]),
        .library(name: "MiniNet", targets: ["MiniNet"]),
        .library(name: "MiniCamera", targets: ["MiniCamera"]),
        .library(name: "MiniStandard", targets: ["MiniStandard"]),
        .library(name: "MiniAudio", targets: ["MiniAudio"]),
        .library(name: "MiniMediaTesting", targets: ["MiniMediaTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        // C libraries, each behind its own target.
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CJavaScriptCore", pkgConfig: "javascriptcoregtk-4.1",
            providers: [.apt(["libjavascriptcoregtk-4.1-dev"])]),

        // Codec headers only: what links them is decided by `codecLinks` / CLazyLibs.
        .systemLibrary(name: "CTurboJPEG", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPNG", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CWebP", providers: [.apt(["libwebp-dev"])]),
        .systemLibrary(name: "CYUV", providers: [.apt(["libyuv-dev"])]),
        .systemLibrary(name: "CGIF", providers: [.apt(["libgif-dev"])]),
        .systemLibrary(name: "CHeif", providers: [.apt(["libheif-dev"])]),
        .systemLibrary(
            name: "CFFmpeg", providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev", "libswresample-dev", "libavfilter-dev"])]),
        // ALSA headers only (libasound loads lazily like the codecs): the alsa: microphone.
        .systemLibrary(name: "CALSA", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CLazyLibs", linkerSettings: [.linkedLibrary("dl")]),
        // openat2(RESOLVE_BENEATH) for the file sandbox (MiniStorage.BeneathWalk).
        .target(name: "CSandboxFS"),
        .systemLibrary(name: "CV4L2", providers: [.apt(["linux-libc-dev"])]),
        // zxing-cpp behind an extern "C" shim: no C++ interop leaks into Swift targets.
        .target(
            name: "CZXingShim", dependencies: lazyLibs, cxxSettings: [.define("ZX_USE_UTF8")],
            linkerSettings: codecLinks(["ZXing"])),

        // Layers.
        .target(name: "MiniCore", swiftSettings: strict),
        .target(
            name: "MiniStorage",
            // libcrypto (file digests) loads on first use like the codecs.
            dependencies: ["MiniCore", "COpenSSL", "CSandboxFS", .product(name: "GRDB", package: "GRDB.swift")] + lazyLibs,
            swiftSettings: strict, linkerSettings: codecLinks(["crypto"])),
        // Network access from page code: the allowed-host policy on the resolved address, libcurl.
        .target(
            name: "MiniNet", dependencies: ["MiniCore", "CCurl"] + lazyLibs, swiftSettings: strict,
            linkerSettings: codecLinks(["curl"])),
        .target(name: "MiniHost", dependencies: ["MiniCore", "MiniStorage", "MiniNet", "MiniWXML"], swiftSettings: strict),
        .target(
            name: "MiniImaging", dependencies: ["CTurboJPEG", "CPNG", "CWebP", "CYUV", "CGIF", "CHeif"] + lazyLibs,
            swiftSettings: strict,
            linkerSettings: codecLinks(["turbojpeg", "png16", "webp", "webpdemux", "yuv", "gif", "heif"])),
        .target(name: "MiniBarcode", dependencies: ["CZXingShim"], swiftSettings: strict),
        // Demux/decode, encode/mux (crash-safe MP4), resample and scale over FFmpeg.
        .target(
            name: "MiniCodec", dependencies: ["MiniCore", "CFFmpeg", "CYUV"] + lazyLibs, swiftSettings: strict,
            linkerSettings: codecLinks(["avformat", "avcodec", "avutil", "swscale", "swresample", "avfilter", "yuv"])),
        .target(
            name: "MiniCapture", dependencies: ["MiniCore", "MiniCodec", "CFFmpeg", "CV4L2", "CALSA"] + lazyLibs, swiftSettings: strict,
            linkerSettings: codecLinks(["avformat", "avcodec", "avutil", "swscale", "asound"])),
        .target(name: "MiniWXML", dependencies: ["MiniCore"], swiftSettings: strict),
        .target(
            name: "MiniJS", dependencies: ["MiniCore", "MiniStorage", "MiniHost", "MiniWXML", "CJavaScriptCore"], swiftSettings: strict),
        .target(
            name: "MiniPhotos",
            dependencies: [
                "MiniCore", "MiniStorage", "MiniHost", "MiniImaging", "MiniNet", "MiniCodec", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .target(
            name: "MiniCamera",
            dependencies: ["MiniCore", "MiniHost", "MiniStorage", "MiniCapture", "MiniCodec", "MiniBarcode", "MiniImaging"],
            swiftSettings: strict),
        // getVideoInfo / compressVideo over MiniCodec.
        .target(
            name: "MiniVideo", dependencies: ["MiniCore", "MiniHost", "MiniStorage", "MiniNet", "MiniCodec", "MiniImaging", "MiniCapture"],
            swiftSettings: strict),
        // RecorderManager, InnerAudioContext, BackgroundAudioManager, the mixer and the speakers' use.
        .target(
            name: "MiniAudio", dependencies: ["MiniCore", "MiniHost", "MiniStorage", "MiniNet", "MiniCapture", "MiniCodec"],
            swiftSettings: strict),
        .target(name: "MiniApp", dependencies: ["MiniCore", "MiniStorage", "MiniHost", "MiniJS", "MiniNet", "MiniWXML"], swiftSettings: strict),
        .target(
            name: "MiniStandard", dependencies: ["MiniCore", "MiniHost", "MiniPhotos", "MiniCamera", "MiniVideo", "MiniAudio", "MiniCapture"],
            swiftSettings: strict),
        // `minimedia serve`: the browser simulator (HTTP + WebSocket on 127.0.0.1, assets embedded).
        .target(
            name: "MiniSimulator",
            dependencies: [
                "MiniCore", "MiniHost", "MiniWXML", "MiniApp", "MiniJS", "MiniStandard", "MiniCamera", "MiniCapture", "MiniImaging",
                "MiniPhotos", "MiniStorage", "MiniNet", "MiniVideo", "MiniCodec", "MiniAudio", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict),
        .target(name: "MiniMediaTesting", dependencies: ["MiniCore", "MiniHost", "MiniStorage", "MiniNet"], swiftSettings: strict),
        // The DevTools automation protocol (minium / miniprogram-automator) over a WebSocket.
        .target(
            name: "MiniAutomation",
            dependencies: [
                "MiniCore", "MiniHost", "MiniJS", "MiniWXML", "MiniApp", "MiniStandard",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "minimedia",
            dependencies: [
                "MiniCore", "MiniHost", "MiniStorage", "MiniJS", "MiniApp", "MiniStandard", "MiniPhotos", "MiniNet", "MiniCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // What the command-line programs share: option groups, Setup, CommandMain.
        .target(
            name: "MiniCommandLine",
            dependencies: ["MiniCore", "MiniHost", "MiniStorage", "MiniNet", "MiniStandard", "MiniApp", "MiniJS", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        // `minimedia serve` and `minimedia auto` exec it: the simulator's and the automation
        // protocol's servers (Hummingbird), kept out of the `minimedia` binary.
        .executableTarget(
            name: "minimedia-serve",
            dependencies: [
                "MiniSimulator", "MiniAutomation", "MiniCommandLine", "MiniCore", "MiniHost", "MiniJS", "MiniApp", "MiniNet", "MiniStandard",
                "MiniStorage", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // A Swift host app embedding MiniApp with an API of its own (Examples/host-app).
        .executableTarget(
            name: "example-host", dependencies: ["MiniApp", "MiniCore", "MiniHost", "MiniJS", "MiniPhotos"],
            path: "Examples/host-app/Sources", swiftSettings: strict),
        // Records MP4s in a loop for the recording crash test (killed with SIGKILL).
        .executableTarget(name: "minimedia-recordprobe", dependencies: ["MiniCodec", "MiniCore"], swiftSettings: strict),
        .executableTarget(name: "minimedia-crashprobe", dependencies: ["MiniStorage", "MiniCore"], swiftSettings: strict),
        // Swaps a folder and a link to outside, for the sandbox's symlink-race test.
        .executableTarget(name: "minimedia-swapper"),
        .executableTarget(
            name: "minimedia-storeprobe", dependencies: ["MiniStorage", "MiniPhotos", "MiniCore"], swiftSettings: strict),
        .executableTarget(
            name: "imaging-bench", dependencies: ["MiniImaging", "MiniPhotos", "MiniHost", "MiniStorage", "MiniCore"],
            swiftSettings: strict),
        .executableTarget(
            name: "capture-bench", dependencies: ["MiniBarcode", "MiniCapture", "MiniCodec", "CZXingShim"], swiftSettings: strict),
        .executableTarget(
            name: "camera-bench", dependencies: ["MiniCamera", "MiniJS", "MiniApp", "MiniHost", "MiniCapture", "MiniBarcode", "MiniMediaTesting"],
            swiftSettings: strict),
        // <live-player>'s time to first frame on a local nginx-rtmp server, beside ffprobe's.
        .executableTarget(
            name: "live-bench", dependencies: ["MiniVideo", "MiniHost", "MiniCore", "MiniNet", "MiniMediaTesting"], swiftSettings: strict),
        .executableTarget(
            name: "video-bench", dependencies: ["MiniVideo", "MiniCore", "MiniCodec", "MiniMediaTesting"], swiftSettings: strict),
        // Fuzz harnesses (scripts/fuzz.sh: libFuzzer build in .build-fuzz; a plain build replays files).
        .target(name: "MiniFuzzing", dependencies: ["MiniCore", "MiniHost", "MiniImaging", "MiniWXML", "MiniJS"], swiftSettings: strict),
        .executableTarget(name: "minimedia-fuzz", dependencies: ["MiniFuzzing"], swiftSettings: strict),
        .executableTarget(name: "imaging-stress", dependencies: ["MiniImaging"], swiftSettings: strict),
        // The audio playback engine's latency, CPU per stream and decode speed beside ffmpeg.
        .executableTarget(
            name: "audio-play-bench", dependencies: ["MiniAudio", "MiniApp", "MiniJS", "MiniHost", "MiniCapture", "MiniCodec", "MiniStorage", "MiniMediaTesting"],
            swiftSettings: strict),
        .executableTarget(name: "minimedia-bench", dependencies: ["MiniJS", "MiniApp", "MiniHost", "CJavaScriptCore"], swiftSettings: strict),
        // RecorderManager: encoding speed beside ffmpeg, start → onStart, onFrameRecorded jitter.
        .executableTarget(
            name: "audio-bench", dependencies: ["MiniAudio", "MiniCodec", "MiniCapture", "MiniJS", "MiniApp", "MiniHost", "MiniStorage", "MiniMediaTesting"],
            swiftSettings: strict),

        .testTarget(
            name: "MiniHostTests",
            dependencies: ["MiniCore", "MiniHost", "MiniStorage", "MiniMediaTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "MiniJSTests",
            dependencies: [
                "MiniCore", "MiniHost", "MiniJS", "MiniApp", "MiniStandard", "MiniCamera", "MiniMediaTesting", "CJavaScriptCore",
            ],
            swiftSettings: strict),
        .testTarget(name: "MiniWXMLTests", dependencies: ["MiniWXML", "MiniCore", "MiniMediaTesting"], swiftSettings: strict),
        .testTarget(name: "MiniImagingTests", dependencies: ["MiniImaging", "MiniMediaTesting"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "MiniBarcodeTests", dependencies: ["MiniBarcode"], swiftSettings: strict),
        .testTarget(
            name: "MiniVideoTests",
            dependencies: [
                "MiniCore", "MiniHost", "MiniJS", "MiniApp", "MiniVideo", "MiniCodec", "MiniMediaTesting", "MiniImaging", "MiniCapture", "MiniNet",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "MiniAudioTests",
            dependencies: ["MiniCore", "MiniHost", "MiniJS", "MiniApp", "MiniAudio", "MiniCapture", "MiniCodec", "MiniStandard", "MiniMediaTesting"],
            swiftSettings: strict),
        .testTarget(name: "MiniCodecTests", dependencies: ["MiniCore", "MiniCodec", "MiniMediaTesting"], swiftSettings: strict),
        .testTarget(name: "MiniCaptureTests", dependencies: ["MiniCore", "MiniCapture", "MiniBarcode", "MiniMediaTesting"], swiftSettings: strict),
        .testTarget(
            name: "MiniPhotosTests",
            dependencies: ["MiniCore", "MiniHost", "MiniStorage", "MiniImaging", "MiniPhotos", "MiniNet", "MiniMediaTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "MiniCameraTests",
            dependencies: [
                "MiniCore", "MiniHost", "MiniStorage", "MiniJS", "MiniApp", "MiniCamera", "MiniCapture", "MiniBarcode", "MiniImaging",
                "MiniMediaTesting", "MiniCodec",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "MiniAppTests",
            dependencies: ["MiniCore", "MiniHost", "MiniJS", "MiniApp", "MiniCamera", "MiniStandard", "MiniMediaTesting"],
            swiftSettings: strict),
        .testTarget(name: "MiniFuzzingTests", dependencies: ["MiniFuzzing", "MiniImaging"], swiftSettings: strict),
        .testTarget(
            name: "MiniSimulatorTests", dependencies: ["MiniSimulator", "MiniCore", "MiniHost", "MiniStorage", "MiniMediaTesting", "MiniNet", "MiniCapture"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["MiniCore", "MiniMediaTesting"], swiftSettings: strict),
        .testTarget(name: "MiniNetTests", dependencies: ["MiniCore", "MiniNet", "MiniMediaTesting"], swiftSettings: strict),
        .testTarget(
            name: "MiniAutomationTests",
            dependencies: [
                "MiniCore", "MiniHost", "MiniStorage", "MiniJS", "MiniApp", "MiniStandard", "MiniAutomation", "MiniMediaTesting",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict),
    ],
    cxxLanguageStandard: .cxx17
)
