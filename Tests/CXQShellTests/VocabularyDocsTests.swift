import Foundation
import Testing
import CXQCore
@testable import CXQShell

/// The vocabulary is the one declaration of the language's words: the docs must agree with it.
@Suite struct VocabularyDocsTests {
    /// The first column of each row of the markdown table under `heading` in docs/language.md.
    static func firstColumn(under heading: String) throws -> [String] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("docs/language.md"), encoding: .utf8)
        guard let start = text.range(of: "\n" + heading + "\n") else { return [] }
        var cells: [String] = []
        var inTable = false
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                inTable = true
                let cell = line.dropFirst().prefix(while: { $0 != "|" })
                cells.append(String(cell))
            } else if inTable { break }
        }
        return Array(cells.dropFirst(2)) // the header and the rule
    }

    /// The leading word of every code span in a cell: `sum/avg METRIC` gives sum and avg.
    static func words(in cell: String) -> [String] {
        cell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.flatMap { span in
            span.element.split(separator: " ").first.map { $0.split(separator: "/").map(String.init) } ?? []
        }
    }

    @Test func theDocsCommandTableNamesEveryCommandAndNoOther() throws {
        let documented = Set(try Self.firstColumn(under: "## Commands").flatMap(Self.words))
        #expect(!documented.isEmpty)
        #expect(documented == Set(Vocabulary.commandWords),
                "in the docs only: \(documented.subtracting(Vocabulary.commandWords)); in the vocabulary only: \(Set(Vocabulary.commandWords).subtracting(documented))")
    }

    @Test func theDocsSettingsTableNamesEverySetting() throws {
        let documented = try Self.firstColumn(under: "## Settings").flatMap(Self.words)
        #expect(documented == Vocabulary.settingNames)
    }

    @Test func everyHelpExampleParses() throws {
        for spec in Vocabulary.commands {
            #expect(!spec.examples.isEmpty, "\(spec.name)")
            for example in spec.examples {
                let statements = try Parser.parseAll(example)
                #expect(statements.count == 1, "\(example)")
                #expect(Vocabulary.command(named: String(example.prefix(while: { $0 != " " })))?.name == spec.name, "\(example)")
            }
        }
    }

    /// Every example `help COMMAND` shows runs, on demo data, without an error: all of them in one
    /// session (in help's order, in a folder of their own, after two months of one campaign are
    /// loaded), and `watch`'s until it is interrupted.
    @Test func everyHelpExampleRunsOnDemoData() throws {
        let dir = temporaryDirectory()
        try "days\n".write(to: dir.appendingPathComponent("report.cxq"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("examples/days.jsonl"), to: dir.appendingPathComponent("days.jsonl"))
        var lines = ["load camp123 2025-07-01..2025-08-23"]
        var watch: [String] = []
        for spec in Vocabulary.commands where spec.name != .quit {
            for example in spec.examples {
                if spec.name == .watch { watch.append(example) } else { lines.append(example) }
            }
        }
        // Each example is its own run of `-c`, so that an error names the example.
        let r = try CommandLineTests.cxq(["--demo", "--no-rc", "--keep-going"] + lines.flatMap { ["-c", $0] }, directory: dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(!r.err.contains("error:"), "\(r.err)")
        #expect(r.out.contains("explain"), "explain's title says how many hours explain the change")
        #expect(Help.text(for: "quit")!.contains("quit"))

        #expect(watch == ["watch 60 load camp123 today"])
        let p = Process()
        p.executableURL = CommandLineTests.binary
        p.arguments = ["--demo", "--no-rc", "-c", watch[0]]
        p.currentDirectoryURL = dir
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": dir.path, "TZ": "UTC"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("loaded 1 day") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        p.interrupt()
        seen += out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(String(decoding: seen, as: UTF8.self).contains("watch stopped"))
        #expect(p.terminationStatus == 0)
    }

    /// `help COMMAND`: the synopsis, what it does, and its examples.
    @Test func helpForACommandShowsItsExamples() throws {
        let text = try #require(Help.text(for: "explain"))
        #expect(text.contains("explain [A]") && text.contains("which hours made the change"))
        #expect(text.contains("explain camp123@2025-08-23 offset 1w results"))
    }

    /// Help, did-you-mean and completion all come from the same table.
    @Test func helpSuggestionsAndCompletionReadTheVocabulary() throws {
        for spec in Vocabulary.commands {
            #expect(Help.text(for: spec.words[0])?.hasPrefix(spec.synopsis) == true)
        }
        #expect(Completer.complete("", context: CompletionContext()).candidates == Vocabulary.commandWords)
        #expect(Completer.complete("set ", context: CompletionContext()).candidates == Vocabulary.settingNames)
        do {
            _ = try Parser.parseAll("compair")
            Issue.record("parsed")
        } catch {
            #expect(error.message.contains("did you mean 'compare'"))
        }
    }

    /// Every form a help synopsis describes parses: each synopsis is expanded into commands — the
    /// bare form, then each optional part alone (with the parts it needs), every alternative word —
    /// with sample values for its placeholders, and each must be accepted. A synopsis that offers
    /// what the parser refuses fails here.
    @Test func everyHelpSynopsisFormParses() throws {
        var checked = 0
        for spec in Vocabulary.commands where spec.name != .set { // set's values come from the settings table itself
            for instance in SynopsisExpander.instances(of: spec.synopsis) {
                checked += 1
                do {
                    let statements = try Parser.parseAll(instance)
                    #expect(statements.count == 1, "\(spec.synopsis) → \(instance)")
                } catch {
                    Issue.record("help's synopsis '\(spec.synopsis)' offers '\(instance)', which is refused: \(error.message)")
                }
            }
        }
        #expect(checked > 60)
        #expect(SynopsisExpander.instances(of: "top N hours|days by METRIC [where COND]").contains("top 3 hours by credits where credits > 0"),
                "the expander would have caught the old top synopsis")
    }
}

