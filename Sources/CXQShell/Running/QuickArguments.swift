import CXQCore

/// A fast path for the common command lines (`-c …`, `-f FILE`, `FILE`, `-D NAME=VALUE`,
/// `--check`, `--demo`, `--keep-going`, `--no-rc`, `--format F`).
///
/// swift-argument-parser defines cxq's command line, its help and its errors, but its
/// reflection costs about 7 million instructions at start-up — more than the rest of cxq's
/// start together. Lines this recognises completely are taken as they are; anything else
/// (help, a typo, a conflict, `--`) returns nil and goes to swift-argument-parser.
public enum QuickArguments {
    public static func parse(_ args: [String]) -> LaunchOptions? {
        var o = LaunchOptions()
        var script: String?
        var i = 0
        func value() -> String? {
            i += 1
            // A value that looks like an option is left for swift-argument-parser to judge.
            guard i < args.count, !args[i].hasPrefix("-") else { return nil }
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "-c":
                guard let v = value() else { return nil }
                o.commands.append(v)
            case "-f":
                guard o.file == nil, let v = value() else { return nil }
                o.file = v
            case "-D":
                guard let v = value(), let d = Parameters.definition(v) else { return nil }
                o.parameters.append(d)
            case "--check": o.check = true
            case "--demo": o.demo = true
            case "--coprocess": o.coprocess = true
            case "--keep-going": o.keepGoing = true
            case "--no-rc": o.noRC = true
            case "--verbose": o.verbose = true
            case "--profile":
                guard let v = value() else { return nil }
                o.profile = v
            case "--format":
                guard let v = value(), let f = OutputFormat(rawValue: v.lowercased()) else { return nil }
                o.format = f
            default:
                guard !a.hasPrefix("-"), script == nil else { return nil }
                script = a
            }
            i += 1
        }
        if script != nil {
            guard o.file == nil else { return nil }
            o.file = script
        }
        return o
    }
}
