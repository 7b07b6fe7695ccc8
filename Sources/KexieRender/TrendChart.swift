import KexieMachinery
import KexieModel

/// A line chart of rates between 0 and 1 over dates, written as SVG text (not a Graphviz
/// graph): one `<g class="series">` per series holding its line and points, a y axis from 0 to
/// 100%, the dates on the x axis (placed by time, so uneven steps stay honest), a legend.
///
/// Every piece of text is data and is escaped (`&<>"'`); numbers are written with one decimal,
/// so the same chart gives the same bytes. Undefined values (nothing to count) break the line.
public struct TrendChart: Sendable {
    /// One line of the chart.
    public struct Series: Sendable {
        /// The name in the legend.
        public var name: String
        /// One value per date, between 0 and 1; `nil` where undefined.
        public var values: [Double?]

        /// A line named `name` through `values`.
        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    /// The title above the chart.
    public var title: String
    /// The dates on the x axis, ascending.
    public var dates: [Day]
    /// The lines, each with one value per date.
    public var series: [Series]

    /// A chart of `series` over `dates`.
    public init(title: String, dates: [Day], series: [Series]) {
        precondition(series.allSatisfy { $0.values.count == dates.count }, "a value per date")
        self.title = title
        self.dates = dates
        self.series = series
    }

    /// Twenty colours that stay apart from each other; later series repeat them dashed.
    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
    ]

    /// Characters (Unicode scalars) the title and a legend entry show at most; a longer name is
    /// cut with `…`, as the text tables cut cells (`TextTable.maximumCellCharacters`).
    public static let maximumNameCharacters = 200

    /// `name` cut to `maximumNameCharacters`.
    static func shown(_ name: String) -> String { name._cut(toScalars: maximumNameCharacters) }

    /// The chart as an SVG document.
    ///
    /// - Complexity: O(series × dates).
    public func svg() -> String {
        let left = 64.0, plotWidth = 680.0, top = 56.0, plotHeight = 400.0, legendX = left + plotWidth + 24, rowHeight = 18.0
        let width = legendX + 200
        let height = max(top + plotHeight + 90, top + Double(series.count) * rowHeight + 20)
        let first = dates.first.map { Double($0.rawValue) } ?? 0, span = Double((dates.last?.rawValue ?? 0) - (dates.first?.rawValue ?? 0))
        func x(_ i: Int) -> Double { span == 0 ? left + plotWidth / 2 : left + plotWidth * (Double(dates[i].rawValue) - first) / span }
        func y(_ v: Double) -> Double { top + plotHeight * (1 - min(max(v, 0), 1)) }

        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(_n(width))" height="\(_n(height))" viewBox="0 0 \(_n(width)) \(_n(height))" font-family="WenQuanYi Micro Hei, sans-serif" font-size="12">
            <title>\(_xml(Self.shown(title)))</title>
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(_n(left))" y="28" font-size="16" font-weight="bold">\(_xml(Self.shown(title)))</text>

            """
        // Y axis: gridlines and percentages.
        for percent in stride(from: 0, through: 100, by: 25) {
            let gy = y(Double(percent) / 100)
            out += "<line x1=\"\(_n(left))\" y1=\"\(_n(gy))\" x2=\"\(_n(left + plotWidth))\" y2=\"\(_n(gy))\" stroke=\"\(percent == 0 ? "#555555" : "#dddddd")\"/>\n"
            out += "<text x=\"\(_n(left - 8))\" y=\"\(_n(gy + 4))\" text-anchor=\"end\">\(percent)%</text>\n"
        }
        // X axis: a tick per date, a label on at most about twelve of them (always the last).
        let every = max(1, (dates.count + 11) / 12)
        for i in dates.indices {
            let gx = x(i), axis = top + plotHeight
            out += "<line x1=\"\(_n(gx))\" y1=\"\(_n(axis))\" x2=\"\(_n(gx))\" y2=\"\(_n(axis + 5))\" stroke=\"#555555\"/>\n"
            if i % every == 0 || i == dates.count - 1 {
                out += "<text x=\"\(_n(gx))\" y=\"\(_n(axis + 18))\" text-anchor=\"end\" transform=\"rotate(-35 \(_n(gx)) \(_n(axis + 18)))\">\(dates[i])</text>\n"
            }
        }
        // Series: a polyline per defined run, a dot per defined value, and a legend entry.
        for (k, s) in series.enumerated() {
            let color = Self.palette[k % Self.palette.count], dash = k >= Self.palette.count ? " stroke-dasharray=\"6 3\"" : ""
            out += "<g class=\"series\" stroke=\"\(color)\" fill=\"\(color)\">\n<title>\(_xml(Self.shown(s.name)))</title>\n"
            var run: [String] = []
            func flush() {
                if run.count > 1 { out += "<polyline fill=\"none\" stroke-width=\"2\"\(dash) points=\"\(run.joined(separator: " "))\"/>\n" }
                run.removeAll()
            }
            for (i, v) in s.values.enumerated() {
                guard let v else { flush(); continue }
                run.append("\(_n(x(i))),\(_n(y(v)))")
                out += "<circle cx=\"\(_n(x(i)))\" cy=\"\(_n(y(v)))\" r=\"2.5\" stroke=\"none\"/>\n"
            }
            flush()
            out += "</g>\n"
            let ly = top + Double(k) * rowHeight
            out += "<line x1=\"\(_n(legendX))\" y1=\"\(_n(ly))\" x2=\"\(_n(legendX + 22))\" y2=\"\(_n(ly))\" stroke=\"\(color)\" stroke-width=\"3\"\(dash)/>\n"
            out += "<text x=\"\(_n(legendX + 28))\" y=\"\(_n(ly + 4))\">\(_xml(Self.shown(s.name)))</text>\n"
        }
        out += "</svg>\n"
        return out
    }
}

/// A coordinate with one decimal (`12.5`, `400`), the same on every machine.
func _n(_ x: Double) -> String {
    let tenths = Int((x * 10).rounded())
    let sign = tenths < 0 ? "-" : ""
    let m = tenths.magnitude
    return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
}

/// Text for XML element content and attribute values: `&<>"'` escaped (`_SVGTextEscaping`).
func _xml(_ s: String) -> String {
    _ByteWriter.escaped(s, _SVGTextEscaping.self)
}

/// The chart's text: `& < > " '` as `&amp; &lt; &gt; &quot; &apos;`; what XML cannot carry
/// (C0 controls other than tab, line feed and carriage return; U+FFFE; U+FFFF) as U+FFFD, as
/// `_XMLIllegalCharacters` has it; every other byte copied. Unlike the exports' `_XMLEscaping`
/// it keeps tab, line feed and carriage return as they are, as the chart always has.
enum _SVGTextEscaping: _Escaping {
    @inline(__always)
    static func marked(_ w: _ByteWord) -> UInt64 { _HTMLEscaping.marked(w) | _XMLIllegalCharacters.marked(w) }

    @inline(__always)
    static func isMarked(_ b: UInt8) -> Bool { _HTMLEscaping.isMarked(b) || _XMLIllegalCharacters.isMarked(b) }

    static func replacement(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> _Replacement? {
        switch bytes[i] {
        case UInt8(ascii: "'"): _Replacement("&apos;")
        case let b where _XMLIllegalCharacters.isMarked(b): _XMLIllegalCharacters.replacement(bytes, at: i)
        default: _HTMLEscaping.replacement(bytes, at: i)
        }
    }
}
