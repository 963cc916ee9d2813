import MiniCore
import MiniStorage

extension MediaError.Code {
    /// `getStorage` of a key that holds nothing.
    public static let storageDataNotFound = Self(rawValue: "storageDataNotFound")
}

/// `setStorage`, `getStorage`, `removeStorage`, `clearStorage`, `getStorageInfo` and their
/// `Sync` forms (plus `batchSetStorage` / `batchGetStorage` outside Alipay), over the app's
/// `KeyValueStore`, opened on first use.
///
/// Values are serialised in JS by an argument adapter, as the platforms' own JS does: the
/// top-level type is kept (`Date` comes back a `Date`), the rest is `JSON.stringify` (nested
/// Dates become ISO strings, functions and `undefined` members are dropped). Native code stores
/// the type and the JSON text and never parses it; a result adapter turns it back.
///
/// Alipay's shapes: `my.setStorageSync({key, data})`, `my.getStorageSync({key})` → `{data}`
/// (`null` when missing, and `my.getStorage` succeeds with `data: null`), `my.removeStorageSync({key})`.
/// WeChat's `getStorageSync` of a missing key returns `""`; its `getStorage` fails `data not found`.
enum StorageAPIs {
    static let errors: [MediaError.Code: ErrorNumbers] = [
        // MiniMedia choice: the platforms document no number for a missing key.
        .storageDataNotFound: .init(wx: 1_300_002, swan: 1_300_002, tt: 203, my: 11)
    ]

    /// Every dialect but Alipay (which has no batch storage APIs).
    static var notAlipay: Set<Dialect> { Set(Dialect.allCases).subtracting([.my]) }

    static let declarations: [APIDeclaration] = [
        .async("setStorage", sync: SyncForm("setStorageSync", parameters: ["key", "data"], returns: .nothing), .blocking { req in
            let o = try options(req)
            try store(req).set(try key(o), try value(o["data"], name: "data"))
            return .object([:])
        }).adaptingArguments(encodeData),
        .async("getStorage", sync: SyncForm("getStorageSync", parameters: ["key"], returns: .field("data")), .blocking { req in
            let o = try options(req)
            let found = try store(req).get(try key(o))
            let isSync = req.api.hasSuffix("Sync")
            let data: HostValue
            if let found {
                data = wrapped(found)
            } else if req.dialect == .my {
                data = .null
            } else if isSync {
                data = wrapped(StoredValue(type: "String", json: "\"\""))  // WeChat: "" for a missing key
            } else {
                throw MediaError(.storageDataNotFound, "data not found")
            }
            // Alipay's getStorageSync returns `{data}`: the adapter nests it so the sync form's
            // `data` field is that object.
            return .object(["data": data, "nestsData": .bool(isSync && req.dialect == .my)])
        }).adaptingResult(decodeResult),
        .async("removeStorage", sync: SyncForm("removeStorageSync", parameters: ["key"], returns: .nothing), .blocking { req in
            try store(req).remove(try key(try options(req)))
            return .object([:])
        }),
        .async("clearStorage", sync: SyncForm("clearStorageSync", parameters: [], returns: .nothing), .blocking { req in
            _ = try req.options()
            try store(req).clear()
            return .object([:])
        }),
        .async("getStorageInfo", sync: SyncForm("getStorageInfoSync", parameters: [], returns: .object), .blocking { req in
            _ = try req.options()
            let s = try store(req)
            let (keys, bytes) = try s.info()
            return .object([
                "keys": .array(keys.map(HostValue.string)),
                "currentSize": .number(Double((bytes + 1023) / 1024)),
                "limitSize": .number(Double(s.limits.totalBytes / 1024)),
            ])
        }),
        .async("batchSetStorage", sync: SyncForm("batchSetStorageSync", parameters: ["kvList"], returns: .nothing), dialects: notAlipay,
            .blocking { req in
                let o = try req.options()
                guard case .array(let items)? = o["kvList"] else { throw Options.typeError("kvList", "Array", o["kvList"]) }
                let entries = try items.enumerated().map { i, item -> (key: String, value: StoredValue) in
                    let entry = try Options(item)
                    guard case .string(let k)? = entry["key"], !k.isEmpty else {
                        throw Options.typeError("kvList[\(i)].key", "non-empty String", entry["key"])
                    }
                    return (k, try value(entry["value"], name: "kvList[\(i)].value"))
                }
                try store(req).set(entries)
                return .object([:])
            }
        ).adaptingArguments(encodeData),
        .async("batchGetStorage", sync: SyncForm("batchGetStorageSync", parameters: ["keyList"], returns: .field("dataList")),
            dialects: notAlipay,
            .blocking { req in
                let keys = try req.options().stringArray("keyList")
                let found = try store(req).get(keys)
                // WeChat answers "" for a key that holds nothing.
                return .object(["dataList": .array(found.map { wrapped($0 ?? StoredValue(type: "String", json: "\"\"")) })])
            }
        ).adaptingResult(decodeResult),
    ]

