import CJavaScriptCore
import Foundation
import MiniCore

/// What an automation call ended with: the JSON text of its value (a promise's settled value),
/// or the message of what it threw or rejected with.
public enum AutomationOutcome: Sendable, Equatable {
    case value(json: String)
    case error(String)
}

/// The trusted side door for an automation client (the DevTools automation protocol that
/// `minium` and `miniprogram-automator` speak): evaluate a function in the app's context and
/// get its result as JSON, tell route listeners a navigation is done, run the loop in slices.
///
/// Nothing here is put on the global object: the evaluator and its reply function live in a
/// closure the runtime holds, so page code cannot reach them. The scope automation code runs
/// in adds what DevTools' scripts expect beside the app's globals: `wx` (the session's
/// namespace, with `onAppRouteDone` and `getAccountInfoSync` where the app has none), `__wxConfig` (`pages`, `tabBar`, `window`, `accountInfo`, `appLaunchInfo`) and a
/// `getCurrentPages` whose pages carry `__wxWebviewId__`.
extension JSRuntime {
    /// Evaluates `functionDeclaration` (a JS function expression) applied to the JSON array
    /// `argumentsJSON`; `reply` runs once on the JS thread with the result (for a promise,
    /// when it settles). `userGesture` makes the API calls it starts count as a user's tap.
    public func automationCall(
        _ functionDeclaration: String, argumentsJSON: String, userGesture: Bool = false,
        reply: @escaping (AutomationOutcome) -> Void
    ) {
        guard let evaluator = automationEvaluator() else {
            reply(.error(uncaughtError.map { "the app stopped: \($0)" } ?? "the automation scope could not be set up"))
            return
        }
        let id = Double(automationNextReply)
        automationNextReply += 1
        automationReplies[Int(id)] = reply
        inUserGesture = userGesture
        defer { inUserGesture = false }
        do {
            try core.call(evaluator, [JSValueMakeNumber(core.ctx, id), core.string(functionDeclaration), core.string(argumentsJSON)])
        } catch let t as JSThrow {
            automationReplies.removeValue(forKey: Int(id))?(.error(core.toString(t.value)))
        } catch {
            automationReplies.removeValue(forKey: Int(id))?(.error("\(error)"))
        }
    }

    /// Calls the `wx.onAppRouteDone` listeners automation code added with `options` (a JSON
    /// object: `path`, `query`, `openType`, `webviewId`).
    public func automationRouteDone(_ optionsJSON: String) {
        guard let evaluator = automationEvaluator(), let routeDone = core.object(core.get(evaluator, "routeDone")) else { return }
        _ = try? core.call(routeDone, [core.string(optionsJSON)])
    }

    /// Defines the global function `name` (a binding, as DevTools' `App.addBinding` does): each
    /// call hands `name` and the JSON array of its arguments to `sink`. The function is the
    /// client's by design (its scripts call it by name); page code calling it only reaches the
    /// client as a `bindingCalled` event.
    public func automationAddBinding(_ name: String, sink: @escaping (String, String) -> Void) -> Bool {
        guard let evaluator = automationEvaluator(), let add = core.object(core.get(evaluator, "addBinding")) else { return false }
        automationBindingSink = sink
        return (try? core.call(add, [core.string(name)])) != nil
    }

    /// Runs due jobs and timers for up to `seconds` (returns early when idle), then leaves the
    /// runtime with no deadline (automation calls are not cut short). False once an uncaught
    /// error stopped the app.
    public func automationPump(for seconds: Double) -> Bool {
        let result = runLoop(deadline: EventLoop.now() + seconds, untilSettled: false)
        deadline = .infinity
        return result != .uncaughtError
    }

