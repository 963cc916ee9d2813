// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "MiniMedia",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "minimedia", targets: ["minimedia"]),
        .library(name: "MiniHost", targets: ["MiniHost"]),
        .library(name: "MiniJS", targets: ["MiniJS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries, each behind its own target.
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CJavaScriptCore", pkgConfig: "javascriptcoregtk-4.1",
            providers: [.apt(["libjavascriptcoregtk-4.1-dev"])]),

        // Layers.
        .target(name: "MiniCore", swiftSettings: strict),
        .target(
            name: "MiniStorage",
            dependencies: ["MiniCore", "COpenSSL", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(name: "MiniHost", dependencies: ["MiniCore", "MiniStorage"], swiftSettings: strict),
        .target(name: "MiniWXML", dependencies: ["MiniCore"], swiftSettings: strict),
        .target(
            name: "MiniJS", dependencies: ["MiniCore", "MiniHost", "MiniWXML", "CJavaScriptCore"], swiftSettings: strict),
        .target(name: "MiniMediaTesting", dependencies: ["MiniCore", "MiniHost", "MiniStorage"], swiftSettings: strict),
        .executableTarget(
            name: "minimedia",
            dependencies: [
                "MiniCore", "MiniHost", "MiniStorage", "MiniJS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(name: "minimedia-crashprobe", dependencies: ["MiniStorage", "MiniCore"], swiftSettings: strict),
        .executableTarget(name: "minimedia-bench", dependencies: ["MiniJS", "MiniHost", "CJavaScriptCore"], swiftSettings: strict),

        .testTarget(
            name: "MiniHostTests",
            dependencies: ["MiniCore", "MiniHost", "MiniStorage", "MiniMediaTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "MiniJSTests",
            dependencies: ["MiniCore", "MiniHost", "MiniJS", "MiniMediaTesting"],
            swiftSettings: strict),
        .testTarget(name: "MiniWXMLTests", dependencies: ["MiniWXML", "MiniCore"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["MiniCore"], swiftSettings: strict),
    ]
)
