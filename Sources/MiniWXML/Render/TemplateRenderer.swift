import MiniCore

/// One render of a `PageTemplate`: walks the compiled files with a scope of data, applies the
/// directives and counts what it makes against the limits.
struct TemplateRenderer {
    let template: PageTemplate
    var count = 0
    /// Elements visited, rendered or not (blocks, template uses, includes, loop iterations):
    /// bounds work that makes no nodes, e.g. a template using itself twice per level.
    var work = 0
    /// Custom component instances made or updated so far (all nested renders included).
    var instances = 0
    let library: ComponentLibrary
    let source: (any ComponentInstanceSource)?
    /// Tag → component path for this template (the page's, or a component's own).
    let tags: [String: String]
    /// A component template's render: its host's children by slot name (consumed once).
    var slotFills: [String: [RenderedNode]]?

    init(template: PageTemplate, library: ComponentLibrary = .empty, source: (any ComponentInstanceSource)? = nil, tags: [String: String] = [:]) {
        self.template = template
        self.library = library
        self.source = source
        self.tags = tags
    }

    struct Scope {
        var data: HostValue
        var steps: [NodeIdentity.Step]
        var file: String
        var depth = 0
        var templateDepth = 0
        var includes: [String] = []
        /// The component instance whose template is rendering (nil: the page).
        var owner: NodeIdentity?
        /// Component paths from the page down to this template (cycle check).
        var components: [String] = []
    }

    private var limits: RenderLimits { template.limits }
    private var d: (String) -> String { template.syntax.directive }

    mutating func render(main: String, data: HostValue) throws(RenderError) -> [RenderedNode] {
        guard let file = template.files[main] else { return [] }
        let scope = Scope(data: data.objectValue != nil ? data : .object([:]), steps: [], file: main, includes: [main])
        return try renderList(file.nodes, scope)
    }

    private mutating func produced(_ scope: Scope, at location: SourceLocation) throws(RenderError) {
        count += 1
        guard count <= limits.maxNodes else {
            throw RenderError(.limit, "the page renders more than \(limits.maxNodes) nodes", file: scope.file, at: location)
        }
    }

    private mutating func renderList(_ nodes: [CompiledNode], _ scope: Scope) throws(RenderError) -> [RenderedNode] {
        var out: [RenderedNode] = []
        // nil: no if-chain open; false: open, no branch taken yet; true: a branch was taken.
        var chain: Bool?
        for node in nodes {
            switch node {
            case .text(let binding):
                chain = nil
                let text = binding.evaluate(scope.data).wxmlText
                guard !text.allSatisfy(\.isWhitespace) else { continue }
                count += 1
                guard count <= limits.maxNodes else {
                    throw RenderError(.limit, "the page renders more than \(limits.maxNodes) nodes", file: scope.file)
                }
                out.append(.text(text))
            case .element(let element):
                if element.loop != nil {
                    chain = nil
                    out += try renderLoop(element, scope)
                    continue
                }
                switch element.condition {
                case .none:
                    chain = nil
                case .if(let test):
                    let pass = test.evaluate(scope.data).jsTruthy
                    chain = pass
                    if !pass { continue }
                case .elif(let test):
                    guard chain == false else { continue }
                    let pass = test.evaluate(scope.data).jsTruthy
                    chain = pass
                    if !pass { continue }
                case .else:
                    guard chain == false else {
                        chain = nil
                        continue
                    }
                    chain = nil
                }
                out += try renderElement(element, scope)
            }
        }
        return out
    }

    /// The items a `for` list iterates: array elements, object values (index = key), `0..<n`
    /// for a number, the characters of a string.
    private func items(_ list: HostValue, _ element: CompiledElement, _ scope: Scope) throws(RenderError) -> [(HostValue, HostValue)] {
        let tooMany = { (n: Int) in
            RenderError(
                .limit, "\(self.d("for")) list has \(n) items; at most \(self.limits.maxLoopLength) are rendered",
                file: scope.file, at: element.location)
        }
        switch list {
        case .array(let a):
            guard a.count <= limits.maxLoopLength else { throw tooMany(a.count) }
            return a.enumerated().map { (.number(Double($0.offset)), $0.element) }
        case .object(let o):
            guard o.count <= limits.maxLoopLength else { throw tooMany(o.count) }
            return o.map { (.string($0.key), $0.value) }
        case .number(let n):
            guard n.isFinite, n >= 1 else { return [] }
            guard n <= Double(limits.maxLoopLength) else { throw tooMany(n >= Double(Int.max) ? Int.max : Int(n)) }
            return (0..<Int(n)).map { (.number(Double($0)), .number(Double($0))) }
        case .string(let s):
            let chars = Array(s.unicodeScalars)
            guard chars.count <= limits.maxLoopLength else { throw tooMany(chars.count) }
            return chars.enumerated().map { (.number(Double($0.offset)), .string(String($0.element))) }
        default:
            return []
        }
    }

