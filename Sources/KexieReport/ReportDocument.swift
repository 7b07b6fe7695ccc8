import KexieRender

/// A report as a sequence of blocks that the HTML, Markdown and notebook writers each render:
/// the content is decided once, so the three formats always say the same.
public struct ReportDocument: Sendable {
    public enum Alignment: Sendable { case left, right }

    public enum Block: Sendable {
        /// A section heading; `anchor` is its id in HTML and the table of contents.
        case heading(level: Int, text: String, anchor: String)
        case paragraph(String)
        /// A bulleted list of plain-text items.
        case list([String])
        case table(columns: [(String, Alignment)], rows: [[String]])
        /// A diagram: SVG bytes written to `figures/NAME` and shown inline.
        case figure(name: String, caption: String, svg: [UInt8])
    }

    public var title: String
    /// Small print under the title: as-of date, content hash, the command.
    public var subtitle: [String]
    /// The command that produced the report (the notebook's first code cell).
    public var command: String
    public var blocks: [Block] = []

    public init(title: String, subtitle: [String], command: String) {
        self.title = title
        self.subtitle = subtitle
        self.command = command
    }

    /// Characters (Unicode scalars) a table cell, a heading or the title shows at most; a longer
    /// one is cut with `…`.
    /// A name of megabytes (a pasted document) is unreadable in a table and would make every
    /// format of the report as large.
    static let maximumCellCharacters = 1_000

    /// `text` cut to `maximumCellCharacters`.
    ///
    /// - Complexity: O(min(length, maximumCellCharacters)).
    static func cell(_ text: String) -> String { text._cut(toScalars: maximumCellCharacters) }

    /// Section headings of level 2, for the table of contents.
    var sections: [(text: String, anchor: String)] {
        blocks.compactMap { if case let .heading(2, text, anchor) = $0 { (text, anchor) } else { nil } }
    }

    /// Every figure, in order.
    public var figures: [(name: String, svg: [UInt8])] {
        blocks.compactMap { if case let .figure(name, _, svg) = $0 { (name, svg) } else { nil } }
    }
}
