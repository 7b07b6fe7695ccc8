import ArgumentParser

/// The `kexie` command: analysis of the network of science and technology associations.
public struct Kexie: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kexie",
        abstract: "Find blank spots, orphans and weak ties in the network of science and technology associations (科协).",
        discussion: """
        A dataset is a folder of CSV tables (regions.csv, organizations.csv, persons.csv, positions.csv, \
        links.csv, institutions.csv) with optional dataset.yaml and rules.yaml; see the README.

        Exit status: 0 ok, 1 findings named by --fail-on, 64 usage error, 65 data error, 66 input missing or unreadable, 70 Graphviz failure, 74 I/O error.
        """,
        version: "0.1.0",
        subcommands: [Validate.self, Summary.self, Analyze.self, Gaps.self, Orphans.self, Linkage.self, Render.self, Report.self, Generate.self, Template.self, Normalize.self, Diff.self, TrendCommand.self, WhatIfCommand.self, Export.self]
    )

    public init() {}
}
