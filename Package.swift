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
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // Pure core: day model, workspace, language, evaluation, values. No I/O.
        // Release builds drop the dynamic exclusivity checks of the pure core (about a sixth of a
        // query's scan): debug builds, the test suite and `make tsan` keep them.
        .target(name: "CXQCore", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // The CloserX request, credentials and profiles, validation, retries, the day store.
        .target(
            name: "CXQClient",
            dependencies: [
                "CXQCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // libedit's headers (libedit-dev, /usr/include/histedit.h); the library itself is loaded
        // with dlopen when the interactive shell starts (shim.h), so scripts never map it.
        .systemLibrary(
            name: "CLibEdit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        // Session, renderers, batch runner, line readers, file I/O.
        .target(
            name: "CXQShell",
            dependencies: ["CXQCore", "CXQClient", "CLibEdit", .product(name: "Logging", package: "swift-log")]
        ),
        // A local stand-in for the CloserX endpoint, with faults on request.
        .executableTarget(
            name: "closerx-sim",
            dependencies: [
                "CXQCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Argument parsing and wiring only.
        .executableTarget(
            name: "cxq",
            dependencies: [
                "CXQShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CXQCoreTests", dependencies: ["CXQCore"]),
        .testTarget(name: "CXQClientTests", dependencies: ["CXQClient", "CXQCore"]),
        .testTarget(name: "CXQShellTests", dependencies: ["CXQShell", "CXQCore", "CXQClient"], exclude: ["Scripts"]),
    ],
    swiftLanguageModes: [.v6]
)
