import CXQCore
import FuzzSupport

/// Parse and evaluate arbitrary lines on a small workspace that includes days with extreme
/// values (totals near the 64-bit limits, negative hours): every statement gives a value, an
/// effect or a QueryError; nothing traps (no overflow, no out-of-range index).
let clock = FixedClock(CivilDate(year: 2025, month: 8, day: 23)!)
let evaluator = Evaluator(clock: clock)

let baseState: SessionState = {
    var state = SessionState()
    for d in 18...23 {
        _ = state.workspace.insert(DemoGenerator.day(campaign: "c1", date: CivilDate(year: 2025, month: 8, day: d)!))
        _ = state.workspace.insert(DemoGenerator.day(campaign: "c2", date: CivilDate(year: 2025, month: 8, day: d)!))
    }
    let date = CivilDate(year: 2025, month: 8, day: 23)!
    let half = Int64.max / 2
    var big = [Int64](repeating: 0, count: 24), small = [Int64](repeating: 0, count: 24)
    big[9] = half; big[10] = half
    small[9] = -half; small[10] = -half
    _ = state.workspace.insert(Day(campaign: "big", date: date, credits: big, creditsChange: small, results: big, resultsChange: small, origin: .file))
    _ = state.workspace.insert(Day(campaign: "neg", date: date, credits: small, creditsChange: big, results: small, resultsChange: big, origin: .file))
    return state
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var state = baseState
    var parser = Parser(bytes: bytes)
    var n = 0
    while n < 16 {
        n += 1
        let statement: Statement
        do {
            guard let s = try parser.nextStatement() else { break }
            statement = s
        } catch {
            parser.skipToNextStatement()
            continue
        }
        var rounds = 0
        while rounds < 4 {
            rounds += 1
            do {
                switch try evaluator.evaluate(statement, in: &state) {
                case .value:
                    rounds = 4
                case .effect(.fetch(let plan)):
                    // Served by the demo generator, as --demo does; huge plans are cut short.
                    guard plan.requests.count <= 64 else { rounds = 4; break }
                    let results = plan.requests.map {
                        FetchResult.success(DemoGenerator.day(campaign: $0.campaign, date: $0.date ?? clock.date))
                    }
                    if try evaluator.absorb(plan, results: results, into: &state) != nil { rounds = 4 }
                case .effect:
                    rounds = 4
                }
            } catch {
                _ = error.message
                rounds = 4
            }
        }
    }
    return 0
}

@_cdecl("FuzzEvaluate_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOne)
}