/// Turns a help synopsis into sample commands.
enum SynopsisExpander {
    indirect enum Part {
        case word(String)
        case optional([[Part]]) // alternatives, each a sequence
    }

    static let samples: [String: String] = [
        "CAMPAIGN": "camp1", "DATE": "2025-08-20", "D1..D2": "2025-08-18..2025-08-20", "NAME": "wk", "DAY": "camp1@2025-08-20",
        "DAYSET": "camp1@2025-08-20", "SET": "9..17", "METRIC": "credits", "COLUMN": "sum results", "COL": "1", "N": "3",
        "A": "camp1@2025-08-20", "B": "camp1@2025-08-19", "K": "2", "Nw": "4w", "Nd": "3d", "PATH": "out.csv", "DIR/": "outdir/",
        "SECONDS": "5", "COMMAND": "sum", "QUERY": "sum credits by hour",
    ]
    /// Optional parts that need another: `having` and `pivot` need `by`.
    static let needs = ["having": "by", "pivot": "by"]

    static func instances(of synopsis: String) -> [String] {
        let text = synopsis.replacingOccurrences(of: "[QUERY CLAUSES]", with: "[hours SET] [where COND] [by KEY]")
        var out: [String] = []
        for form in forms(text) where !form.isEmpty {
            var tokens = tokenize(form)
            let parts = parse(&tokens)
            let optionals = parts.indices.filter { if case .optional = parts[$0] { return true }; return false }
            var choices: [Set<Int>] = [[]]
            for o in optionals {
                var chosen: Set<Int> = [o]
                if case .optional(let alts) = parts[o], case .word(let w)? = alts.first?.first, let need = needs[w],
                   let dep = optionals.first(where: { if case .optional(let a) = parts[$0], case .word(need)? = a.first?.first { return true }; return false }) {
                    chosen.insert(dep)
                }
                choices.append(chosen)
            }
            for chosen in choices {
                for variant in 0..<4 {
                    out.append(render(parts, chosen: chosen, variant: variant, top: true))
                }
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// The synopsis's forms: split at ` | ` outside brackets.
    static func forms(_ s: String) -> [String] {
        var out = [""]
        var depth = 0
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
            if depth == 0, s[i...].hasPrefix(" | ") {
                out.append("")
                i = s.index(i, offsetBy: 3)
                continue
            }
            out[out.count - 1].append(c)
            i = s.index(after: i)
        }
        return out
    }

    static func tokenize(_ s: String) -> [String] {
        var tokens: [String] = []
        for raw in s.split(separator: " ") {
            var w = Substring(raw)
            while let first = w.first, first == "[" || first == "," { tokens.append(String(first)); w = w.dropFirst() }
            var closers = 0
            while w.last == "]" { closers += 1; w = w.dropLast() }
            if let b = w.firstIndex(of: "[") { // `KEY[,` glued
                tokens.append(String(w[..<b])); tokens.append("[")
                var rest = w[w.index(after: b)...]
                while let first = rest.first, first == "," { tokens.append(","); rest = rest.dropFirst() }
                if !rest.isEmpty { tokens.append(String(rest)) }
            } else if !w.isEmpty {
                tokens.append(String(w))
            }
            tokens += Array(repeating: "]", count: closers)
        }
        return tokens
    }

    static func parse(_ tokens: inout [String]) -> [Part] {
        var seq: [Part] = []
        while let t = tokens.first {
            tokens.removeFirst()
            if t == "]" { return seq }
            if t == "[" {
                var alts: [[Part]] = [[]]
                var inner = parse(&tokens)
                // Split the bracket's sequence at `|` words into alternatives.
                alts = [[]]
                for p in inner {
                    if case .word("|") = p { alts.append([]) } else { alts[alts.count - 1].append(p) }
                }
                inner = []
                seq.append(.optional(alts))
            } else if t != "..." {
                seq.append(.word(t))
            }
        }
        return seq
    }

    static func render(_ parts: [Part], chosen: Set<Int>, variant: Int, top: Bool) -> String {
        var words: [String] = []
        for (i, p) in parts.enumerated() {
            switch p {
            case .word(let w):
                let alts = w.split(separator: "|").map(String.init)
                var v = alts.count > 1 ? alts[variant % alts.count] : w
                if v == "COND" { v = words.last == "having" ? "sum credits > 0" : "credits > 0" }
                if v == "KEY" { v = words.last == "," ? "hour" : "day" }
                // A placeholder inside quotes or before a `;` keeps them: `"COMMAND;` is `"days;`.
                let core = v.trimmingCharacters(in: CharacterSet(charactersIn: "\";"))
                let prefix = v.hasPrefix("\"") ? "\"" : "", suffix = String(v.reversed().prefix { $0 == "\"" || $0 == ";" }.reversed())
                var sample = samples[core] ?? core
                if core == "COMMAND" { sample = words.first == "watch" ? "days" : "sum" }
                words.append(core == v ? sample : prefix + sample + suffix)
            case .optional(let alts):
                // Nested optional parts come in whole when the part around them does.
                guard !top || chosen.contains(i) else { continue }
                let alt = alts[variant % alts.count]
                let inner = render(alt, chosen: [], variant: variant, top: false)
                if !inner.isEmpty { words.append(inner) }
            }
        }
        return words.joined(separator: " ").replacingOccurrences(of: " , ", with: ", ").replacingOccurrences(of: " ,", with: ",")
    }
}
