import KexieOutput

extension ReportDocument {
    /// A Jupyter notebook (nbformat 4.5): the command in the first code cell, the text and
    /// tables in markdown cells, each diagram as a display_data output with `image/svg+xml`, so
    /// everything shows without running anything. Cell ids are numbered, so the file repeats
    /// to the byte.
    public func notebook() -> String {
        var w = JSONWriter(indent: 1)
        var cellNumber = 0
        func lines(_ text: String) -> [String] {
            var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
            if let last = parts.last { parts[parts.count - 1] = String(last.dropLast()) }
            if parts.last == "" { parts.removeLast() }
            return parts
        }
        func source(_ w: inout JSONWriter, _ text: String) {
            w.key("source"); w.array { w in for l in lines(text) { w.string(l) } }
        }
        func markdownCell(_ w: inout JSONWriter, _ text: String) {
            cellNumber += 1
            w.object { w in
                w.key("cell_type"); w.string("markdown")
                w.key("id"); w.string("cell-\(cellNumber)")
                w.key("metadata"); w.object { _ in }
                source(&w, text)
            }
        }
        func codeCell(_ w: inout JSONWriter, _ code: String, svg: [UInt8]?) {
            cellNumber += 1
            w.object { w in
                w.key("cell_type"); w.string("code")
                w.key("execution_count"); w.null()
                w.key("id"); w.string("cell-\(cellNumber)")
                w.key("metadata"); w.object { _ in }
                w.key("outputs"); w.array { w in
                    if let svg {
                        w.object { w in
                            w.key("data"); w.object { w in
                                w.key("image/svg+xml"); w.array { w in for l in lines(ReportDocument.inlineSVG(svg)) { w.string(l) } }
                                w.key("text/plain"); w.array { w in w.string("<IPython.core.display.SVG object>") }
                            }
                            w.key("metadata"); w.object { _ in }
                            w.key("output_type"); w.string("display_data")
                        }
                    }
                }
                source(&w, code)
            }
        }

        w.object { w in
            w.key("cells"); w.array { w in
                var header = "# \(markdownEscape(Self.cell(title)))\n\n"
                for line in subtitle { header += "\(markdownEscape(line))  \n" }
                markdownCell(&w, header)
                // Code cells run when the notebook does: dataset text in them (the command's
                // arguments, captions with names) is kept on its comment or command line.
                codeCell(&w, "# This notebook was written by kexie; its outputs are already filled in.\n!\(command.singleLine())", svg: nil)
                // Text between figures goes into one markdown cell; each figure gets a code cell.
                var pending = ""
                for block in blocks {
                    if case let .figure(name, caption, svg) = block {
                        if !pending.isEmpty { markdownCell(&w, pending); pending = "" }
                        codeCell(&w, "# \(Self.cell(caption).singleLine())\nfrom IPython.display import SVG\nSVG(filename=\"figures/\(name)\")", svg: svg)
                    } else {
                        pending += markdown(block)
                    }
                }
                if !pending.isEmpty { markdownCell(&w, pending) }
            }
            w.key("metadata"); w.object { w in
                w.key("kernelspec"); w.object { w in
                    w.key("display_name"); w.string("Python 3")
                    w.key("language"); w.string("python")
                    w.key("name"); w.string("python3")
                }
                w.key("language_info"); w.object { w in w.key("name"); w.string("python") }
            }
            w.key("nbformat"); w.int(4)
            w.key("nbformat_minor"); w.int(5)
        }
        w.endLine()
        return w.text
    }
}
