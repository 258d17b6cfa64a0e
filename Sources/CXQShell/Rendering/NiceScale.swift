/// Round steps for axes and legends: 1, 2, 2.5 or 5 × 10ⁿ, so that an axis reads 0, 500, 1000
/// and a legend of integer sums reads in whole numbers (never `1041.50` or `3702.25`).
enum NiceScale {
    /// The smallest round step that covers `span` in at most `parts` steps.
    static func step(_ span: Double, parts: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(1, parts))
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * power >= raw { return m * power }
        return 10 * power
    }

    /// The largest round step that `parts` steps do not exceed `span` with (the last of a legend's
    /// intervals then runs to the highest value).
    static func stepBelow(_ span: Double, parts: Int) -> Double {
        let up = step(span, parts: parts)
        let raw = span / Double(max(1, parts))
        guard up > raw else { return up }
        var power = 1.0
        while power * 10 <= up { power *= 10 }
        while power > up { power /= 10 }
        let below = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * power }.filter { $0 <= raw }.max() ?? power / 2
        return below > 0 ? below : up
    }

    /// Tick values from a round number at or below `lo` to one at or above `hi`.
    static func ticks(_ lo: Double, _ hi: Double, parts: Int = 5) -> [Double] {
        let s = step(hi - lo, parts: parts)
        let first = (lo / s).rounded(.down) * s
        var out: [Double] = []
        var v = first
        while v < hi + s * 0.5, out.count < 50 {
            out.append(abs(v) < s * 1e-9 ? 0 : v)
            v += s
        }
        if out.count < 2 { out.append(first + s) }
        return out
    }
}
