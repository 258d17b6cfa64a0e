import Foundation
import Testing

/// cxq as a co-process and in notebooks: `Tests/kernel/kernel_test.py` drives `cxq --coprocess`
/// one command at a time, starts the Jupyter kernel with jupyter_client's KernelManager (cells on
/// demo data and against closerx-sim, completion, an interrupted slow load) and runs
/// `examples/tour.ipynb` with `jupyter nbconvert --execute`.
@Suite struct KernelTests {
    @Test func theKernelAndTheCoprocessProtocolWithRealClients() throws {
        let r = try runPythonSuite("Tests/kernel/kernel_test.py")
        #expect(r.status == 0, "\(r.text)")
        #expect(r.text.contains("kernel: 4 passed, 0 failed"), "\(r.text)")
    }
}
