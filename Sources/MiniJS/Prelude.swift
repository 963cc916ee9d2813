/// The JavaScript side of the runtime: console, timers, events, CommonJS `require`, and the
/// page framework (`App`, `Page`, `Component`, `getApp`, `getCurrentPages`, `setData`).
/// It talks to native code only through the hidden `__mm_native` object.
enum Prelude {
    static let source = #"""
    (function (global, native) {
      'use strict';
      // ---- console -------------------------------------------------------------------------
      function inspect(v, depth, seen) {
        if (v === null) return 'null';
        switch (typeof v) {
          case 'undefined': return 'undefined';
          case 'string': return depth === 0 ? v : "'" + v.replace(/'/g, "\\'") + "'";
          case 'number': return Object.is(v, -0) ? '-0' : String(v);
          case 'boolean': case 'bigint': return String(v);
          case 'symbol': return v.toString();
          case 'function': return '[Function: ' + (v.name || '(anonymous)') + ']';
        }
        if (v instanceof Error) return v.stack ? v.name + ': ' + v.message + '\n' + v.stack.split('\n').map(function (l) { return '    at ' + l; }).join('\n') : String(v);
        if (v instanceof ArrayBuffer) return 'ArrayBuffer { byteLength: ' + v.byteLength + ' }';
        if (ArrayBuffer.isView(v)) return v.constructor.name + '(' + v.length + ') [ ' + Array.prototype.slice.call(v, 0, 16).join(', ') + (v.length > 16 ? ', ... ' : ' ') + ']';
        seen = seen || [];
        if (seen.indexOf(v) >= 0) return '[Circular]';
        if (depth > 4) return Array.isArray(v) ? '[Array]' : '[Object]';
        seen = seen.concat([v]);
        if (Array.isArray(v)) {
          if (v.length === 0) return '[]';
          return '[ ' + v.map(function (x) { return inspect(x, depth + 1, seen); }).join(', ') + ' ]';
        }
        if (v instanceof Promise) return 'Promise {}';
        var keys = Object.keys(v);
        if (keys.length === 0) return '{}';
        return '{ ' + keys.map(function (k) {
          var name = /^[A-Za-z_$][\w$]*$/.test(k) ? k : "'" + k + "'";
          return name + ': ' + inspect(v[k], depth + 1, seen);
        }).join(', ') + ' }';
      }
      function format(args) {
        var a = Array.prototype.slice.call(args);
        if (typeof a[0] === 'string' && /%[sdifoOj%]/.test(a[0])) {
          var fmt = a.shift();
          var out = fmt.replace(/%([sdifoOj%])/g, function (m, c) {
            if (c === '%') return '%';
            if (a.length === 0) return m;
            var x = a.shift();
            switch (c) {
              case 's': return typeof x === 'string' ? x : inspect(x, 1);
              case 'd': case 'i': return String(c === 'i' ? parseInt(x) : Number(x));
              case 'f': return String(parseFloat(x));
              case 'j': return JSON.stringify(x);
              default: return inspect(x, 1);
            }
          });
          a.unshift(out);
          return a.map(function (x, i) { return i === 0 ? x : inspect(x, 0); }).join(' ');
        }
        return a.map(function (x) { return inspect(x, 0); }).join(' ');
      }
      var console = {};
      ['log', 'info', 'debug'].forEach(function (k) { console[k] = function () { native.print(0, format(arguments)); }; });
      ['warn', 'error'].forEach(function (k) { console[k] = function () { native.print(1, format(arguments)); }; });
      console.trace = function () { native.print(1, 'Trace: ' + format(arguments) + '\n' + new Error().stack); };
      global.console = console;
      global.__mm_inspect = inspect;

      // ---- timers --------------------------------------------------------------------------
      var timers = new Map();
      var nextTimer = 0;
      function addTimer(fn, delay, args, repeats) {
        if (typeof fn !== 'function') throw new TypeError('The callback must be a function. Received ' + inspect(fn, 1));
        var id = ++nextTimer;
        delay = Number(delay) || 0;
        timers.set(id, { fn: fn, args: args, repeats: repeats });
        native.setTimer(id, delay, repeats);
        return id;
      }
      global.setTimeout = function (fn, delay) { return addTimer(fn, delay, Array.prototype.slice.call(arguments, 2), false); };
      global.setInterval = function (fn, delay) { return addTimer(fn, delay, Array.prototype.slice.call(arguments, 2), true); };
      global.clearTimeout = global.clearInterval = function (id) {
        if (timers.delete(id)) native.clearTimer(id);
      };
      global.queueMicrotask = function (fn) { Promise.resolve().then(fn); };
      global.__mm_fireTimer = function (id) {
        var t = timers.get(id);
        if (!t) return;
        if (!t.repeats) timers.delete(id);
        t.fn.apply(undefined, t.args);
      };

      // ---- async calls ---------------------------------------------------------------------
      // Callbacks wait here by call id; native code settles a call with __mm_settle.
      var calls = new Map();
      global.__mm_wrapAsync = function (start, usesPromise, name) {
        var api = function (options) {
          var s, f, c;
          if (options !== null && typeof options === 'object') {
            if (typeof options.success === 'function') s = options.success;
            if (typeof options.fail === 'function') f = options.fail;
            if (typeof options.complete === 'function') c = options.complete;
          }
          if (s === undefined && f === undefined && c === undefined) {
            if (!usesPromise) { start(this, options); return undefined; }
            var self = this;
            return new Promise(function (resolve, reject) {
              calls.set(start(self, options), [resolve, reject, undefined]);
            });
          }
          calls.set(start(this, options), [s, f, c]);
          return undefined;
        };
        Object.defineProperty(api, 'name', { value: name });
        return api;
      };
      global.__mm_settle = function (id, ok, res) {
        var cbs = calls.get(id);
        if (cbs === undefined) return;
        calls.delete(id);
        var cb = ok ? cbs[0] : cbs[1];
        if (cb !== undefined) cb(res);
        if (cbs[2] !== undefined) cbs[2](res);
      };

      // ---- events (wx.onX / obj.onX) -------------------------------------------------------
      var listeners = new Map();
      function bucket(handle, event) {
        var byEvent = listeners.get(handle);
        if (!byEvent) { byEvent = new Map(); listeners.set(handle, byEvent); }
        var list = byEvent.get(event);
        if (!list) { list = []; byEvent.set(event, list); }
        return list;
      }
      global.__mm_on = function (handle, event, fn) {
        if (typeof fn !== 'function') throw new TypeError('on' + event + ': callback should be Function');
        var list = bucket(handle, event);
        if (list.indexOf(fn) < 0) list.push(fn);
      };
      global.__mm_off = function (handle, event, fn) {
        var list = bucket(handle, event);
        if (fn === undefined) list.length = 0;
        else { var i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); }
      };
      global.__mm_dispatch = function (handle, event, payload) {
        var byEvent = listeners.get(handle);
        var list = byEvent && byEvent.get(event);
        if (!list) return;
        list.slice().forEach(function (fn) { fn(payload); });
      };
      global.__mm_defineEvent = function (target, onName, event, handleOf) {
        var offName = 'off' + onName.slice(2);
        Object.defineProperty(target, onName, { value: function (fn) { global.__mm_on(handleOf(this), event, fn); }, writable: true, configurable: true });
        Object.defineProperty(target, offName, { value: function (fn) { global.__mm_off(handleOf(this), event, fn); }, writable: true, configurable: true });
      };

      // ---- CommonJS ------------------------------------------------------------------------
      var modules = new Map();
      function load(path) {
        var cached = modules.get(path);
        if (cached) return cached.exports;
        var module = { exports: {}, id: path, filename: path, loaded: false };
        modules.set(path, module);
        var fn = native.compile(native.readModule(path), path);
        fn.call(module.exports, module, module.exports, makeRequire(path), path);
        module.loaded = true;
        return module.exports;
      }
      function makeRequire(from) {
        return function require(request) {
          if (typeof request !== 'string') throw new TypeError('require: module name should be String');
          return load(native.resolveModule(from, request));
        };
      }
      global.__mm_load = load;

      // ---- App / Page / Component ----------------------------------------------------------
      var app = null;
      var pages = [];
      var pendingPage = null;
      global.App = function (def) {
        if (app) throw new Error('App() can only be called once');
        app = Object.assign({}, def || {});
        app.globalData = app.globalData || {};
      };
      global.getApp = function () { return app || (app = { globalData: {} }); };
      global.getCurrentPages = function () { return pages.slice(); };
      function clone(v) { return v === undefined ? {} : JSON.parse(JSON.stringify(v)); }

      function setPath(data, path, value) {
        var parts = [];
        path.replace(/([^.[\]]+)|\[(\d+)\]/g, function (m, key, index) { parts.push(index !== undefined ? Number(index) : key); });
        if (parts.length === 0) throw new Error('setData: invalid path "' + path + '"');
        var obj = data;
        for (var i = 0; i < parts.length - 1; i++) {
          var p = parts[i];
          if (obj[p] === null || typeof obj[p] !== 'object') obj[p] = typeof parts[i + 1] === 'number' ? [] : {};
          obj = obj[p];
        }
        obj[parts[parts.length - 1]] = value;
      }

      function makePage(def, route, isComponent) {
        var page = {};
        if (isComponent) {
          var methods = def.methods || {};
          Object.keys(methods).forEach(function (k) { page[k] = methods[k]; });
          page.__lifetimes = def.lifetimes || {};
          ['attached', 'ready', 'detached'].forEach(function (k) { if (!page.__lifetimes[k] && def[k]) page.__lifetimes[k] = def[k]; });
          page.properties = def.properties || {};
        } else {
          Object.keys(def).forEach(function (k) { if (k !== 'data') page[k] = def[k]; });
        }
        page.data = clone(def.data);
        page.route = route;
        page.__route__ = route;
        page.__pageId = ++pendingPage.counter;
        page.setData = function (changes, callback) {
          if (changes === null || typeof changes !== 'object') throw new TypeError('setData: data should be Object');
          var self = this;
          Object.keys(changes).forEach(function (k) { setPath(self.data, k, changes[k]); });
          native.setData(self.__pageId, changes);
          if (typeof callback === 'function') setTimeout(function () { callback.call(self); }, 0);
        };
        page.selectComponent = function () { return null; };
        page.createSelectorQuery = function () { throw new Error('createSelectorQuery is not supported by MiniMedia'); };
        return page;
      }
      global.Page = function (def) {
        if (!pendingPage || pendingPage.instance) throw new Error('Page() called outside of page loading, or twice');
        pendingPage.instance = makePage(def || {}, pendingPage.route, false);
      };
      global.Component = function (def) {
        if (!pendingPage || pendingPage.instance) return;  // a custom component outside a page: ignored
        pendingPage.instance = makePage(def || {}, pendingPage.route, true);
      };
      global.Behavior = function (def) { return def; };

      // A rejected promise returned by a page method or lifecycle hook (an async function that
      // threw) is an uncaught error, as in the platforms' developer tools.
      function watch(result) {
        if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
          result.then(undefined, function (e) { native.unhandledRejection(e); });
        }
        return result;
      }

      global.__mm_loadPage = function (route, path) {
        pendingPage = { route: route, instance: null, counter: pages.length };
        load(path);
        var page = pendingPage.instance;
        pendingPage = null;
        if (!page) throw new Error('page ' + route + ' did not call Page() or Component()');
        pages.push(page);
        return page;
      };
      global.__mm_lifecycle = function (page, name, arg) {
        var lt = page.__lifetimes;
        if (lt) {
          if (name === 'onLoad' && lt.attached) lt.attached.call(page);
          if (name === 'onReady' && lt.ready) lt.ready.call(page);
          if (name === 'onUnload' && lt.detached) lt.detached.call(page);
        }
        if (typeof page[name] === 'function') return watch(page[name](arg));
      };
      global.__mm_pageMethod = function (page, name, event) {
        if (typeof page[name] !== 'function') throw new Error('page ' + page.route + ' has no method "' + name + '"');
        return watch(page[name](event));
      };
      global.__mm_pageData = function (page) { return page.data; };
      global.__mm_unloadPage = function (page) {
        var i = pages.indexOf(page);
        if (i >= 0) pages.splice(i, 1);
      };
      global.__mm_app = function () { return app; };
    })(this, __mm_native);
    """#
}
