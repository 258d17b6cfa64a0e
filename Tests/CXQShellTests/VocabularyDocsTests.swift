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
}
