import CXQCore
import FuzzSupport

/// The JSON reader and the day-record reader (day files and API answers) on arbitrary bytes:
/// every input is days or reported problems; nothing traps. What is read back re-encodes to
/// a file that reads back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = JSONParser.parse(bytes)
    _ = DayRecord.decode(bytes: bytes, campaign: "c1", origin: .api)
    let file = DayRecord.decodeFile(bytes, sourceDetail: "fuzz", fetchedAt: nil)
    if !file.days.isEmpty {
        let again = DayRecord.decodeFile(DayRecord.encodeLines(file.days), sourceDetail: "fuzz", fetchedAt: nil)
        if again.days.map(\.values) != file.days.map(\.values) || !again.problems.isEmpty {
            fatalError("a day file written from read days does not read back the same")
        }
    }
    return 0
}

@_cdecl("FuzzDayReader_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOne)
}
