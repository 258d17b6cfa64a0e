import CXQCore
import FuzzSupport

/// The statement parser and the parameter substitution on arbitrary bytes: every input either
/// parses or gives a QueryError; nothing traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let line = (try? Parameters(["camp": "c1", "day": "2025-08-23"]).substitute(bytes)) ?? bytes
    var parser = Parser(bytes: line)
    var n = 0
    while n < 64 {
        n += 1
        do {
            guard let statement = try parser.nextStatement() else { break }
            _ = statement.text
        } catch {
            _ = error.message
            _ = error.category
            parser.skipToNextStatement()
        }
    }
    return 0
}

@_cdecl("FuzzParser_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOne)
}