    private mutating func renderLoop(_ element: CompiledElement, _ scope: Scope) throws(RenderError) -> [RenderedNode] {
        guard let loop = element.loop else { return [] }
        var out: [RenderedNode] = []
        var seen: Set<String> = []
        for (index, item) in try items(loop.list.evaluate(scope.data), element, scope) {
            var inner = scope
            var object = scope.data.objectValue ?? HostObjectValue()
            object[loop.item] = item
            object[loop.index] = index
            inner.data = .object(object)
            var key: String?
            if let trackBy = loop.trackBy {
                key = trackBy.evaluate(inner.data).jsString
            } else if let name = loop.key, !name.isEmpty {
                key = name == "*this" ? item.jsString : JS.member(item, .string(name)).jsString
            }
            var step = key.map { "k:" + $0 } ?? "i:" + index.jsString
            if !seen.insert(step).inserted { step = "i:" + index.jsString }
            inner.steps.append(NodeIdentity.Step(file: scope.file, location: element.location, key: step))
            if case .if(let test) = element.condition, !test.evaluate(inner.data).jsTruthy { continue }
            out += try renderElement(element, inner)
        }
        return out
    }

    private mutating func renderElement(_ element: CompiledElement, _ scope: Scope) throws(RenderError) -> [RenderedNode] {
        work += 1
        guard work <= limits.maxNodes * 4 else {
            throw RenderError(.limit, "the page renders more than \(limits.maxNodes) nodes", file: scope.file, at: element.location)
        }
        var scope = scope
        scope.depth += 1
        guard scope.depth <= limits.maxDepth else {
            throw RenderError(.limit, "elements nested deeper than \(limits.maxDepth) levels", file: scope.file, at: element.location)
        }
        switch element.role {
        case .skip:
            return []
        case .block:
            return try renderList(element.children, scope)
        case .include(let path):
            guard let file = template.files[path] else { return [] }
            guard !scope.includes.contains(path) else {
                throw RenderError(
                    .cycle, "include cycle: \((scope.includes + [path]).joined(separator: " → "))", file: scope.file, at: element.location)
            }
            guard scope.includes.count <= limits.maxIncludeDepth else {
                throw RenderError(.limit, "includes nested deeper than \(limits.maxIncludeDepth) levels", file: scope.file, at: element.location)
            }
            var inner = scope
            inner.steps.append(NodeIdentity.Step(file: scope.file, location: element.location))
            inner.file = path
            inner.includes.append(path)
            return try renderList(file.nodes, inner)
        case .use(let nameBinding, let dataBinding):
            let name = nameBinding.evaluate(scope.data).wxmlText
            guard let (definition, file) = template.lookup(name, from: scope.file) else { return [] }
            guard scope.templateDepth < limits.maxTemplateDepth else {
                throw RenderError(
                    .limit, "template \"\(name)\" instantiated more than \(limits.maxTemplateDepth) levels deep (does it use itself?)",
                    file: scope.file, at: element.location)
            }
            var inner = scope
            let data = dataBinding?.evaluate(scope.data) ?? .object([:])
            inner.data = data.objectValue != nil ? data : .object([:])
            inner.steps.append(NodeIdentity.Step(file: scope.file, location: element.location))
            inner.file = file
            inner.templateDepth += 1
            return try renderList(definition.children, inner)
        case .ordinary:
            if element.tag == "slot", slotFills != nil {
                let name = element.attributes.last { $0.0 == "name" }?.1.evaluate(scope.data).wxmlText ?? ""
                return slotFills?.removeValue(forKey: name) ?? []
            }
            try produced(scope, at: element.location)
            var r = RenderedElement(
                identity: NodeIdentity(steps: scope.steps + [NodeIdentity.Step(file: scope.file, location: element.location)]),
                tag: element.tag, owner: scope.owner)
            let data = scope.data
            if let id = element.id {
                switch id.evaluate(data) {
                case .undefined, .null: break
                case let value: r.id = value.jsString.isEmpty ? nil : value.jsString
                }
            }
            for (name, binding) in element.attributes {
                let value = binding.evaluate(data)
                r.attributes[name] = value
                switch name {
                case "class": r.classes = value.wxmlText.split(whereSeparator: \.isWhitespace).map(String.init)
                case "style": r.style = value.wxmlText
                case "hidden": r.hidden = value.jsTruthy
                default: break
                }
            }
            for (key, binding) in element.dataset { r.dataset[key] = binding.evaluate(data) }
            r.events = element.events.compactMap { event in
                let handler = event.handler.evaluate(data).wxmlText
                return handler.isEmpty ? nil : ResolvedEvent(event: event.event, handler: handler, kind: event.kind)
            }
            if let path = tags[element.tag] {
                try renderComponent(&r, path: path, element, scope)
                return [.element(r)]
            }
            r.children = try renderList(element.children, scope)
            return [.element(r)]
        }
    }