    /// The app's storage, opened (and created) on first use.
    static func store(_ req: APIRequest) throws -> KeyValueStore {
        let sandbox = req.session.sandbox
        return try req.session.service(KeyValueStore.self) { try KeyValueStore(sandbox: sandbox) }
    }

    /// The options; Alipay's sync forms pass one options object where WeChat passes positions.
    static func options(_ req: APIRequest) throws -> Options {
        let o = try req.options()
        if req.dialect == .my, req.api.hasSuffix("Sync"), case .object(let inner)? = o["key"] { return try Options(.object(inner)) }
        return o
    }

    static func key(_ o: Options) throws -> String {
        let k = try o.nonEmptyString("key")
        return k
    }

    /// A value the argument adapter made: `{type, json}`.
    static func value(_ v: HostValue?, name: String) throws -> StoredValue {
        guard case .object(let o)? = v, case .string(let type)? = o["type"], case .string(let json)? = o["json"] else {
            throw MediaError.parameter("parameter.\(name) could not be read;")
        }
        guard type != "Invalid" else { throw MediaError.parameter("parameter.\(name) cannot be serialised: \(json);") }
        guard type != "TooLarge" else { throw KeyValueStore.itemTooLarge }
        guard types.contains(type) else { throw MediaError.parameter("parameter.\(name) could not be read;") }
        return StoredValue(type: type, json: json)
    }

    static let types: Set<String> = ["String", "Number", "Boolean", "Null", "Object", "Array", "Date", "Undefined"]

    static func wrapped(_ v: StoredValue) -> HostValue { .object(["type": .string(v.type), "json": .string(v.json)]) }

