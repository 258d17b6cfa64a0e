import CXQCore

/// Number text without Foundation formatters (they are slow and locale-bound).
public enum NumberFormat {
    static let powers: [UInt64] = (0...17).map { p in (0..<p).reduce(UInt64(1)) { a, _ in a * 10 } }

    /// A decimal with exactly `places` digits after the point, rounded half away from zero.
    public static func fixed(_ x: Double, places: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "null" : (x < 0 ? "-inf" : "inf") }
        let p = max(0, min(places, 17))
        let scaled = (x.magnitude * Double(powers[p])).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return x.description }
        let n = UInt64(scaled)
        let intPart = n / powers[p]
        var s = (x < 0 && n != 0 ? "-" : "") + String(intPart)
        if p > 0 {
            let frac = String(n % powers[p])
            s += "." + String(repeating: "0", count: p - frac.count) + frac
        }
        return s
    }

    /// A cell as text in the human formats; `null` is what stands for a value that does not exist.
    public static func text(_ cell: Cell, precision: Int, null: String = "-") -> String {
        switch cell {
        case .int(let v): return String(v)
        case .double(let d): return fixed(d, places: precision)
        case .text(let s): return s
        case .null: return null
        }
    }

    public static func text(_ n: Number, precision: Int, null: String = "-") -> String { text(Cell(n), precision: precision, null: null) }

    /// A JSON number, unrounded (the shortest text that reads back as the same double).
    public static func json(_ cell: Cell, into out: inout [UInt8]) {
        switch cell {
        case .int(let v): appendInteger(v, to: &out)
        case .double(let d):
            if d.isFinite {
                if d == d.rounded(), d.magnitude < 1e15 { appendInteger(Int64(d), to: &out); out.append(contentsOf: [46, 48]) }
                else { out.append(contentsOf: d.description.utf8) }
            } else { out.append(contentsOf: "null".utf8) }
        case .text(let s): appendJSONString(s, to: &out)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }
}