    private func automationEvaluator() -> JSObjectRef? {
        if let made = adapters[Self.automationKey] { return made }
        guard uncaughtError == nil else { return nil }
        let reply = core.function("reply") { [unowned self] _, args in
            let id = args.count > 0 ? Int(JSValueToNumber(core.ctx, args[0], nil)) : -1
            let ok = args.count > 1 && JSValueToBoolean(core.ctx, args[1])
            let text = args.count > 2 ? core.toString(args[2]) : "undefined"
            automationReplies.removeValue(forKey: id)?(ok ? .value(json: text) : .error(text))
            return nil
        }
        let binding = core.function("binding") { [unowned self] _, args in
            guard args.count > 1 else { return nil }
            automationBindingSink?(core.toString(args[0]), core.toString(args[1]))
            return nil
        }
        let component = core.function("component") { [unowned self] _, args in
            guard args.count > 0, JSValueIsString(core.ctx, args[0]) else { return JSValueMakeNull(core.ctx) }
            return hooks.componentObject?(core.toString(args[0])) ?? JSValueMakeNull(core.ctx)
        }
        var config: [String: Any] = ["namespace": session.dialect.namespace, "appId": "\(session.appID)"]
        if let root = packageRoot, let data = try? Data(contentsOf: root.appendingPathComponent("app.json")),
            let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            config["pages"] = manifest["pages"] ?? []
            config["tabBar"] = manifest["tabBar"]
            config["window"] = manifest["window"]
        }
        guard let configData = try? JSONSerialization.data(withJSONObject: config),
            let made = try? core.evaluate(Self.automationScope, url: "minimedia://automation.js"),
            let factory = core.object(made),
            let evaluator = try? core.object(core.call(factory, [reply, core.string(String(decoding: configData, as: UTF8.self)), binding, component]))
        else { return nil }
        JSValueProtect(core.ctx, evaluator)
        adapters[Self.automationKey] = evaluator
        return evaluator
    }

    private static let automationKey = "\u{0}automation"

    /// The evaluator: `(reply, configJSON, binding, component) → function (id, source, argsJSON)`, with
    /// `routeDone(optionsJSON)` and `addBinding(name)` on it.
    static let automationScope = #"""
        (function (reply, configJSON, binding, component) {
          var config = JSON.parse(configJSON);
          var G = globalThis;
          var realWx = G[config.namespace];
          var routeListeners = [];
          var nextWebview = 1;
          var ids = new WeakMap();
          function webviewId(page) {
            if (!ids.has(page)) ids.set(page, nextWebview++);
            return ids.get(page);
          }
          function pages() {
            var list = G.getCurrentPages();
            for (var i = 0; i < list.length; i++) {
              var p = list[i];
              if (p && typeof p === 'object' && !Object.prototype.hasOwnProperty.call(p, '__wxWebviewId__')) {
                Object.defineProperty(p, '__wxWebviewId__', { value: webviewId(p), configurable: true });
              }
            }
            return list;
          }
          var extras = {
            onAppRouteDone: function (fn) { if (typeof fn === 'function') routeListeners.push(fn); },
            offAppRouteDone: function (fn) { routeListeners = routeListeners.filter(function (f) { return f !== fn; }); },
            // What DevTools' clients read to learn the app id (minium reads it on connect).
            getAccountInfoSync: function () {
              return { miniProgram: { appId: config.appId, envVersion: 'develop', version: '' }, plugin: {} };
            }
          };
          var wx = new Proxy(realWx, {
            get: function (target, key) {
              if (Object.prototype.hasOwnProperty.call(extras, key) && !(key in target)) return extras[key];
              return target[key];
            }
          });
          var __wxConfig = {
            pages: config.pages || [], tabBar: config.tabBar, window: config.window || {},
            accountInfo: { appId: config.appId, appName: config.appId, nickname: config.appId },
            appLaunchInfo: { path: (config.pages || [])[0] || '', query: {}, scene: 1001 }
          };
          // Automation code is compiled here: it sees `wx`, `__wxConfig`, `getCurrentPages` above.
          var compile = function (source) { return eval('(' + source + ')'); };
          function encode(value) {
            if (value === undefined) return 'null';
            var seen = [];
            var text = JSON.stringify(value, function (k, v) {
              if (typeof v === 'function') return undefined;
              if (v && typeof v === 'object') {
                if (seen.indexOf(v) >= 0) return undefined;
                seen.push(v);
              }
              return v;
            });
            return text === undefined ? 'null' : text;
          }
          function message(e) {
            if (e && typeof e === 'object') {
              if (typeof e.errMsg === 'string') return e.errMsg;
              if (typeof e.message === 'string') return e.message;
            }
            return String(e);
          }
          function call(id, source, argsJSON) {
            var result;
            try {
              var fn = compile(source);
              if (typeof fn !== 'function') throw new TypeError('functionDeclaration is not a function');
              var args = JSON.parse(argsJSON);
              if (!Array.isArray(args)) throw new TypeError('args must be an array');
              result = fn.apply(undefined, args);
            } catch (e) {
              reply(id, false, message(e));
              return;
            }
            if (result && typeof result.then === 'function') {
              result.then(function (v) { reply(id, true, encode(v)); }, function (e) { reply(id, false, message(e)); });
            } else {
              reply(id, true, encode(result));
            }
          }
          call.routeDone = function (optionsJSON) {
            var options = JSON.parse(optionsJSON);
            var list = pages(), top = list[list.length - 1];
            if (top) {
              options.path = top.route;
              options.query = top.options || {};
              options.webviewId = top.__wxWebviewId__;
            }
            routeListeners.slice().forEach(function (fn) {
              try { fn(options); } catch (e) { console.error('onAppRouteDone listener: ' + message(e)); }
            });
          };
          call.addBinding = function (name) {
            if (typeof name !== 'string' || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new TypeError('binding name must be an identifier');
            G[name] = function () { binding(name, encode(Array.prototype.slice.call(arguments))); };
          };
          // For the driver's own scripts: state across calls, and a page by its webview id.
          var automationState = { mocks: {}, realWx: realWx };
          function automationPage(id) {
            var list = pages();
            if (id === undefined || id === null) {
              if (!list.length) throw new Error('no page is open');
              return list[list.length - 1];
            }
            for (var i = 0; i < list.length; i++) if (list[i].__wxWebviewId__ === id) return list[i];
            throw new Error('page ' + id + ' not found (it was destroyed)');
          }
          // The custom component instance of an element (by element id), for Element.getData & co.
          function automationComponent(elementId) {
            var c = component(String(elementId));
            if (!c) throw new Error('the element is not a custom component on the current page');
            return c;
          }
          var getCurrentPages = pages;
          return call;
        })
        """#
}
