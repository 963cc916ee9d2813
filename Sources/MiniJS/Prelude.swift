/// The JavaScript side of the runtime: console, timers, events, CommonJS `require`, and the
/// page framework (`App`, `Page`, `Component`, `getApp`, `getCurrentPages`, `setData`).
/// It is evaluated as a function expression and called once with the private `native` object;
/// it returns `{ internal }`, the helpers the runtime calls. Neither is ever stored where page
/// code can reach it: page code sees only the globals the prelude installs. Intrinsics the
/// helpers use (`Map`, `Promise`, `Function.prototype.apply`…) are captured before any page code
/// runs, so a page that overrides them cannot make the host misbehave.
enum Prelude {
    static let source = #"""
    (function (native) {
      'use strict';
      var global = Function('return this')();
      // ---- intrinsics, captured before page code can replace them ----------------------------
      var uncurry = Function.prototype.bind.bind(Function.prototype.call);
      var apply = uncurry(Function.prototype.apply);
      var _Map = Map, _Promise = Promise, _Error = Error, _TypeError = TypeError, _String = String, _Number = Number;
      var mapGet = uncurry(Map.prototype.get), mapSet = uncurry(Map.prototype.set);
      var mapDelete = uncurry(Map.prototype.delete), mapHas = uncurry(Map.prototype.has);
      var promiseThen = uncurry(Promise.prototype.then), promiseResolve = Promise.resolve.bind(Promise);
      var slice = uncurry(Array.prototype.slice), indexOf = uncurry(Array.prototype.indexOf);
      var splice = uncurry(Array.prototype.splice), push = uncurry(Array.prototype.push);
      var replace = uncurry(String.prototype.replace);
      var keys = Object.keys, defineProperty = Object.defineProperty, isArray = Array.isArray;
      var jsonParse = JSON.parse, jsonStringify = JSON.stringify;

      // ---- console -------------------------------------------------------------------------
      function inspect(v, depth, seen) {
        if (v === null) return 'null';
        switch (typeof v) {
          case 'undefined': return 'undefined';
          case 'string': return depth === 0 ? v : "'" + replace(v, /'/g, "\\'") + "'";
          case 'number': return Object.is(v, -0) ? '-0' : _String(v);
          case 'boolean': case 'bigint': return _String(v);
          case 'symbol': return v.toString();
          case 'function': return '[Function: ' + (v.name || '(anonymous)') + ']';
        }
        if (v instanceof _Error) return v.stack ? v.name + ': ' + v.message + '\n' + v.stack.split('\n').map(function (l) { return '    at ' + l; }).join('\n') : _String(v);
        if (v instanceof ArrayBuffer) return 'ArrayBuffer { byteLength: ' + v.byteLength + ' }';
        if (ArrayBuffer.isView(v)) return v.constructor.name + '(' + v.length + ') [ ' + slice(v, 0, 16).join(', ') + (v.length > 16 ? ', ... ' : ' ') + ']';
        seen = seen || [];
        if (indexOf(seen, v) >= 0) return '[Circular]';
        if (depth > 4) return isArray(v) ? '[Array]' : '[Object]';
        seen = seen.concat([v]);
        if (isArray(v)) {
          if (v.length === 0) return '[]';
          if (v.length > 100) return '[ ' + slice(v, 0, 100).map(function (x) { return inspect(x, depth + 1, seen); }).join(', ') + ', ... ' + (v.length - 100) + ' more items ]';
          return '[ ' + v.map(function (x) { return inspect(x, depth + 1, seen); }).join(', ') + ' ]';
        }
        if (v instanceof _Promise) return 'Promise {}';
        var ks = keys(v);
        if (ks.length === 0) return '{}';
        return '{ ' + ks.map(function (k) {
          var name = /^[A-Za-z_$][\w$]*$/.test(k) ? k : "'" + k + "'";
          return name + ': ' + inspect(v[k], depth + 1, seen);
        }).join(', ') + ' }';
      }
      function safeInspect(v, depth) {
        try { return inspect(v, depth); } catch (e) { return '[object that cannot be printed]'; }
      }
      function format(args) {
        var a = slice(args);
        if (typeof a[0] === 'string' && /%[sdifoOj%]/.test(a[0])) {
          var fmt = a.shift();
          var out = replace(fmt, /%([sdifoOj%])/g, function (m, c) {
            if (c === '%') return '%';
            if (a.length === 0) return m;
            var x = a.shift();
            switch (c) {
              case 's': return typeof x === 'string' ? x : safeInspect(x, 1);
              case 'd': case 'i': return _String(c === 'i' ? parseInt(x) : _Number(x));
              case 'f': return _String(parseFloat(x));
              case 'j': return jsonStringify(x);
              default: return safeInspect(x, 1);
            }
          });
          a.unshift(out);
          return a.map(function (x, i) { return i === 0 ? x : safeInspect(x, 0); }).join(' ');
        }
        return a.map(function (x) { return safeInspect(x, 0); }).join(' ');
      }
      var console = {};
      ['log', 'info', 'debug'].forEach(function (k) { console[k] = function () { native.print(0, format(arguments)); }; });
      ['warn', 'error'].forEach(function (k) { console[k] = function () { native.print(1, format(arguments)); }; });
      console.trace = function () { native.print(1, 'Trace: ' + format(arguments) + '\n' + new _Error().stack); };
      global.console = console;
      // `global`, as mini-program and Node code expect it.
      defineProperty(global, 'global', { value: global, writable: true, configurable: true });

      // ---- timers --------------------------------------------------------------------------
      var timers = new _Map();
      var nextTimer = 0;
      // A delay as the web platform reads it: not a positive number, or beyond 2^31-1 ms, is 0.
      function delayOf(delay) {
        delay = _Number(delay);
        return delay > 0 && delay <= 2147483647 ? delay : 0;
      }
      function addTimer(fn, delay, args, repeats) {
        if (typeof fn !== 'function') throw new _TypeError('The callback must be a function. Received ' + safeInspect(fn, 1));
        var id = ++nextTimer;
        delay = delayOf(delay);
        mapSet(timers, id, { fn: fn, args: args, repeats: repeats });
        native.setTimer(id, delay, repeats);
        return id;
      }
      global.setTimeout = function setTimeout(fn, delay) { return addTimer(fn, delay, slice(arguments, 2), false); };
      global.setInterval = function setInterval(fn, delay) { return addTimer(fn, delay, slice(arguments, 2), true); };
      global.clearTimeout = global.clearInterval = function clearTimeout(id) {
        if (mapDelete(timers, id)) native.clearTimer(id);
      };
      global.queueMicrotask = function queueMicrotask(fn) {
        if (typeof fn !== 'function') throw new _TypeError('queueMicrotask: callback should be Function');
        promiseThen(promiseResolve(), fn);
      };
      function fireTimer(id) {
        var t = mapGet(timers, id);
        if (!t) return;
        if (!t.repeats) mapDelete(timers, id);
        apply(t.fn, undefined, t.args);
      }

      // ---- async calls ---------------------------------------------------------------------
      // The native API function calls begin(id, options, usesPromise, out) once: the callbacks
      // (or the Promise's resolve/reject) wait here by call id; native code settles the call with
      // settle(id, ok, res). begin returns the options' other keys (so native code need not list
      // them again; null when there are none) and puts the Promise, if any, in out[0]. Getters
      // on options run here.
      var calls = new _Map();
      function begin(id, options, usesPromise, out) {
        var s, f, c, rest;
        if (options !== null && typeof options === 'object') {
          // Options whose getters or Proxy traps throw: the call fails ("could not be read"),
          // through whichever callbacks could be read.
          var bad = false;
          var read = function (k) {
            try { var v = options[k]; return typeof v === 'function' ? v : undefined; } catch (e) { bad = true; }
          };
          s = read('success'); f = read('fail'); c = read('complete');
          if (bad) rest = false;
          else if (isArray(options)) rest = undefined;  // native code reads arrays (length first)
          else {
            try {
              var ks = keys(options);
              rest = [];
              for (var i = 0; i < ks.length; i++) {
                var k = ks[i];
                if (k !== 'success' && k !== 'fail' && k !== 'complete') rest[rest.length] = k;
              }
            } catch (e) { rest = false; }
          }
        }
        if (rest !== undefined && rest.length === 0) rest = null;
        if (s === undefined && f === undefined && c === undefined) {
          out[0] = usesPromise ? new _Promise(function (resolve, reject) { mapSet(calls, id, [resolve, reject, undefined]); }) : undefined;
          return rest;
        }
        out[0] = undefined;
        mapSet(calls, id, [s, f, c]);
        return rest;
      }
      function settle(id, ok, res) {
        var cbs = mapGet(calls, id);
        if (cbs === undefined) return;
        mapDelete(calls, id);
        var cb = ok ? cbs[0] : cbs[1];
        if (cb !== undefined) cb(res);
        if (cbs[2] !== undefined) cbs[2](res);
      }

      // ---- events (wx.onX / obj.onX) -------------------------------------------------------
      var listeners = new _Map();
      function bucket(handle, event) {
        var byEvent = mapGet(listeners, handle);
        if (!byEvent) { byEvent = new _Map(); mapSet(listeners, handle, byEvent); }
        var list = mapGet(byEvent, event);
        if (!list) { list = []; mapSet(byEvent, event, list); }
        return list;
      }
      function on(handle, event, fn) {
        if (typeof fn !== 'function') throw new _TypeError('on' + event + ': callback should be Function');
        var list = bucket(handle, event);
        if (indexOf(list, fn) < 0) push(list, fn);
      }
      // Audio objects (WeChat's semantics): the same listener added twice runs twice.
      function onEach(handle, event, fn) {
        if (typeof fn !== 'function') throw new _TypeError('on' + event + ': callback should be Function');
        push(bucket(handle, event), fn);
      }
      function off(handle, event, fn) {
        var list = bucket(handle, event);
        if (fn === undefined) list.length = 0;
        else { var i = indexOf(list, fn); if (i >= 0) splice(list, i, 1); }
      }
      function dispatch(handle, event, payload) {
        var byEvent = mapGet(listeners, handle);
        var list = byEvent && mapGet(byEvent, event);
        if (!list) return;
        list = slice(list);
        for (var i = 0; i < list.length; i++) list[i](payload);
      }

      // ---- EventChannel (navigateTo's `events`, getOpenerEventChannel) ---------------------
      // Two ends per navigateTo: emit on one end runs the other end's listeners. Their state
      // lives in this closure's WeakMap; page code only holds the ends.
      var _WeakMap = WeakMap, wmGet = uncurry(WeakMap.prototype.get), wmSet = uncurry(WeakMap.prototype.set);
      var objectCreate = Object.create;
      var channels = new _WeakMap();
      function EventChannel() { throw new _TypeError('Illegal constructor'); }
      function channelState(end, method) {
        var st = (end !== null && typeof end === 'object') ? wmGet(channels, end) : undefined;
        if (!st) throw new _TypeError('EventChannel.' + method + ': this is not an EventChannel');
        return st;
      }
      function listen(end, name, fn, once, method) {
        var st = channelState(end, method);
        if (typeof fn !== 'function') throw new _TypeError('EventChannel.' + method + ': listener should be Function');
        var list = mapGet(st.listeners, name);
        if (!list) { list = []; mapSet(st.listeners, name, list); }
        push(list, { fn: fn, once: once });
      }
      EventChannel.prototype.on = function on(name, fn) { listen(this, _String(name), fn, false, 'on'); };
      EventChannel.prototype.once = function once(name, fn) { listen(this, _String(name), fn, true, 'once'); };
      EventChannel.prototype.off = function off(name, fn) {
        var list = mapGet(channelState(this, 'off').listeners, _String(name));
        if (!list) return;
        if (fn === undefined) { list.length = 0; return; }
        for (var i = list.length - 1; i >= 0; i--) if (list[i].fn === fn) splice(list, i, 1);
      };
      EventChannel.prototype.emit = function emit(name) {
        var peer = wmGet(channels, channelState(this, 'emit').peer);
        var list = peer && mapGet(peer.listeners, _String(name));
        if (!list) return;
        var args = slice(arguments, 1), copy = slice(list);
        for (var i = 0; i < copy.length; i++) {
          if (copy[i].once) { var j = indexOf(list, copy[i]); if (j >= 0) splice(list, j, 1); }
          apply(copy[i].fn, undefined, args);
        }
      };
      // [opener's getter, opened page's getOpenerEventChannel]; `events` functions listen on
      // the opener's end.
      function makeChannel(events) {
        var a = objectCreate(EventChannel.prototype), b = objectCreate(EventChannel.prototype);
        wmSet(channels, a, { peer: b, listeners: new _Map() });
        wmSet(channels, b, { peer: a, listeners: new _Map() });
        if (events !== null && typeof events === 'object') {
          var ks = keys(events);
          for (var i = 0; i < ks.length; i++) if (typeof events[ks[i]] === 'function') listen(a, ks[i], events[ks[i]], false, 'on');
        }
        return [function eventChannel() { return a; }, function getOpenerEventChannel() { return b; }];
      }

      // ---- CommonJS ------------------------------------------------------------------------
      // The module cache and the loader live in this closure only.
      var modules = new _Map();
      function load(path, fn) {
        var cached = mapGet(modules, path);
        if (cached) return cached.exports;
        var module = { exports: {}, id: path, filename: path, loaded: false };
        mapSet(modules, path, module);
        apply(fn, module.exports, [module, module.exports, makeRequire(path), path]);
        module.loaded = true;
        return module.exports;
      }
      function loadFile(path) {
        var found = native.loadModule('', path);
        return load(found[0], found[1]);
      }
      function makeRequire(from) {
        var require = function require(request) {
          if (typeof request !== 'string') throw new _TypeError('require: module name should be String');
          var found = native.loadModule(from, request);
          return load(found[0], found[1]);
        };
        // WeChat's subpackage loader: a Promise of the module's exports, rejected with
        // {mod, errMsg} when it cannot be loaded (every package is local here).
        require.async = function async(request) {
          return new _Promise(function (resolve, reject) {
            try { resolve(require(request)); } catch (e) {
              reject({ mod: request, errMsg: 'require.async:fail ' + (e && e.message !== undefined ? e.message : _String(e)) });
            }
          });
        };
        return require;
      }

      // ---- App / Page / Component ----------------------------------------------------------
      var app = null;
      var pages = [];
      var pendingPage = null;
      var pageCounter = 0;
      global.App = function App(def) {
        if (app) throw new _Error('App() can only be called once');
        app = Object.assign({}, def || {});
        app.globalData = app.globalData || {};
      };
      global.getApp = function getApp() { return app || (app = { globalData: {} }); };
      global.getCurrentPages = function getCurrentPages() { return slice(pages); };
      function clone(v) { return v === undefined ? {} : jsonParse(jsonStringify(v)); }

      function setPath(data, path, value) {
        var parts = [];
        replace(path, /([^.[\]]+)|\[(\d+)\]/g, function (m, key, index) { push(parts, index !== undefined ? _Number(index) : key); });
        if (parts.length === 0) throw new _Error('setData: invalid path "' + path + '"');
        var obj = data;
        for (var i = 0; i < parts.length - 1; i++) {
          var p = parts[i];
          if (obj[p] === null || typeof obj[p] !== 'object') obj[p] = typeof parts[i + 1] === 'number' ? [] : {};
          obj = obj[p];
        }
        obj[parts[parts.length - 1]] = value;
      }

      // Baidu's `this.getData('a.b[0]')`: a deep copy of the value at the path, undefined when absent.
      var hasOwn = uncurry(Object.prototype.hasOwnProperty);
      function getPath(data, path) {
        if (path === undefined) return copyOf(data);
        if (typeof path !== 'string') throw new _TypeError('getData: path should be String');
        var v = data;
        var ok = true;
        replace(path, /([^.[\]]+)|\[(\d+)\]/g, function (m, key, index) {
          if (!ok || v === null || typeof v !== 'object') { ok = false; return m; }
          var k = index !== undefined ? _Number(index) : key;
          if (!hasOwn(v, k)) { ok = false; return m; }
          v = v[k];
          return m;
        });
        return ok ? copyOf(v) : undefined;
      }
      function copyOf(v) {
        var s = v === undefined ? undefined : jsonStringify(v);
        return s === undefined ? undefined : jsonParse(s);
      }

      function makePage(def, route, isComponent) {
        var page = {};
        if (isComponent) {
          var methods = def.methods || {};
          keys(methods).forEach(function (k) { page[k] = methods[k]; });
          page.__lifetimes = def.lifetimes || {};
          ['attached', 'ready', 'detached'].forEach(function (k) { if (!page.__lifetimes[k] && def[k]) page.__lifetimes[k] = def[k]; });
          page.properties = def.properties || {};
        } else {
          keys(def).forEach(function (k) { if (k !== 'data') page[k] = def[k]; });
        }
        page.data = clone(def.data);
        page.route = route;
        page.__route__ = route;
        var pageId = ++pageCounter;
        var swan = native.dialect === 'swan';
        page.setData = function setData(changes, callback) {
          // Baidu also takes setData('a.b', value, callback).
          if (swan && typeof changes === 'string') { var one = {}; one[changes] = callback; changes = one; callback = arguments[2]; }
          if (changes === null || typeof changes !== 'object') throw new _TypeError('setData: data should be Object');
          var self = this;
          var ks = keys(changes);
          for (var i = 0; i < ks.length; i++) setPath(page.data, ks[i], changes[ks[i]]);
          native.setData(pageId, changes);
          if (typeof callback === 'function') global.setTimeout(function () { callback.call(self); }, 0);
        };
        if (swan) page.getData = function getData(path) { return getPath(page.data, path); };
        page.selectComponent = function selectComponent(selector) { return native.selectComponent(pageId, _String(selector), false); };
        page.selectAllComponents = function selectAllComponents(selector) { return native.selectComponent(pageId, _String(selector), true); };
        return page;
      }
      global.Page = function Page(def) {
        if (!pendingPage || pendingPage.instance) throw new _Error('Page() called outside of page loading, or twice');
        pendingPage.instance = makePage(def || {}, pendingPage.route, false);
        pendingPage.def = [def || {}, false];
      };
      global.Component = function Component(def) {
        if (pendingComponent) {
          if (pendingComponent.def) throw new _Error('Component() called twice in component ' + pendingComponent.path);
          pendingComponent.def = (def !== null && typeof def === 'object') ? def : {};
          return;
        }
        if (!pendingPage || pendingPage.instance) return;  // a custom component outside a page: ignored
        pendingPage.instance = makePage(def || {}, pendingPage.route, true);
        pendingPage.def = [def || {}, true];
      };
      global.Behavior = function Behavior(def) { return (def !== null && typeof def === 'object') ? def : {}; };

      // ---- custom components (Component() in a file usingComponents names) ---------------
      // A definition is read once per component path into a plain record (so getters on the
      // definition run once, here); instances are made from it as the page renders their host
      // elements. The native side mirrors each instance's data (its own setData id).
      var pendingComponent = null;
      var componentDefs = new _Map();
      var instanceDefs = new _Map();   // instance -> [record, setData id]
      var propertyTypes = [_String, _Number, Boolean, Object, Array, null];
      function typeName(t) { return t === null ? 'null' : t.name; }
      function defaultOf(type) {
        switch (type) {
          case _String: return '';
          case _Number: return 0;
          case Boolean: return false;
          case Array: return [];
          default: return null;
        }
      }
      // WeChat's coercion of a value a parent passes to a typed property.
      function coerce(type, v, fallback) {
        if (v === undefined) return fallback;
        switch (type) {
          case _String:
            if (typeof v === 'string') return v;
            if (typeof v === 'number' || typeof v === 'boolean') return _String(v);
            return fallback;
          case _Number:
            if (typeof v === 'number') return v;
            if (typeof v === 'string' || typeof v === 'boolean') { var n = _Number(v); return n === n ? n : fallback; }
            return fallback;
          case Boolean: return !!v;
          case Object: return (typeof v === 'object') ? v : fallback;
          case Array: return isArray(v) ? v : fallback;
          default: return v;
        }
      }
      function camel(name) { return replace(name, /-([a-z])/g, function (m, c) { return c.toUpperCase(); }); }
      function readRecord(def, path, rec, depth) {
        if (depth > 8) throw new _Error('behaviors nested deeper than 8 levels');
        var behaviors = def.behaviors;
        if (behaviors !== undefined) {
          if (!isArray(behaviors)) throw new _TypeError('behaviors should be an Array');
          for (var b = 0; b < behaviors.length && b < 64; b++) {
            var beh = behaviors[b];
            if (beh === null || typeof beh !== 'object') continue;  // built-in behaviors ('wx://form-field') are names
            readRecord(beh, path, rec, depth + 1);
          }
        }
        var props = def.properties;
        if (props !== undefined && props !== null) {
          if (typeof props !== 'object') throw new _TypeError('properties should be an Object');
          var pk = keys(props);
          if (pk.length > 512) throw new _Error('more than 512 properties');
          for (var i = 0; i < pk.length; i++) {
            if (pk[i] === '__proto__') throw new _TypeError('a property cannot be named __proto__');
            var spec = props[pk[i]], full = spec !== null && typeof spec === 'object';
            var type = full ? (spec.type === undefined ? null : spec.type) : spec;
            if (indexOf(propertyTypes, type) < 0) throw new _TypeError('property "' + pk[i] + '" has an unsupported type (String, Number, Boolean, Object, Array or null)');
            var value = full && spec.value !== undefined ? clone(spec.value) : defaultOf(type);
            var observer = full ? spec.observer : undefined;
            if (observer !== undefined && typeof observer !== 'function' && typeof observer !== 'string') throw new _TypeError('property "' + pk[i] + '" observer should be a Function or a method name');
            rec.properties[pk[i]] = { type: type, value: value, observer: observer };
          }
        }
        var data = def.data;
        if (data !== undefined && data !== null) {
          var dv = clone(data), dk = keys(dv);
          for (var d = 0; d < dk.length; d++) if (dk[d] !== '__proto__') rec.data[dk[d]] = dv[dk[d]];
        }
        var methods = def.methods;
        if (methods !== undefined && methods !== null) {
          var mk = keys(methods);
          for (var m = 0; m < mk.length; m++) if (typeof methods[mk[m]] === 'function') rec.methods[mk[m]] = methods[mk[m]];
        }
        var lt = def.lifetimes || {};
        ['created', 'attached', 'ready', 'moved', 'detached'].forEach(function (k) {
          var fn = typeof lt[k] === 'function' ? lt[k] : def[k];
          if (typeof fn === 'function') push(rec.lifetimes[k], fn);
        });
        var plt = def.pageLifetimes || {};
        ['show', 'hide', 'resize'].forEach(function (k) { if (typeof plt[k] === 'function') push(rec.pageLifetimes[k], plt[k]); });
        var obs = def.observers;
        if (obs !== undefined && obs !== null) {
          var ok = keys(obs);
          for (var o = 0; o < ok.length; o++) {
            if (typeof obs[ok[o]] !== 'function') continue;
            var fields = ok[o].split(',').map(function (f) { return replace(f, /^\s+|\s+$/g, ''); });
            push(rec.observers, { fields: fields, fn: obs[ok[o]] });
          }
        }
        var options = def.options;
        if (options !== null && typeof options === 'object' && options.multipleSlots) rec.multipleSlots = true;
      }
      // Alipay's form: props (defaults; every host attribute is a prop, event attributes such
      // as onTapItem are functions calling the owner's method), data, methods, onInit,
      // didMount, didUpdate(prevProps, prevData) after the parent changed props, didUnmount,
      // mixins merged first.
      function readAlipay(def, rec, depth) {
        if (depth > 8) throw new _Error('mixins nested deeper than 8 levels');
        var mixins = def.mixins;
        if (mixins !== undefined) {
          if (!isArray(mixins)) throw new _TypeError('mixins should be an Array');
          for (var x = 0; x < mixins.length && x < 64; x++) if (mixins[x] !== null && typeof mixins[x] === 'object') readAlipay(mixins[x], rec, depth + 1);
        }
        var props = def.props;
        if (props !== undefined && props !== null) {
          if (typeof props !== 'object') throw new _TypeError('props should be an Object');
          var pk = keys(props);
          for (var i = 0; i < pk.length; i++) {
            if (pk[i] === '__proto__') throw new _TypeError('a prop cannot be named __proto__');
            rec.propDefaults[pk[i]] = typeof props[pk[i]] === 'function' ? props[pk[i]] : clone(props[pk[i]]);
          }
        }
        if (def.data !== undefined && def.data !== null) {
          var dv = clone(def.data), dk = keys(dv);
          for (var d = 0; d < dk.length; d++) if (dk[d] !== '__proto__') rec.data[dk[d]] = dv[dk[d]];
        }
        var methods = def.methods;
        if (methods !== undefined && methods !== null) {
          var mk = keys(methods);
          for (var m = 0; m < mk.length; m++) if (typeof methods[mk[m]] === 'function') rec.methods[mk[m]] = methods[mk[m]];
        }
        [['onInit', 'created'], ['didMount', 'attached'], ['didUnmount', 'detached']].forEach(function (pair) {
          if (typeof def[pair[0]] === 'function') push(rec.lifetimes[pair[1]], def[pair[0]]);
        });
        if (typeof def.didUpdate === 'function') push(rec.didUpdate, def.didUpdate);
      }
      function propsWithoutFunctions(props) {
        var out = {}, ks = keys(props);
        for (var i = 0; i < ks.length; i++) if (typeof props[ks[i]] !== 'function') out[ks[i]] = props[ks[i]];
        return out;
      }
      // What the component's template renders against: its data (and, on Alipay, `props` and `$id`).
      function componentRenderData(inst) {
        var entry = mapGet(instanceDefs, inst);
        if (!entry || !entry[0].alipay) return inst.data;
        var out = {}, ks = keys(inst.data);
        for (var i = 0; i < ks.length; i++) out[ks[i]] = inst.data[ks[i]];
        out.props = propsWithoutFunctions(inst.props);
        out.$id = entry[1];
        return out;
      }
      function loadComponent(path, file) {
        if (mapHas(componentDefs, path)) return true;
        pendingComponent = { path: path, def: null };
        try { loadFile(file); } finally { var def = pendingComponent.def; pendingComponent = null; }
        if (!def) throw new _Error('component ' + path + ' did not call Component()');
        var rec = { path: path, properties: objectCreate(null), data: {}, methods: objectCreate(null), multipleSlots: false, observers: [],
          lifetimes: { created: [], attached: [], ready: [], moved: [], detached: [] }, pageLifetimes: { show: [], hide: [], resize: [] } };
        rec.alipay = native.dialect === 'my';
        rec.propDefaults = objectCreate(null);
        rec.didUpdate = [];
        try { if (rec.alipay) readAlipay(def, rec, 0); else readRecord(def, path, rec, 0); } catch (e) {
          throw new _Error('component ' + path + ': its definition cannot be used: ' + (e && e.message !== undefined ? e.message : _String(e)));
        }
        mapSet(componentDefs, path, rec);
        return true;
      }
      function pathRoot(p) { var m = /^[^.[]+/.exec(p); return m ? m[0] : p; }
      function fieldValue(data, f) { return f === '**' ? data : getPathRaw(data, replace(f, /\.\*\*$/, '')); }
      function getPathRaw(data, path) {
        var v = data;
        replace(path, /([^.[\]]+)|\[(\d+)\]/g, function (m, key, index) {
          if (v !== null && v !== undefined) v = v[index !== undefined ? _Number(index) : key];
          return m;
        });
        return v;
      }
      // Observers whose fields a change touched (`a`, `a.b`, `a.**`, `a, b`), each once.
      function runObservers(inst, rec, changed) {
        for (var i = 0; i < rec.observers.length; i++) {
          var ob = rec.observers[i], hit = false;
          for (var f = 0; f < ob.fields.length && !hit; f++) {
            var field = replace(ob.fields[f], /\.\*\*$/, '');
            for (var c = 0; c < changed.length && !hit; c++) {
              var p = changed[c];
              hit = ob.fields[f] === '**' || p === field || p.indexOf(field + '.') === 0 || p.indexOf(field + '[') === 0 || field.indexOf(p + '.') === 0 || field.indexOf(p + '[') === 0;
            }
          }
          if (hit) apply(ob.fn, inst, ob.fields.map(function (f) { return fieldValue(inst.data, f); }));
        }
      }
      function propertyObserver(inst, rec, name, value, old) {
        var ob = rec.properties[name].observer;
        if (typeof ob === 'string') ob = inst[ob];
        if (typeof ob === 'function') apply(ob, inst, [value, old, [name]]);
      }
      // A new instance (lifetimes not run yet): [instance, setData id, multipleSlots].
      function createComponent(path, host, props, eventProps, owner) {
        var rec = mapGet(componentDefs, path);
        if (!rec) throw new _Error('component ' + path + ' is not loaded');
        var inst = {}, id = ++pageCounter;
        var mk = keys(rec.methods);
        for (var m = 0; m < mk.length; m++) if (mk[m] !== '__proto__') inst[mk[m]] = rec.methods[mk[m]];
        inst.is = path;
        inst.id = host.id;
        inst.dataset = host.dataset;
        if (rec.alipay) {
          inst.$id = id;
          inst.data = clone(rec.data);
          var given = {}, dk = keys(rec.propDefaults);
          for (var d = 0; d < dk.length; d++) given[dk[d]] = typeof rec.propDefaults[dk[d]] === 'function' ? rec.propDefaults[dk[d]] : clone(rec.propDefaults[dk[d]]);
          var pk = (props !== null && typeof props === 'object') ? keys(props) : [];
          for (var q = 0; q < pk.length; q++) if (pk[q] !== '__proto__' && pk[q] !== 'id' && pk[q] !== 'class' && pk[q] !== 'style') given[pk[q]] = props[pk[q]];
          var ek = (eventProps !== null && typeof eventProps === 'object') ? keys(eventProps) : [];
          ek.forEach(function (attribute) {
            var handler = eventProps[attribute];
            given[attribute] = function () {
              if (typeof owner[handler] !== 'function') {
                throw new _Error((mapHas(instanceDefs, owner) ? 'component ' + owner.is : 'page ' + owner.route) + ' has no method "' + handler + '"');
              }
              return apply(owner[handler], owner, slice(arguments));
            };
          });
          inst.props = given;
          inst.setData = function setData(changes, callback) {
            if (changes === null || typeof changes !== 'object') throw new _TypeError('setData: data should be Object');
            var self = this, ks = keys(changes);
            for (var i = 0; i < ks.length; i++) setPath(inst.data, ks[i], changes[ks[i]]);
            native.setData(id, changes);
            if (typeof callback === 'function') global.setTimeout(function () { callback.call(self); }, 0);
          };
          mapSet(instanceDefs, inst, [rec, id]);
          return [inst, id, true];
        }
        var data = clone(rec.data), pk = keys(rec.properties);
        for (var i = 0; i < pk.length; i++) data[pk[i]] = clone(rec.properties[pk[i]].value);
        inst.data = data;
        inst.properties = data;
        var initial = [];
        if (props !== null && typeof props === 'object') {
          var ak = keys(props);
          for (var a = 0; a < ak.length; a++) {
            var name = mapHasOwn(rec.properties, ak[a]) ? ak[a] : camel(ak[a]);
            if (!mapHasOwn(rec.properties, name)) continue;
            var p = rec.properties[name], v = coerce(p.type, props[ak[a]], p.value);
            if (jsonStringify(v) !== jsonStringify(p.value)) push(initial, [name, v, p.value]);
            data[name] = v;
          }
        }
        inst.__initial = initial;
        var swan = native.dialect === 'swan';
        inst.setData = function setData(changes, callback) {
          if (swan && typeof changes === 'string') { var one = {}; one[changes] = callback; changes = one; callback = arguments[2]; }
          if (changes === null || typeof changes !== 'object') throw new _TypeError('setData: data should be Object');
          var self = this, ks = keys(changes), props = [];
          for (var i = 0; i < ks.length; i++) {
            if (mapHasOwn(rec.properties, ks[i])) push(props, [ks[i], inst.data[ks[i]]]);
            setPath(inst.data, ks[i], changes[ks[i]]);
          }
          native.setData(id, changes);
          for (var j = 0; j < props.length; j++) propertyObserver(inst, rec, props[j][0], inst.data[props[j][0]], props[j][1]);
          runObservers(inst, rec, ks);
          if (typeof callback === 'function') global.setTimeout(function () { callback.call(self); }, 0);
        };
        if (swan) inst.getData = function getData(path) { return getPath(inst.data, path); };
        inst.triggerEvent = function triggerEvent(name, detail, options) {
          if (typeof name !== 'string' || name === '') throw new _TypeError('triggerEvent: name should be a non-empty String');
          var o = (options !== null && typeof options === 'object') ? options : {};
          native.triggerEvent(id, name, detail === undefined ? {} : detail, !!o.bubbles, !!o.composed, !!o.capturePhase);
        };
        inst.selectComponent = function selectComponent(selector) { return native.selectComponent(id, _String(selector), false); };
        inst.selectAllComponents = function selectAllComponents(selector) { return native.selectComponent(id, _String(selector), true); };
        mapSet(instanceDefs, inst, [rec, id]);
        return [inst, id, rec.multipleSlots];
      }
      var mapHasOwn = hasOwn;
      // Runs a lifetime (created, attached, ready, detached) or page lifetime (show, hide).
      function componentLifetime(inst, name, isPage) {
        var entry = mapGet(instanceDefs, inst);
        if (!entry) return;
        var rec = entry[0];
        var list = isPage ? rec.pageLifetimes[name] : rec.lifetimes[name];
        if (list) for (var i = 0; i < list.length; i++) watch(apply(list[i], inst, []));
        if (name === 'created' && !isPage) {
          // Values the parent passed at creation reach their observers after `created`.
          var initial = inst.__initial || [];
          delete inst.__initial;
          for (var k = 0; k < initial.length; k++) propertyObserver(inst, rec, initial[k][0], initial[k][1], initial[k][2]);
          if (initial.length) runObservers(inst, rec, initial.map(function (x) { return x[0]; }));
        }
        if (name === 'detached' && !isPage) mapDelete(instanceDefs, inst);
      }
      // The parent re-rendered with these attributes changed: declared properties are coerced,
      // stored (mirrored natively) and their observers run.
      function updateComponent(inst, props) {
        var entry = mapGet(instanceDefs, inst);
        if (!entry || props === null || typeof props !== 'object') return;
        if (entry[0].alipay) {
          var prevProps = {}, pk0 = keys(inst.props), mirrored = {}, any = false;
          for (var p0 = 0; p0 < pk0.length; p0++) prevProps[pk0[p0]] = inst.props[pk0[p0]];
          var given = keys(props);
          for (var g = 0; g < given.length; g++) {
            if (given[g] === '__proto__' || given[g] === 'id' || given[g] === 'class' || given[g] === 'style') continue;
            inst.props[given[g]] = props[given[g]];
            mirrored['props.' + given[g]] = props[given[g]];
            any = true;
          }
          if (!any) return;
          native.setData(entry[1], mirrored);
          var prevData = copyOf(inst.data);
          for (var u = 0; u < entry[0].didUpdate.length; u++) watch(apply(entry[0].didUpdate[u], inst, [prevProps, prevData]));
          return;
        }
        var rec = entry[0], changes = {}, changed = [], ak = keys(props);
        for (var a = 0; a < ak.length; a++) {
          var name = mapHasOwn(rec.properties, ak[a]) ? ak[a] : camel(ak[a]);
          if (!mapHasOwn(rec.properties, name)) continue;
          var p = rec.properties[name], v = coerce(p.type, props[ak[a]], p.value), old = inst.data[name];
          if (jsonStringify(v) === jsonStringify(old)) continue;
          inst.data[name] = v;
          changes[name] = v;
          push(changed, [name, v, old]);
        }
        if (!changed.length) return;
        native.setData(entry[1], changes);
        for (var c = 0; c < changed.length; c++) propertyObserver(inst, rec, changed[c][0], changed[c][1], changed[c][2]);
        runObservers(inst, rec, changed.map(function (x) { return x[0]; }));
      }

      // A rejected promise returned by a page method or lifecycle hook (an async function that
      // threw) is an uncaught error, as in the platforms' developer tools.
      function watch(result) {
        if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
          result.then(undefined, function (e) { native.unhandledRejection(e); });
        }
        return result;
      }

      // Returns [page, its setData id]: the page object is the only one made while its file
      // loaded (a second Page() throws, a second Component() is ignored), so the id is the last.
      // A page file runs once: later instances of its route (navigateTo the same page again)
      // are made from the definition it registered, as on the platforms.
      var pageDefs = new _Map();
      function loadPage(route, path) {
        var known = mapGet(pageDefs, route);
        if (known) return [makePage(known[0], route, known[1]), pageCounter];
        pendingPage = { route: route, instance: null, def: null };
        try { loadFile(path); } finally { var page = pendingPage.instance, def = pendingPage.def; pendingPage = null; }
        if (!page) throw new _Error('page ' + route + ' did not call Page() or Component()');
        mapSet(pageDefs, route, def);
        return [page, pageCounter];
      }
      // The page stack as the runner holds it, bottom first (getCurrentPages()).
      function setStack(list) { pages = slice(list); }
      function lifecycle(page, name, arg) {
        var lt = page.__lifetimes;
        if (lt) {
          if (name === 'onLoad' && typeof lt.attached === 'function') lt.attached.call(page);
          if (name === 'onReady' && typeof lt.ready === 'function') lt.ready.call(page);
          if (name === 'onUnload' && typeof lt.detached === 'function') lt.detached.call(page);
        }
        if (typeof page[name] === 'function') return watch(apply(page[name], page, [arg]));
      }
      function pageMethod(page, name, event) {
        if (typeof page[name] !== 'function') {
          throw new _Error((mapHas(instanceDefs, page) ? 'component ' + page.is : 'page ' + page.route) + ' has no method "' + name + '"');
        }
        return watch(apply(page[name], page, [event]));
      }
      function appHook(name, arg) {
        if (app && typeof app[name] === 'function') return watch(apply(app[name], app, [arg]));
      }
      function unloadPage(page) {
        var i = indexOf(pages, page);
        if (i >= 0) splice(pages, i, 1);
      }
      return {
        begin: begin, settle: settle, fireTimer: fireTimer, on: on, onEach: onEach, off: off, dispatch: dispatch,
        loadFile: loadFile, loadPage: loadPage, setStack: setStack, makeChannel: makeChannel, lifecycle: lifecycle, pageMethod: pageMethod, appHook: appHook,
        unloadPage: unloadPage, loadComponent: loadComponent, createComponent: createComponent,
        componentLifetime: componentLifetime, updateComponent: updateComponent, componentRenderData: componentRenderData, pageData: function (page) { return page.data; }, inspect: inspect
      };
    })
    """#
}
