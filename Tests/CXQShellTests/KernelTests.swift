import Foundation
import Testing

/// cxq as a co-process and in notebooks: `Tests/kernel/kernel_test.py` drives `cxq --coprocess`
/// one command at a time, starts the Jupyter kernel with jupyter_client's KernelManager (cells on
/// demo data and against closerx-sim, completion, an interrupted slow load) and runs
/// `examples/tour.ipynb` with `jupyter nbconvert --execute`.
@Suite struct KernelTests {
    @Test func theKernelAndTheCoprocessProtocolWithRealClients() throws {
        let bin = CommandLineTests.binary.deletingLastPathComponent()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", packageRoot.appendingPathComponent("Tests/kernel/kernel_test.py").path,
                       "--cxq", bin.appendingPathComponent("cxq").path, "--sim", bin.appendingPathComponent("closerx-sim").path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains("kernel: 4 passed, 0 failed"), "\(text)")
    }
}