    /// A custom component's host element: its children (rendered here, in the parent's scope)
    /// fill the component's slots; the instance is made or updated from the host's attributes;
    /// the component's template, rendered against the instance's data, becomes the children.
    private mutating func renderComponent(_ r: inout RenderedElement, path: String, _ element: CompiledElement, _ scope: Scope) throws(RenderError) {
        r.component = path
        guard let definition = library.components[path] else {
            throw RenderError(.missingFile, "<\(element.tag)> names component \(path), which is not loaded", file: scope.file, at: element.location)
        }
        guard !scope.components.contains(path) else {
            throw RenderError(
                .cycle, "component \(path) uses itself: \((scope.components + [path]).joined(separator: " → "))", file: scope.file, at: element.location)
        }
        guard scope.components.count < limits.maxComponentDepth else {
            throw RenderError(.limit, "custom components nested deeper than \(limits.maxComponentDepth) levels", file: scope.file, at: element.location)
        }
        instances += 1
        guard instances <= limits.maxComponentInstances else {
            throw RenderError(.limit, "the page renders more than \(limits.maxComponentInstances) custom components", file: scope.file, at: element.location)
        }
        let content = try renderList(element.children, scope)
        guard let source else {
            throw RenderError(.component, "<\(element.tag)> (\(path)): no component runtime to make its instance", file: scope.file, at: element.location)
        }
        var eventProps: [String: String] = [:]
        if template.syntax.eventStyle == .alipay {
            for (attribute, event) in zip(element.eventAttributes, element.events) {
                let handler = event.handler.evaluate(scope.data).wxmlText
                if !handler.isEmpty { eventProps[attribute] = handler }
            }
            // On Alipay they are props of the instance, not listeners of the host element.
            r.events = []
        }
        let host = ComponentHost(
            identity: r.identity, path: path, tag: r.tag, id: r.id, classes: r.classes, dataset: r.dataset, attributes: r.attributes,
            owner: scope.owner, eventProps: eventProps)
        let state: ComponentInstanceState
        do { state = try source.instance(for: host) } catch let e as RenderError { throw e } catch {
            throw RenderError(.component, "<\(element.tag)> (\(path)): \(error)", file: scope.file, at: element.location)
        }
        var fills: [String: [RenderedNode]] = [:]
        for node in content {
            let name = state.multipleSlots ? (node.element?.attributes["slot"]?.wxmlText ?? "") : ""
            fills[name, default: []].append(node)
        }
        guard let componentTemplate = definition.template, let file = componentTemplate.files[componentTemplate.mainPath] else {
            r.children = []
            return
        }
        var inner = TemplateRenderer(template: componentTemplate, library: library, source: source, tags: definition.usingComponents)
        inner.count = count
        inner.work = work
        inner.instances = instances
        inner.slotFills = fills
        var innerScope = Scope(
            data: state.data.objectValue != nil ? state.data : .object([:]), steps: r.identity.steps, file: componentTemplate.mainPath,
            includes: [componentTemplate.mainPath])
        innerScope.depth = scope.depth
        innerScope.owner = r.identity
        innerScope.components = scope.components + [path]
        r.children = try inner.renderList(file.nodes, innerScope)
        count = inner.count
        work = inner.work
        instances = inner.instances
    }
}
