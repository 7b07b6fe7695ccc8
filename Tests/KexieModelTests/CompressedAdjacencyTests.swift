import Testing
@testable import KexieModel

@Suite struct CompressedAdjacencyTests {
    // 0 ← 1, 0 ← 2, 2 ← 3, 2 ← 4; 5 has an absent parent, 6 an unknown one.
    let parents: [Int32] = [-1, 0, 0, 2, 2, -1, -2]

    @Test func groupsRowsByTheirParentKeepingRowOrder() {
        let children = CompressedAdjacency(nodeCount: parents.count, groupingRowsBy: parents)
        #expect(Array(children[0]) == [1, 2])
        #expect(Array(children[2]) == [3, 4])
        #expect(children[1].isEmpty && children[5].isEmpty && children[6].isEmpty)
        #expect(children.edgeCount == 4)
        #expect(children.offsets == [0, 2, 2, 4, 4, 4, 4, 4])
        #expect(children.degree(2) == 2)
    }

    @Test func explicitEdges() {
        let g = CompressedAdjacency(nodeCount: 3, sources: [2, 0, 2, -1], targets: [0, 1, 1, 2])
        #expect(Array(g[0]) == [1])
        #expect(Array(g[2]) == [0, 1])
        #expect(g.nodeCount == 3)
    }
}
