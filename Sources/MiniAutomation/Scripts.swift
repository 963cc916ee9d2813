/// The driver's scripts, evaluated in the automation scope (`JSRuntime.automationCall`): they
/// see `wx`, `getCurrentPages`, `automationPage(id)` and `automationState` besides the app's
/// globals.
enum Scripts {
    static let currentPage = """
        function () {
          var list = getCurrentPages(), p = list[list.length - 1];
          return p ? { pageId: p.__wxWebviewId__, path: p.route, query: p.options || {} } : null;
        }
        """

    static let pageStack = """
        function () {
          return getCurrentPages().map(function (p) { return { pageId: p.__wxWebviewId__, path: p.route, query: p.options || {} }; });
        }
        """

    static let pageData = """
        function (id, path) {
          var data = automationPage(id).data;
          if (!path) return data;
          return path.split('.').reduce(function (v, k) { return v == null ? undefined : v[k]; }, data);
        }
        """

    static let pageSetData = """
        function (id, data) {
          var p = automationPage(id);
          return new Promise(function (resolve) { p.setData(data, function () { resolve(null); }); });
        }
        """

    static let pageCallMethod = """
        function (id, name, args) {
          var p = automationPage(id);
          if (typeof p[name] !== 'function') throw new Error('page ' + p.route + ' has no method "' + name + '"');
          return p[name].apply(p, args);
        }
        """

    static let pageCallFunction = """
        function (id, source, args) {
          var p = automationPage(id);
          var fn = eval('(' + source + ')');
          if (typeof fn !== 'function') throw new TypeError('functionDeclaration is not a function');
          return fn.apply(p, args);
        }
        """

    /// A custom component element's instance data (`automationComponent`: by element id).
    static let componentData = """
        function (key) { return automationComponent(key).data; }
        """

    static let componentSetData = """
        function (key, data) {
          var c = automationComponent(key);
          return new Promise(function (resolve) { c.setData(data, function () { resolve(null); }); });
        }
        """

    static let componentCallMethod = """
        function (key, name, args) {
          var c = automationComponent(key);
          if (typeof c[name] !== 'function') throw new Error('component ' + c.is + ' has no method "' + name + '"');
          return c[name].apply(c, args);
        }
        """

    /// Sync APIs (`…Sync`, `create…`, `on…`/`off…`, `get…Manager`) return their value;
    /// the others get `success`/`fail` and resolve with what `success` received.
    static let callWx = """
        function (name, args) {
          var fn = wx[name];
          if (typeof fn !== 'function') throw new Error('wx.' + name + ' not exists');
          if (/Sync$/.test(name) || /^(create|on|off)[A-Z]/.test(name) || /^get.*Manager$/.test(name)) return fn.apply(wx, args);
          var first = args[0];
          var options = Object.assign({}, first && typeof first === 'object' ? first : {});
          return new Promise(function (resolve, reject) {
            options.success = function (res) { resolve(res); };
            options.fail = function (err) { reject(err); };
            fn.call(wx, options);
          });
        }
        """

    /// `mode`: `result` (answer with `result`), `function` (answer with what the function
    /// returns; its `this.origin` calls the real API), `restore`.
    static let mockWx = """
        function (name, mode, result, source, extra) {
          var real = automationState.realWx, mocks = automationState.mocks;
          if (mode === 'restore') {
            if (Object.prototype.hasOwnProperty.call(mocks, name)) { real[name] = mocks[name]; delete mocks[name]; }
            return null;
          }
          if (!Object.prototype.hasOwnProperty.call(mocks, name)) {
            if (typeof real[name] !== 'function') throw new Error('wx.' + name + ' not exists');
            mocks[name] = real[name];
          }
          var origin = mocks[name];
          var sync = /Sync$/.test(name);
          var fn = mode === 'function' ? eval('(' + source + ')') : null;
          if (mode === 'function' && typeof fn !== 'function') throw new TypeError('functionDeclaration is not a function');
          real[name] = function () {
            var args = Array.prototype.slice.call(arguments);
            var out = fn ? fn.apply({ origin: function () { return origin.apply(real, arguments); } }, args.concat(extra || [])) : JSON.parse(JSON.stringify(result));
            if (sync) return out;
            var options = args[0] && typeof args[0] === 'object' ? args[0] : {};
            var settled = Promise.resolve(out);
            settled.then(function (res) {
              if (typeof options.success === 'function') options.success(res);
              if (typeof options.complete === 'function') options.complete(res);
            }, function (err) {
              if (typeof options.fail === 'function') options.fail(err);
              if (typeof options.complete === 'function') options.complete(err);
            });
            if (!options.success && !options.fail && !options.complete) return settled;
          };
          return null;
        }
        """

    static let contextMethod = """
        function (factory, id, method, args) {
          if (typeof wx[factory] !== 'function') throw new Error('wx.' + factory + ' not exists');
          var ctx = factory === 'createCameraContext' ? wx.createCameraContext() : wx[factory](id);
          if (!ctx || typeof ctx[method] !== 'function') throw new Error(factory + ': the context has no method "' + method + '"');
          var asks = ['takePhoto', 'startRecord', 'stopRecord', 'snapshot', 'play', 'pause', 'stop', 'resume', 'mute', 'requestFullScreen', 'exitFullScreen'];
          if (args.length === 0 && asks.indexOf(method) >= 0 && factory !== 'createVideoContext') {
            return new Promise(function (resolve, reject) {
              ctx[method]({ success: function (res) { resolve(res); }, fail: function (err) { reject(err); } });
            });
          }
          return ctx[method].apply(ctx, args);
        }
        """

    static let windowProperties = """
        function (names) {
          var info = wx.getSystemInfoSync ? wx.getSystemInfoSync() : {};
          var known = {
            innerWidth: info.windowWidth, innerHeight: info.windowHeight, devicePixelRatio: info.pixelRatio,
            'screen.width': info.screenWidth, 'screen.height': info.screenHeight, scrollX: 0, scrollY: 0, pageXOffset: 0, pageYOffset: 0,
            'document.title': ''
          };
          return names.map(function (n) { return Object.prototype.hasOwnProperty.call(known, n) ? known[n] : null; });
        }
        """
}
