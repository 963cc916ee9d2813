#include <JavaScriptCore/JavaScript.h>

// Exported by libjavascriptcoregtk-4.1 (JSContextRefPrivate.h) but absent from its public
// headers: `nm -D libjavascriptcoregtk-4.1.so | grep -e ExecutionTimeLimit -e UnhandledRejection`.

/// Asked, on the thread running JS, whether a script that ran past the limit should stop; false
/// lets it run another `limit` seconds.
typedef bool (*JSShouldTerminateCallback)(JSContextRef ctx, void *context);

/// Arms the group's watchdog: JS that runs `limit` seconds without returning to the host calls
/// `callback`; if it returns true, execution ends with an uncatchable termination exception.
void JSContextGroupSetExecutionTimeLimit(JSContextGroupRef group, double limit, JSShouldTerminateCallback callback, void *context);
void JSContextGroupClearExecutionTimeLimit(JSContextGroupRef group);

/// Called with (promise, reason) for every promise rejected with no handler by the end of a
/// microtask checkpoint. `function` is a JS function object.
void JSGlobalContextSetUnhandledRejectionCallback(JSGlobalContextRef ctx, JSObjectRef function, JSValueRef *exception);

/// A full, synchronous collection (JSGarbageCollect only hints): tests that check what JS keeps.
void JSSynchronousGarbageCollectForDebugging(JSContextRef ctx);
