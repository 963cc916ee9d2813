import CJavaScriptCore
import MiniCore

/// JS functions handed to native code (function values in options, a frame listener's
/// callback), kept alive (protected) and named by `FunctionRef`.
///
/// Each entry counts its holds. A conversion from JS holds every function it meets once and
/// lists it in its `FunctionHolds`; whoever started the conversion releases those holds when the
/// value is no longer needed: a call when it ends (sync: when it returns; async: once its result
/// is delivered), a factory's result object when JS collects it. Native code that keeps a
/// function beyond its call (a started frame listener) takes a hold of its own through
/// `EventSink.retain`. An entry goes, and its function is unprotected, when its last hold is
/// released. Lookups by ref and by function object are O(1) (dictionaries); the same live JS
/// function always has the same ref.
final class FunctionTable {
    private struct Entry {
        let function: JSObjectRef
        var holds: Int
    }
    private let core: JSCore
    private var entries: [UInt64: Entry] = [:]
    private var ids: [JSObjectRef: UInt64] = [:]
    private var next: UInt64 = 0

    init(core: JSCore) { self.core = core }

    /// Functions held now (tests: none are left once the calls that passed them ended).
    var count: Int { entries.count }

    /// Holds `fn` once more; `holds` lists the hold for its owner to release.
    func hold(_ fn: JSObjectRef, into holds: inout FunctionHolds) -> FunctionRef {
        let id: UInt64
        if let existing = ids[fn] {
            id = existing
            entries[id]!.holds += 1
        } else {
            next += 1
            id = next
            JSValueProtect(core.ctx, fn)
            entries[id] = Entry(function: fn, holds: 1)
            ids[fn] = id
        }
        let ref = FunctionRef(id: id)
        holds.refs.append(ref)
        return ref
    }

    /// One more hold on a function still held; false if it is gone.
    func retain(_ ref: FunctionRef) -> Bool {
        guard entries[ref.id] != nil else { return false }
        entries[ref.id]!.holds += 1
        return true
    }

    func value(_ ref: FunctionRef) -> JSObjectRef? { entries[ref.id]?.function }

    /// Releases one hold; the last one unprotects the function.
    func release(_ ref: FunctionRef) {
        guard var e = entries[ref.id] else { return }
        e.holds -= 1
        if e.holds > 0 {
            entries[ref.id] = e
            return
        }
        entries[ref.id] = nil
        ids[e.function] = nil
        JSValueUnprotect(core.ctx, e.function)
    }

    func release(_ holds: FunctionHolds) {
        for ref in holds.refs { release(ref) }
    }
}

/// The holds one conversion (one call's arguments, one `setData`) took on functions, to be
/// released together by their owner.
struct FunctionHolds {
    var refs: [FunctionRef] = []
    var isEmpty: Bool { refs.isEmpty }
}
