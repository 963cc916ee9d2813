import MiniCore
import MiniWXML

/// Answers a query's requests against the tree on screen and calls the callbacks: each
/// request's own, then `exec`'s with all results.
struct SelectorQueryExecution {
    let session: AppSession
    /// Nodes one `exec` may describe in all (page code is untrusted).
    static let maxResults = 20_000

    func run(_ requests: [SelectorQueryObject.Request], callback: FunctionRef?) throws {
        let tree = session.renderedPage?.renderedTree() ?? RenderTree(nodes: [], nodeCount: 0)
        let layout = BoxLayout()
        let boxes = layout.layout(tree)
        var all: [HostValue] = []
        var allObjects: [PlacedObject] = []
        // Each request's own callback with its value and objects; called once all are answered.
        var own: [(FunctionRef, HostValue, [PlacedObject])] = []
        var described = 0
        for (i, request) in requests.enumerated() {
            var objects: [PlacedObject] = []
            let value: HostValue
            if let selector = request.selector {
                let found = selector.matches(in: tree)
                described += request.all ? found.count : min(found.count, 1)
                guard described <= Self.maxResults else {
                    throw MediaError.parameter("a SelectorQuery may describe at most \(Self.maxResults) nodes;")
                }
                if request.all {
                    value = .array(found.enumerated().map { j, e in
                        result(e, request.fields, boxes[e.identity], path: [.index(j)], objects: &objects)
                    })
                } else if let e = found.first {
                    value = result(e, request.fields, boxes[e.identity], path: [], objects: &objects)
                } else {
                    value = .null
                }
            } else {
                value = viewport(request.fields, layout: layout, boxes: boxes)
            }
            all.append(value)
            allObjects += objects.map { PlacedObject(path: [.index(0), .index(i)] + $0.path, object: $0.object) }
            if let f = request.callback {
                own.append((f, value, objects.map { PlacedObject(path: [.index(0)] + $0.path, object: $0.object) }))
            }
        }
        let events = session.events
        for (f, value, objects) in own {
            let hold = events.retain(f)
            events.invoke(f, [value], placing: objects)
            hold.end()
        }
        if let callback {
            let hold = events.retain(callback)
            events.invoke(callback, [.array(all)], placing: allObjects)
            hold.end()
        }
    }

    private func result(
        _ e: RenderedElement, _ fields: QueryFields, _ box: LayoutBox?, path: [ValuePathStep], objects: inout [PlacedObject]
    ) -> HostValue {
        var o = HostObjectValue()
        let box = box ?? LayoutBox(left: 0, top: 0, width: 0, height: 0)
        if fields.id { o["id"] = .string(e.id ?? "") }
        if fields.dataset { o["dataset"] = .object(HostObjectValue(pairs: e.dataset.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })) }
        if fields.rect {
            o["left"] = .number(box.left)
            o["right"] = .number(box.right)
            o["top"] = .number(box.top)
            o["bottom"] = .number(box.bottom)
        }
        if fields.size {
            o["width"] = .number(box.width)
            o["height"] = .number(box.height)
        }
        if fields.scrollOffset {
            o["scrollLeft"] = 0
            o["scrollTop"] = 0
            o["scrollWidth"] = .number(box.width)
            o["scrollHeight"] = .number(box.height)
        }
        for name in fields.properties { o[name] = e.attributes[name] ?? .undefined }
        if !fields.computedStyle.isEmpty {
            let declared = BoxLayout.declarations(e.style)
            for name in fields.computedStyle {
                switch name {
                case "width": o[name] = .string(JSNumber.format(box.width) + "px")
                case "height": o[name] = .string(JSNumber.format(box.height) + "px")
                default: o[name] = .string(declared[name.lowercased()] ?? "")
                }
            }
        }
        if fields.node { o["node"] = .null }
        if fields.context {
            o["context"] = .null
            if let factory = session.registry.components[e.tag], let context = factory.context(session: session, id: e.id) {
                objects.append(PlacedObject(path: path + [.key("context")], object: context))
            }
        }
        return .object(o)
    }

    private func viewport(_ fields: QueryFields, layout: BoxLayout, boxes: [NodeIdentity: LayoutBox]) -> HostValue {
        var o = HostObjectValue()
        let contentHeight = boxes.values.map(\.bottom).max() ?? 0
        if fields.id { o["id"] = "" }
        if fields.dataset { o["dataset"] = .object([:]) }
        if fields.rect {
            o["left"] = 0
            o["right"] = .number(layout.windowWidth)
            o["top"] = 0
            o["bottom"] = .number(layout.windowHeight)
        }
        if fields.size {
            o["width"] = .number(layout.windowWidth)
            o["height"] = .number(layout.windowHeight)
        }
        if fields.scrollOffset {
            o["scrollLeft"] = 0
            o["scrollTop"] = 0
            o["scrollWidth"] = .number(layout.windowWidth)
            o["scrollHeight"] = .number(max(layout.windowHeight, contentHeight))
        }
        if fields.node { o["node"] = .null }
        if fields.context { o["context"] = .null }
        return .object(o)
    }
}
