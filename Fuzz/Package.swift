// swift-tools-version:6.0
// Fuzz targets for cxq's core (libFuzzer). Built apart from the main package so that only the
// core is compiled: `Sources/CXQCore` here is a link to the real one. Built with
// `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library` (see the Makefile's `fuzz`
// targets and docs/reliability.md); `make fuzz` runs every target, `make fuzz-smoke` a short
// run of each (in .ci/run).
import PackageDescription

let package = Package(
    name: "cxq-fuzz",
    targets: [
        .target(name: "CXQCore"),
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzParser", dependencies: ["CXQCore", "FuzzSupport"]),
        .executableTarget(name: "FuzzDayReader", dependencies: ["CXQCore", "FuzzSupport"]),
        .executableTarget(name: "FuzzEvaluate", dependencies: ["CXQCore", "FuzzSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