    /// Serialises `data` (options form and Alipay's sync form), the second positional argument
    /// (WeChat's `setStorageSync(key, data)`) and every `kvList[i].value`, with intrinsics
    /// captured before page code runs.
    static let encodeData = """
        (function () {
          var quote = JSON.stringify, isArray = Array.isArray, keys = Object.keys, S = String, finite = isFinite;
          var uncurry = Function.prototype.bind.bind(Function.prototype.call);
          var tagOf = uncurry(Object.prototype.toString), join = uncurry(Array.prototype.join);
          var push = uncurry(Array.prototype.push), pop = uncurry(Array.prototype.pop), indexOf = uncurry(Array.prototype.indexOf);
          var callWith = uncurry(Function.prototype.call);
          var MAX_NODES = 200000, MAX_CHARS = 4 << 20, MAX_DEPTH = 64;
          function Limit(type, why) { this.type = type; this.why = why; }
          // JSON.stringify's rules (toJSON, boxed primitives, undefined and functions skipped in
          // objects and null in arrays), bounded in values, depth and output.
          function ser(v, key, st, depth) {
            if (v !== null && (typeof v === 'object' || typeof v === 'function')) {
              var toJSON = v.toJSON;
              if (typeof toJSON === 'function') v = callWith(toJSON, v, key);
            }
            if (++st.nodes > MAX_NODES) throw new Limit('Invalid', 'more than ' + MAX_NODES + ' values');
            if (v !== null && typeof v === 'object') {
              var tag = tagOf(v);
              if (tag === '[object Number]') v = +v;
              else if (tag === '[object String]') v = S(v);
              else if (tag === '[object Boolean]') v = v.valueOf();
            }
            if (v === null) return 'null';
            switch (typeof v) {
              case 'string':
                st.chars += v.length;
                if (st.chars > MAX_CHARS) throw new Limit('TooLarge', '');
                return quote(v);
              case 'number': return finite(v) ? S(v) : 'null';
              case 'boolean': return v ? 'true' : 'false';
              case 'object': break;
              case 'bigint': throw new Limit('Invalid', 'a BigInt cannot be serialised');
              default: return undefined;
            }
            if (depth > MAX_DEPTH) throw new Limit('Invalid', 'nested more than ' + MAX_DEPTH + ' levels');
            if (indexOf(st.stack, v) >= 0) throw new Limit('Invalid', 'cyclic structure');
            push(st.stack, v);
            var parts = [], r, i;
            if (isArray(v)) {
              var n = v.length;
              if (!(n <= MAX_NODES)) throw new Limit('Invalid', 'more than ' + MAX_NODES + ' values');
              for (i = 0; i < n; i++) { r = ser(v[i], S(i), st, depth + 1); push(parts, r === undefined ? 'null' : r); }
              r = '[' + join(parts, ',') + ']';
            } else {
              var ks = keys(v);
              for (i = 0; i < ks.length; i++) {
                r = ser(v[ks[i]], ks[i], st, depth + 1);
                if (r !== undefined) push(parts, quote(ks[i]) + ':' + r);
              }
              r = '{' + join(parts, ',') + '}';
            }
            pop(st.stack);
            st.chars += r.length;
            if (st.chars > MAX_CHARS) throw new Limit('TooLarge', '');
            return r;
          }
          function encode(v) {
            var type;
            if (v === null) type = 'Null';
            else switch (typeof v) {
              case 'string': type = 'String'; break;
              case 'number': type = 'Number'; break;
              case 'boolean': type = 'Boolean'; break;
              case 'undefined': case 'function': case 'symbol': type = 'Undefined'; break;
              default: type = isArray(v) ? 'Array' : tagOf(v) === '[object Date]' ? 'Date' : 'Object';
            }
            if (type === 'Undefined') return { type: type, json: '' };
            try {
              var json = ser(v, '', { nodes: 0, chars: 0, stack: [] }, 0);
              return json === undefined ? { type: 'Undefined', json: '' } : { type: type, json: json };
            } catch (e) {
              if (e instanceof Limit) return { type: e.type, json: e.why };
              var why = 'not serialisable';
              try { why = S(e && e.message); } catch (_) {}
              return { type: 'Invalid', json: why };
            }
          }
          function each(list, f) {
            var out = [];
            for (var i = 0; i < list.length; i++) out[i] = f(list[i]);
            return out;
          }
          function encodeEntry(kv) {
            if (kv === null || typeof kv !== 'object') return kv;
            var c = copy(kv); c.value = encode(c.value); return c;
          }
          function copy(o) {
            var c = {}, ks = keys(o);
            for (var i = 0; i < ks.length; i++) c[ks[i]] = o[ks[i]];
            return c;
          }
          function adapt(a, n) {
            var first = a[0];
            if (isArray(first)) {
              if (first.length <= 10000) a[0] = each(first, encodeEntry);
            } else if (first !== null && typeof first === 'object') {
              var c = copy(first);
              if (isArray(c.kvList)) { if (c.kvList.length <= 10000) c.kvList = each(c.kvList, encodeEntry); }
              else c.data = encode(c.data);
              a[0] = c;
            } else {
              a[1] = encode(a[1]);
              if (n < 2) a.length = 2;
            }
            return a;
          }
          // Unreadable options (throwing getters, Proxies) go to native code as they are, which
          // reads them and fails with a parameter error.
          return function () {
            var a = [], n = arguments.length;
            for (var i = 0; i < n; i++) a[i] = arguments[i];
            try { return adapt(a, n); } catch (e) {
              var b = [];
              for (var j = 0; j < n; j++) b[j] = arguments[j];
              return b;
            }
          };
        })()
        """

    /// Turns stored `{type, json}` values back into JS values.
    static let decodeResult = """
        (function () {
          var parse = JSON.parse, D = Date, isArray = Array.isArray;
          function decode(w) {
            if (w === null || typeof w !== 'object') return w;
            if (w.type === 'Undefined') return undefined;
            var v = parse(w.json);
            return w.type === 'Date' ? new D(v) : v;
          }
          return function (res) {
            if (isArray(res.dataList)) {
              var list = res.dataList, out = [];
              for (var i = 0; i < list.length; i++) out[i] = decode(list[i]);
              res.dataList = out;
              return res;
            }
            var data = decode(res.data);
            var nests = res.nestsData;
            delete res.nestsData;
            if (nests) return { data: { data: data } };
            res.data = data;
            return res;
          };
        })()
        """
}
