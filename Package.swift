// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cxq",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cxq", targets: ["cxq"]),
        .library(name: "CXQCore", targets: ["CXQCore"]),
        .library(name: "CXQShell", targets: ["CXQShell"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure core: day model, workspace, language, evaluation, values. No I/O.
        .target(name: "CXQCore"),
        // Session, renderers, batch runner, line readers, file I/O.
        .target(name: "CXQShell", dependencies: ["CXQCore"]),
        // Argument parsing and wiring only.
        .executableTarget(
            name: "cxq",
            dependencies: [
                "CXQShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CXQCoreTests", dependencies: ["CXQCore"]),
        .testTarget(name: "CXQShellTests", dependencies: ["CXQShell", "CXQCore"]),
    ],
    swiftLanguageModes: [.v6]
)
